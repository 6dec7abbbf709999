package io.proximace.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

  /**
   * A digest of what {@code stage}'s result depends on, so that a journal can tell a finished stage that is still
   * valid. Train and build depend on the docs' files and the index's options and sharding; tune and seek also on the
   * queries' files, the selection and the searcher; seek also on the output partition. Threads, budgets and query
   * shards change no row, and are left out.
   */
  public String key(Stage stage) {
    ObjectNode k = JsonNodeFactory.instance.objectNode();
    k.set("format", PlanCodec.tree(inputs.format()));
    k.set("docs", PlanCodec.tree(inputs.docs().files()));
    k.set("categories", withoutThreads(PlanCodec.tree(inputs.categories())));
    k.put("algorithm", index.algorithm().name()).put("distance", index.distance().name())
        .put("converter", index.converter().name());
    k.set("builder", PlanCodec.tree(index.builder().values()));
    k.put("mapReduce", execution.mapReduce()).put("columns", execution.columns()).put("byCluster", execution.byCluster());
    if (stage == Stage.TUNE || stage == Stage.SEEK) {
      k.set("queries", PlanCodec.tree(inputs.queries().files()));
      k.set("topk", PlanCodec.tree(selection.topk()));
      k.set("threshold", PlanCodec.tree(selection.threshold()));
      k.set("targetRecall", PlanCodec.tree(selection.targetRecall()));
      k.set("searcher", PlanCodec.tree(index.searcher().values()));
    }
    if (stage == Stage.TUNE) {
      k.put("recallSample", selection.recallSample()); // the tuner tunes on a sample of this size
    }
    if (stage == Stage.SEEK) {
      k.set("output", PlanCodec.tree(output));
      k.put("seekRatio", execution.kmeansSeekRatio());
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(k.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The categories' part of a key: their threads and Proxima CE's block split change no row. */
  private static JsonNode withoutThreads(JsonNode categories) {
    if (categories.get("settings") instanceof ObjectNode settings) {
      settings.remove(List.of("threadNum", "rowNum", "colNum"));
    }
    return categories;
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
