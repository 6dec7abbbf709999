package io.proximace.stage;

import io.proximace.Progress;
import io.proximace.Units;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.input.VectorInput;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Selection;
import io.proximace.table.CsvWriter;
import io.proximace.table.Partition;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Table;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.util.Locale;
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
        CsvWriter csv = w.csv();
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
      return new Sought(plan.output().toString(), out.partition(plan.output().partition()).fingerprint(), index.size(), nq, rows);
    }
  }

  /** Queries in chunks, so that a long search shows its progress. */
  private static Neighbors search(Searcher searcher, FloatVectors space, int k, int threads) {
    int nq = space.size();
    int chunk = Math.max(8192, nq / 50);
    if (nq <= chunk) {
      return searcher.search(space, threads);
    }
    Neighbors all = new Neighbors(nq, k);
    try (Progress progress = Progress.start("seek", "queries", nq)) {
      for (int from = 0; from < nq; from += chunk) {
        int n = Math.min(chunk, nq - from);
        Neighbors part = searcher.search(space.select(IntStream.range(from, from + n).toArray()), threads);
        for (int q = 0; q < n; q++) {
          all.put(from + q, part, q);
        }
        progress.add(n);
      }
    }
    return all;
  }

}
