package io.proximace.plan;

import java.util.List;

/**
 * Everything a run will do, resolved and checked once when it opens ({@link Planner}), and never changed after:
 * the stages, the inputs with their files, the index, the placement, what the output keeps, and where it goes.
 * Stages read it; MapReduce tasks receive it through {@link PlanCodec}.
 *
 * @param stages {@code -job_mode}
 * @param volumeFiles {@code odps://} files copied into the job's working directory before the stages
 * @param volumeArchives {@code odps://} archives unpacked there
 * @param resume {@code -resume} (ours): reuse what an interrupted run of the same command finished
 */
public record RunPlan(JobMode stages, Inputs inputs, IndexPlan index, Execution execution, Selection selection,
    OutputRef output, List<String> volumeFiles, List<String> volumeArchives, boolean resume) {
  public RunPlan {
    volumeFiles = List.copyOf(volumeFiles);
    volumeArchives = List.copyOf(volumeArchives);
  }

  /** This plan with another index (a tuned searcher, a category's linear index). */
  public RunPlan with(IndexPlan i) {
    return new RunPlan(stages, inputs, i, execution, selection, output, volumeFiles, volumeArchives, resume);
  }

  /** This plan with another execution (a task's threads). */
  public RunPlan with(Execution e) {
    return new RunPlan(stages, inputs, index, e, selection, output, volumeFiles, volumeArchives, resume);
  }

  /** The folder of the run's reports, relative to the volume: {@code <owner>/runs/<project>.<table>/pt=<value>/}. */
  public String reportFolder() {
    return index.owner() + "/runs/" + output.table() + "/pt=" + output.partition() + "/";
  }

  /** Whether docs and queries have categories. */
  public boolean categorized() {
    return inputs.categories() != null;
  }

  /** Components per vector. */
  public int dimension() {
    return inputs.format().dimension();
  }

  /** Search and build threads. */
  public int threads() {
    return execution.threads();
  }
}
