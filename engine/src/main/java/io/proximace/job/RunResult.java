package io.proximace.job;

import java.util.Map;

/**
 * What a run did, for the summary line and for tests.
 *
 * @param stageSeconds wall time of each stage that ran, in order
 * @param docs docs indexed (or in the reused index)
 * @param queries queries searched
 * @param rowsWritten rows written to the output partition
 * @param recall Recall@k for each k of {@code -topk}, when the recall stage or the recall check measured it
 * @param recallQueries queries it sampled
 * @param output {@code project.table/pt=value} written
 * @param index where the index is on the volume, and whether it was kept
 * @param workDir the job's working directory when startup files were fetched, else null
 * @param plan where the run executed and how it was split
 * @param report the {@code odps://} url of report.html, or null when it could not be written
 */
public record RunResult(Map<Stage, Double> stageSeconds, long docs, long queries, long rowsWritten,
    Map<Integer, Double> recall, int recallQueries, String output, String index, boolean indexKept, String workDir, Plan plan, String report) {

  /** This result with the job's working directory moved to {@code dir}. */
  public RunResult withWorkDir(String dir) {
    return new RunResult(stageSeconds, docs, queries, rowsWritten, recall, recallQueries, output, index, indexKept, dir, plan, report);
  }

  /** This result with the report's url. */
  public RunResult withReport(String url) {
    return new RunResult(stageSeconds, docs, queries, rowsWritten, recall, recallQueries, output, index, indexKept, workDir, plan, url);
  }
}
