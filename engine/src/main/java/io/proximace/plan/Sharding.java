package io.proximace.plan;

import io.proximace.ProximaException;
import java.util.Locale;

/**
 * How a run is placed and split: {@code -mode}, {@code -column_num} doc shards and {@code -row_num} query
 * shards (0: computed from sizes), {@code -sharding_mode hash|cluster}, {@code -kmeans_cluster_num},
 * {@code -kmeans_seek_ratio}, and the memory budget that decides between local and MapReduce.
 *
 * @param columnNum doc shards, or 0 to size them to the budget
 * @param rowNum query shards, or 0 to size them to the budget
 * @param byCluster docs go to the shard of their nearest k-means centroid, not by pk hash
 * @param kmeansClusterNum centroids (= shards) of cluster sharding, or 0 for the column count
 * @param kmeansSeekRatio the fraction of nearest shards a query visits with cluster sharding
 * @param memoryBudgetMb the memory one JVM (or one task) may fill with docs and queries, or 0 for half the heap
 */
public record Sharding(ExecutionMode mode, int columnNum, int rowNum, boolean byCluster, int kmeansClusterNum,
    double kmeansSeekRatio, long memoryBudgetMb) {
  /** Proxima CE's limit on {@code column_num x row_num}: the product must stay below it. */
  public static final int MAX_CELLS = 99_999;

  /** Auto placement, shards sized to the budget, hash sharding. */
  public static final Sharding DEFAULT = new Sharding(ExecutionMode.AUTO, 0, 0, false, 0, 0.2, 0);

  public Sharding {
    if (columnNum < 0 || rowNum < 0) {
      throw new ProximaException("-column_num and -row_num must be 0 (computed) or positive, not " + columnNum + " and " + rowNum);
    }
    if ((long) Math.max(columnNum, 1) * Math.max(rowNum, 1) >= MAX_CELLS) {
      throw new ProximaException("-column_num " + columnNum + " x -row_num " + rowNum + " must stay below " + MAX_CELLS);
    }
    if (!(kmeansSeekRatio > 0 && kmeansSeekRatio <= 1)) {
      throw new ProximaException("-kmeans_seek_ratio must be in (0, 1], not " + kmeansSeekRatio);
    }
    if (kmeansClusterNum < 0) {
      throw new ProximaException("-kmeans_cluster_num must be positive, not " + kmeansClusterNum);
    }
    if (!byCluster && kmeansClusterNum > 0) {
      throw new ProximaException("-kmeans_cluster_num needs -sharding_mode cluster");
    }
    if (byCluster && kmeansClusterNum > 0 && columnNum > 0 && kmeansClusterNum != columnNum) {
      throw new ProximaException("with -sharding_mode cluster each k-means cluster is a doc shard: -kmeans_cluster_num "
          + kmeansClusterNum + " and -column_num " + columnNum + " disagree (give one of them)");
    }
    if (memoryBudgetMb < 0) {
      throw new ProximaException("-memory_budget_mb must be positive, not " + memoryBudgetMb);
    }
  }

  /** Parses {@code -sharding_mode}: true for {@code cluster}. */
  public static boolean parseByCluster(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "hash" -> false;
      case "cluster" -> true;
      default -> throw new ProximaException("unknown -sharding_mode '" + text + "': expected hash or cluster");
    };
  }

  /** The doc shards asked for: {@code -kmeans_cluster_num} in cluster mode, else {@code -column_num}; 0 when computed. */
  public int shardsAskedFor() {
    return byCluster && kmeansClusterNum > 0 ? kmeansClusterNum : columnNum;
  }
}
