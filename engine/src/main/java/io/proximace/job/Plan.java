package io.proximace.job;

/**
 * Where a run executes and how it is split, with the numbers that decided it.
 *
 * @param mapReduce whether build and seek run as MapReduce jobs
 * @param columns doc shards (one index each)
 * @param rows query shards
 * @param docRows docs, estimated from the partition's size and a sample of its rows
 * @param docBytes memory the docs' index needs, estimated
 * @param queryRows queries, estimated likewise
 * @param queryBytes memory the queries and their results need, estimated
 * @param budget the memory budget in bytes
 * @param reason why this placement, for the log
 */
public record Plan(boolean mapReduce, int columns, int rows, long docRows, long docBytes, long queryRows, long queryBytes,
    long budget, String reason) {

  /** One line for the log. */
  public String describe() {
    String where = mapReduce ? "mapreduce, " + columns + " doc shard" + (columns == 1 ? "" : "s") + " x " + rows
        + " query shard" + (rows == 1 ? "" : "s") : "local";
    return where + " (" + reason + ")";
  }
}
