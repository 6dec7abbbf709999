package io.proximace.plan;

/**
 * Where a run executes and how it is split, with the numbers that decided it.
 *
 * @param mapReduce whether build and seek run as MapReduce jobs
 * @param columns doc shards (one index each)
 * @param rows query shards
 * @param byCluster docs go to the shard of their nearest k-means centroid, not by pk hash ({@code -sharding_mode})
 * @param kmeansSeekRatio the fraction of nearest shards a query visits with cluster sharding
 * @param threads search and build threads (of one task, under MapReduce)
 * @param docBytes memory the docs' index needs, estimated
 * @param queryBytes memory the queries and their results need, estimated
 * @param budget the memory budget in bytes
 * @param reason why this placement, for the log
 */
public record Execution(boolean mapReduce, int columns, int rows, boolean byCluster, double kmeansSeekRatio, int threads,
    long docBytes, long queryBytes, long budget, String reason) {

  /** This execution on {@code n} threads: what a MapReduce task uses, given its container's cores. */
  public Execution withThreads(int n) {
    return new Execution(mapReduce, columns, rows, byCluster, kmeansSeekRatio, n, docBytes, queryBytes, budget, reason);
  }

  /** Whether docs go to shards by nearest centroid: MapReduce with {@code -sharding_mode cluster}. */
  public boolean routes() {
    return mapReduce && byCluster;
  }

  /** One line for the log. */
  public String describe() {
    String where = mapReduce ? "mapreduce, " + columns + " doc shard" + (columns == 1 ? "" : "s") + " x " + rows
        + " query shard" + (rows == 1 ? "" : "s") : "local";
    return where + " (" + reason + ")";
  }
}
