package io.proximace.plan;

import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.util.Locale;

/**
 * Decides where a run executes and into how many shards it splits, from estimated memory: the docs' index
 * ({@link #bytesPerDoc}) plus the queries and their results, against a budget ({@code -memory_budget_mb},
 * else half of this JVM's heap). {@code -mode auto} runs locally when the run fits the budget and as
 * MapReduce otherwise; {@code -mode local} refuses a run that does not fit rather than dying of
 * OutOfMemoryError. Shards: {@code column_num = ceil(doc bytes / (budget / 2))} and
 * {@code row_num = ceil(query bytes / (budget / 2))}, so that one seek task holds one doc shard and one
 * query shard within the budget.
 */
final class Placement {
  /** Rows read from the start of a partition to learn its average row length. */
  private static final int SAMPLE_ROWS = 2000;

  private Placement() {}

  /** Rows of a partition and the average length of a pk, estimated. */
  record Estimate(long rows, long pkBytes) {}

  /** An index built before: its docs and doc shards. */
  record Built(long docs, int shards) {}

  static Execution place(JobSpec spec, IndexPlan index, Estimate docs, Estimate queries, Built built, boolean categorized,
      boolean mapReduceAvailable) {
    Sharding sh = spec.sharding();
    long budget = sh.memoryBudgetMb() > 0 ? sh.memoryBudgetMb() << 20 : Runtime.getRuntime().maxMemory() / 2;
    String budgetText = Units.bytes(budget) + (sh.memoryBudgetMb() > 0 ? " (-memory_budget_mb)" : " (half the heap)");
    long docBytes = docs.rows() * bytesPerDoc(spec, index, docs.pkBytes());
    long queryBytes = queries.rows() * bytesPerQuery(spec, index, queries.pkBytes());
    int shardsBuilt = built == null ? 0 : built.shards();
    if (shardsBuilt > 1 && sh.mode() == ExecutionMode.LOCAL) {
      throw new ProximaException("-mode local: the index at " + index.url() + " has " + shardsBuilt
          + " shards (built by MapReduce); seek it with -mode mapreduce or -mode auto");
    }
    long need = docBytes + queryBytes;
    String sizes = String.format(Locale.ROOT, "about %s for %,d docs and %,d queries, budget %s", Units.bytes(need), docs.rows(),
        queries.rows(), budgetText);

    boolean mapReduce;
    String reason;
    if (shardsBuilt > 1) {
      mapReduce = true;
      reason = "the index has " + shardsBuilt + " shards; " + sizes;
    } else {
      mapReduce = switch (sh.mode()) {
        case LOCAL -> {
          if (need > budget) {
            throw new ProximaException("-mode local: the run needs " + sizes + ", more than fits: run "
                + "with -mode mapreduce (or auto), raise -memory_budget_mb, or give the JVM more heap (-Xmx)");
          }
          yield false;
        }
        case MAPREDUCE -> true;
        case AUTO -> need > budget;
      };
      reason = switch (sh.mode()) {
        case LOCAL -> "-mode local; " + sizes;
        case MAPREDUCE -> "-mode mapreduce; " + sizes;
        case AUTO -> (mapReduce ? "more than the budget: " : "fits: ") + sizes;
      };
    }
    if (mapReduce && (categorized || spec.targetRecall() != null)) {
      String what = categorized ? "multi-category search" : "-target_recall";
      if (sh.mode() == ExecutionMode.MAPREDUCE) {
        throw new ProximaException(what + " runs in one JVM in this version: use -mode local or auto");
      }
      throw new ProximaException(what + " runs in one JVM in this version, and this run needs " + sizes
          + ": give the JVM more heap (-Xmx) and raise -memory_budget_mb");
    }
    if (mapReduce && !mapReduceAvailable) {
      throw new ProximaException("this run needs MapReduce (" + reason + "), which this build does not include");
    }
    if (!mapReduce) {
      return new Execution(false, 1, 1, sh.byCluster(), sh.kmeansSeekRatio(), spec.threads(), docBytes, queryBytes, budget, reason);
    }
    long half = Math.max(budget / 2, 1);
    int columns = shardsBuilt > 0 ? shardsBuilt
        : sh.shardsAskedFor() > 0 ? sh.shardsAskedFor() : (int) Math.clamp((docBytes + half - 1) / half, 1, Sharding.MAX_CELLS);
    int rows = sh.rowNum() > 0 ? sh.rowNum() : (int) Math.clamp((queryBytes + half - 1) / half, 1, Sharding.MAX_CELLS);
    if ((long) columns * rows >= Sharding.MAX_CELLS) {
      throw new ProximaException(columns + " doc shards x " + rows + " query shards must stay below " + Sharding.MAX_CELLS
          + " (" + sizes + "): raise -memory_budget_mb, or give -column_num and -row_num");
    }
    return new Execution(true, columns, rows, sh.byCluster(), sh.kmeansSeekRatio(), spec.threads(), docBytes, queryBytes, budget,
        reason);
  }

  /**
   * Memory one doc takes while its index is built and searched: the vector (twice when a transform copies
   * it; one byte per component for int8 docs searched exactly without a converter), its pk and pk rank, and for hnsw the graph (at most 16
   * bytes per neighbour slot while it is built: lists with their distances and room to overflow, then the final copy).
   */
  static long bytesPerDoc(JobSpec spec, IndexPlan index, long pkBytes) {
    long pk = (spec.pkType() == PkType.INT64 ? 8 : pkBytes + 4) + 4;
    if (spec.dataType() == DataType.BINARY) {
      return spec.dimension() / 8 + pk;
    }
    if (spec.dataType() == DataType.INT8 && spec.algorithm() == Algorithm.LINEAR && !index.transforms()) {
      return spec.dimension() + pk; // one byte per component, read straight into the int8 blocks
    }
    long vec = 4L * (spec.dimension() + (spec.distance().augments(spec.algorithm()) ? 1 : 0));
    long copies = index.transforms() ? 2 : 1;
    return switch (spec.algorithm()) {
      case LINEAR -> vec * copies + pk;
      // neighbour slots while building: (id, rank) per slot with room to overflow, then the final ids; and the codes
      case HNSW -> vec * copies + pk + (long) Math.ceil(spec.builderParams().getInt("proxima.hnsw.builder.max_neighbor_count")
          * (8 * spec.builderParams().getDouble("proxima.hnsw.builder.neighbor_overflow") + 4)) + spec.dimension() + 4 + 64;
      case QC -> vec * copies + pk + 8;
    };
  }

  /** Memory one query takes while it is searched: its vector (and transformed copy), pk, and top-k slots. */
  static long bytesPerQuery(JobSpec spec, IndexPlan index, long pkBytes) {
    long vec = 4L * (spec.dimension() + 1) * (index.transforms() ? 2 : 1);
    return vec + pkBytes + 8 + 8L * spec.topk()[spec.topk().length - 1];
  }

  /**
   * Rows of a partition, from its size and the average length of its first rows; exact when it is small, or when
   * its files record their rows (Parquet).
   */
  static Estimate estimate(Partition p) throws IOException {
    long bytes = 0;
    long pk = 0;
    int n = 0;
    boolean more;
    int pkCol = p.table().schema().indexOf("pk");
    long recorded = p.recordedRows();
    try (PartitionReader r = p.open()) {
      while ((more = r.next()) && n < SAMPLE_ROWS) {
        n++;
        pk += r.end(pkCol) - r.start(pkCol);
        for (int f = 0; recorded < 0 && f < r.fieldCount(); f++) {
          bytes += r.end(f) - r.start(f) + 1; // the separator or newline after it
        }
      }
    }
    if (n == 0) {
      return new Estimate(0, 0);
    }
    long rows = recorded >= 0 ? recorded : more ? Math.max(n, Math.round((double) p.bytes() / bytes * n)) : n;
    return new Estimate(rows, pk / n);
  }
}
