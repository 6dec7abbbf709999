package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.table.Partition;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -target_recall R} (ours): before the seek, measures Recall@topk on the sampled queries (the recall
 * stage's sample, against exact search) for growing search effort, hnsw's {@code ef} or qc's
 * {@code scan_ratio}, and has the seek use the smallest that reaches R. The recall stage then confirms it
 * on the output.
 */
final class Tuner {
  private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
  private static final double[] SCAN_RATIOS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};

  private Tuner() {}

  /** The searcher key that sets the effort of {@code algo}. */
  static String knob(Algorithm algo) {
    return algo == Algorithm.HNSW ? "proxima.hnsw.searcher.ef" : "proxima.qc.searcher.scan_ratio";
  }

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    double target = spec.targetRecall();
    int k = spec.maxTopk();
    Partition qp = ctx.queryPartition();
    VectorInput.Rows read = VectorInput.readRows(qp, spec, "query");
    int[] sample = RecallStage.sample(read.vectors().size(), spec.recallSample());
    if (sample.length == 0) {
      LOG.warn("tune: no queries to sample; searching with the default effort");
      return;
    }
    Transform truthSpace = new Transform(spec.dimension(), spec.converter() == Converter.NORMALIZE, 0, 0, 0, false);
    FloatVectors raw = read.vectors().select(sample);
    List<List<RecallStage.Candidate>> truth = RecallStage.exactNeighbors(ctx, spec, truthSpace.queries(raw), null, truthSpace);
    String knob = knob(spec.algorithm());
    List<double[]> curve = new ArrayList<>();
    JobSpec chosen = null;
    try (SeekStage.Searcher s = SeekStage.Searcher.open(ctx.indexFs, ctx.indexDir, ctx.indexUrl, spec)) {
      FloatVectors prepared = s.prepare(raw);
      for (double effort : efforts(spec, s.index().size())) {
        JobSpec tried = withEffort(spec, knob, effort);
        long t0 = System.nanoTime();
        Neighbors found = s.index().search(prepared, k, tried.searcherParams(), spec.threads());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double recall = RecallStage.recallAt(k, truth, pks(found, s.index().pks()));
        recall = Double.isNaN(recall) ? 1 : recall; // nothing to find (a threshold dropped it all): any effort does
        curve.add(new double[] {effort, recall, sample.length / Math.max(seconds, 1e-9)});
        chosen = tried;
        if (recall >= target) {
          break;
        }
      }
    }
    double[] last = curve.get(curve.size() - 1);
    StringJoiner points = new StringJoiner(", ");
    curve.forEach(p -> points.add(String.format(Locale.ROOT, "%s %.4f", format(p[0]), p[1])));
    if (last[1] >= target) {
      LOG.info("tune: {} {} reaches Recall@{} {} >= {} on {} sampled queries (tried: {})", knob, format(last[0]), k,
          String.format(Locale.ROOT, "%.4f", last[1]), target, sample.length, points);
    } else {
      LOG.warn("tune: no {} reaches Recall@{} {} on {} sampled queries; searching with the largest tried, {} (recall {}): {}",
          knob, k, target, sample.length, format(last[0]), String.format(Locale.ROOT, "%.4f", last[1]), points);
    }
    ctx.tuned = chosen;
    ctx.sampledTruth = truth;
    ctx.tuning = curve;
  }

  /** Efforts to try, smallest first: ef from topk growing by half up to the docs (hnsw), or fixed scan ratios (qc). */
  static List<Double> efforts(JobSpec spec, int docs) {
    List<Double> out = new ArrayList<>();
    if (spec.algorithm() == Algorithm.HNSW) {
      int cap = Math.max(spec.maxTopk(), Math.min(docs, 8192));
      for (int ef = Math.max(spec.maxTopk(), 10); ; ef = (int) Math.ceil(ef * 1.5)) {
        out.add((double) Math.min(ef, cap));
        if (ef >= cap) {
          return out;
        }
      }
    }
    if (spec.algorithm() != Algorithm.QC) {
      throw new ProximaException("-target_recall tunes hnsw and qc, not " + spec.algorithm().optionName());
    }
    for (double r : SCAN_RATIOS) {
      out.add(r);
    }
    return out;
  }

  private static JobSpec withEffort(JobSpec spec, String knob, double effort) {
    StringJoiner json = new StringJoiner(",", "{", "}");
    spec.searcherParams().givenValues().forEach((key, v) -> json.add("\"" + key + "\":" + v));
    json.add("\"" + knob + "\":" + format(effort));
    return spec.toBuilder().targetRecall(null).searcherParams(json.toString()).build();
  }

  private static String format(double effort) {
    return effort == Math.rint(effort) && effort >= 1 ? Long.toString((long) effort) : Double.toString(effort);
  }

  /** Each query's found doc pks, best first. */
  private static List<List<String>> pks(Neighbors found, Pks pks) {
    List<List<String>> out = new ArrayList<>();
    for (int q = 0; q < found.queries(); q++) {
      List<String> row = new ArrayList<>();
      for (int i = 0; i < found.count(q); i++) {
        row.add(pks.text(found.id(q, i)));
      }
      out.add(row);
    }
    return out;
  }
}
