package io.proximace.stage;

import io.proximace.Progress;
import io.proximace.Units;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.input.VectorInput;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Selection;
import io.proximace.table.RowWriter;
import io.proximace.table.Partition;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Table;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the index from the volume, searches every query, and replaces the output partition with one
 * row per (query, neighbour), queries in input order, each query's rows by (score, doc pk).
 */
public final class SeekStage {
  private static final Logger LOG = LoggerFactory.getLogger(SeekStage.class);

  private SeekStage() {}

  static Sought run(Workspace ws, RunPlan plan) throws IOException {
    long t0 = System.nanoTime();
    Selection sel = plan.selection();
    int k = sel.maxTopk();
    try (Searcher searcher = Searcher.open(ws.fs(), ws.indexDir(), ws.indexUrl(), plan)) {
      VectorIndex index = searcher.index();
      LOG.info("seek: loaded the {} index of {} docs from {} in {}", plan.index().algorithm().optionName(), index.size(),
          ws.indexUrl(), Units.seconds(t0));

      long t1 = System.nanoTime();
      Partition qp = ws.partition(plan.inputs().queries());
      VectorInput.Rows queries = VectorInput.readRows(qp, plan.inputs().format(), "query");
      PkOrder.ranks(queries.pks(), "query table " + qp.table().name() + ", partition " + plan.inputs().queries().column()
          + "=" + qp.value());
      FloatVectors space = searcher.prepare(queries.vectors());
      int nq = space.size();
      LOG.info("seek: read {} queries from {} in {}", nq, qp, Units.seconds(t1));
      if (nq == 0) {
        LOG.warn("seek: query partition {} has no rows; the output partition will be empty", qp);
      }

      long t2 = System.nanoTime();
      Neighbors result = search(searcher, space, k, plan.threads());
      double searchSeconds = (System.nanoTime() - t2) / 1e9;
      LOG.info("seek: searched {} queries x {} docs, top {}, {}{}on {} threads in {}{}", nq, index.size(), k,
          plan.index().algorithm().optionName(),
          plan.index().searcher().values().isEmpty() ? " " : " " + plan.index().searcher() + " ", plan.threads(),
          Units.seconds(t2), searchSeconds < 0.05 ? "" : String.format(Locale.ROOT, " (%.0f queries/s)", nq / searchSeconds));

      long t3 = System.nanoTime();
      Table out = ws.outputTable(plan.output());
      long rows;
      try (PartitionWriter w = out.overwrite(plan.output().partition())) {
        RowWriter csv = w.writer();
        Pks docPks = index.pks();
        for (int q = 0; q < nq; q++) {
          for (int i = 0; i < result.count(q); i++) {
            float score = searcher.score(result, q, i, space);
            if (!sel.keeps(score)) {
              break; // rows come best first: the rest are worse still
            }
            queries.pks().writeField(csv, q);
            docPks.writeField(csv, result.id(q, i));
            csv.field(score);
            csv.endRow();
          }
        }
        rows = w.rows();
        w.commit();
      }
      LOG.info("seek: wrote {} rows to {} in {}", rows, plan.output(), Units.seconds(t3));
      return new Sought(plan.output().toString(), out.partition(plan.output().partition()).fingerprint(), index.size(), nq, rows, null);
    }
  }

  /** The first chunk of queries: small, so that the first progress line comes within a second or so. */
  static final int FIRST_CHUNK = 256;
  /** The fewest queries in a chunk, so that every thread has work in each. */
  static final int MIN_CHUNK = 64;
  /** The time a chunk should take: short against {@link Progress}'s intervals, long against a search's setup. */
  static final long CHUNK_NANOS = 1_000_000_000L;

  private static Neighbors search(Searcher searcher, FloatVectors space, int k, int threads) {
    try (Progress progress = Progress.start("seek", "queries", space.size())) {
      return inChunks(space, k, FIRST_CHUNK, q -> searcher.search(q, threads), progress, System::nanoTime);
    }
  }

  /**
   * Searches the queries in chunks, each sized from the last one's rate to take about {@link #CHUNK_NANOS},
   * counting each into {@code progress}, so that progress shows by time whatever the query count. Each query's
   * neighbours do not depend on the other queries searched with it, so the result is that of one search.
   */
  static Neighbors inChunks(FloatVectors space, int k, int first, Function<FloatVectors, Neighbors> search,
      Progress progress, LongSupplier clock) {
    int nq = space.size();
    Neighbors all = new Neighbors(nq, k);
    int chunk = first;
    for (int from = 0; from < nq; ) {
      int n = Math.min(chunk, nq - from);
      long t = clock.getAsLong();
      Neighbors part = search.apply(space.select(IntStream.range(from, from + n).toArray()));
      for (int q = 0; q < n; q++) {
        all.put(from + q, part, q);
      }
      progress.add(n);
      from += n;
      chunk = nextChunk(n, clock.getAsLong() - t);
    }
    return all;
  }

  /** The next chunk after {@code n} queries took {@code nanos}: about {@link #CHUNK_NANOS}, growing at most 4 times. */
  static int nextChunk(int n, long nanos) {
    double fit = (double) n * CHUNK_NANOS / Math.max(nanos, 1);
    return (int) Math.max(MIN_CHUNK, Math.min(fit, 4.0 * n));
  }
}
