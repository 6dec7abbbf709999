package io.proximace.run;

import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import io.proximace.stage.RecallEstimate;
import io.proximace.stage.MapReduceJob;
import io.proximace.stage.Tuned;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, for the summary line, the report and tests.
 *
 * @param stages each stage that ran or was resumed, in order, with its time
 * @param docs docs indexed (or in the reused index)
 * @param queries queries searched
 * @param rowsWritten rows written to the output partition
 * @param recall Recall@k for each k of {@code -topk}, when the recall stage or the recall check measured it
 * @param recallQueries queries it sampled
 * @param recallEstimates for each k, Recall@k with the queries it averages and its interval
 * @param output {@code project.table/pt=value} written
 * @param index where the index is on the volume, and whether it was kept
 * @param workDir the job's working directory when startup files were fetched, else null
 * @param plan the run's plan: where it executed and how it was split
 * @param tuned what {@code -target_recall} chose, or null
 * @param builtWith the index's builder parameters in effect, as its manifest recorded them; null when unknown
 * @param jobs the MapReduce job of each stage that ran one ({@code build}, {@code seek}), in order
 * @param report the {@code odps://} url of report.html, or null when it could not be written
 */
public record RunResult(List<StageRun> stages, long docs, long queries, long rowsWritten, Map<Integer, Double> recall,
    int recallQueries, Map<Integer, RecallEstimate> recallEstimates, String output, String index, boolean indexKept, String workDir, RunPlan plan,
    Tuned tuned, Map<String, Object> builtWith, Map<String, MapReduceJob> jobs, String report) {

  /** Seconds of each stage this run spent, in order. */
  public Map<Stage, Double> stageSeconds() {
    Map<Stage, Double> out = new LinkedHashMap<>();
    stages.forEach(s -> out.put(s.stage(), s.seconds()));
    return out;
  }

  /** This result with the job's working directory moved to {@code dir}. */
  public RunResult withWorkDir(String dir) {
    return new RunResult(stages, docs, queries, rowsWritten, recall, recallQueries, recallEstimates, output, index, indexKept, dir, plan,
        tuned, builtWith, jobs, report);
  }

  /** This result with the report's url. */
  public RunResult withReport(String url) {
    return new RunResult(stages, docs, queries, rowsWritten, recall, recallQueries, recallEstimates, output, index, indexKept, workDir,
        plan, tuned, builtWith, jobs, url);
  }
}
