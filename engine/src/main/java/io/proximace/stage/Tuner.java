package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.index.HnswIndex;
import io.proximace.index.Params;
import io.proximace.input.VectorInput;
import io.proximace.model.Transform;
import io.proximace.plan.Algorithm;
import io.proximace.plan.RunPlan;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -target_recall R} (ours): before the seek, measures Recall@topk against exact search for growing search
 * effort, hnsw's {@code ef} or qc's {@code scan_ratio}, and has the seek use the smallest effort that reaches R: up a
 * ladder of fixed steps until one reaches it, then bisecting between the last step that missed and the first that
 * reached. It tunes on half of a sample of twice {@code -recall_sample} queries; the other half, queries it did not
 * tune on, confirms the choice, and the recall check or stage later measures the output on those same held-out queries.
 */
public final class Tuner {
  private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
  private static final double[] SCAN_RATIOS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};
  /**
   * Bisections between the last effort that missed and the first that reached: qc's ladder steps by up to 2.5x, so
   * the choice ends within 2.5^(1/8) = 1.12x of the smallest effort that reaches the target; hnsw's steps by 1.5x,
   * halved three times, so within 1.06x.
   */
  private static final int BISECTIONS = 3;
  /** Passes timed at each effort; the queries per second come from the fastest. */
  private static final int TIMED_PASSES = 3;

  private Tuner() {}

  /** The effort a search with {@code params} uses: the value of {@code algo}'s effort key, or the default. */
  public static double effort(Algorithm algo, Params params, int k) {
    return algo == Algorithm.HNSW ? HnswIndex.ef(params, k) : params.getDouble(algo.effortKey());
  }

  /** The effort {@code plan} reaches {@code -target_recall} with; the default effort when there are no queries to tune on. */
  public static Tuned run(Workspace ws, RunPlan plan) throws IOException {
    Algorithm algo = plan.index().algorithm();
    double target = plan.selection().targetRecall();
    int k = plan.selection().maxTopk();
    int threads = plan.threads();
    Params base = plan.index().searcher();
    VectorInput.Rows read = VectorInput.readRows(ws.partition(plan.inputs().queries()), plan.inputs().format(), "query");
    int[][] halves = split(read.vectors().size(), plan.selection().recallSample());
    int[] tune = halves[0];
    int[] held = halves[1];
    if (tune.length == 0) {
      LOG.warn("tune: no queries to sample; searching with the default effort");
      return new Tuned(base, effort(algo, base, k), List.of(), null);
    }
    int[] both = IntStream.concat(Arrays.stream(tune), Arrays.stream(held)).toArray();
    Transform truthSpace = Transform.truth(plan.index(), plan.dimension());
    FloatVectors raw = read.vectors().select(both);
    List<List<RecallStage.Candidate>> truth = RecallStage.exactNeighbors(ws, plan, truthSpace.queries(raw), null, truthSpace);
    List<List<RecallStage.Candidate>> heldTruth = truth.subList(tune.length, both.length);
    String knob = algo.effortKey();
    Map<Double, Tuned.Point> curve = new TreeMap<>();
    double chosen;
    double[] confirmed = null;
    try (Searcher s = Searcher.open(ws.fs(), ws.indexDir(), ws.indexUrl(), plan)) {
      FloatVectors prepared = s.prepare(raw);
      FloatVectors tuneQueries = prepared.select(IntStream.range(0, tune.length).toArray());
      DoubleUnaryOperator recallAt = effort -> {
        Neighbors found = null;
        double seconds = Double.MAX_VALUE;
        // the fastest of a few passes: one pass of a few hundred queries takes milliseconds, and a GC pause or another
        // process in one of them would otherwise decide the figure (the search is the same each time)
        for (int pass = 0; pass < TIMED_PASSES; pass++) {
          long t0 = System.nanoTime();
          found = s.search(tuneQueries, withEffort(base, algo, effort), threads);
          seconds = Math.min(seconds, (System.nanoTime() - t0) / 1e9);
        }
        double recall = RecallStage.recallAt(k, truth.subList(0, tune.length), pks(found, s.index().pks()));
        recall = Double.isNaN(recall) ? 1 : recall; // nothing to find (a threshold dropped it all): any effort does
        curve.put(effort, new Tuned.Point(effort, recall, tune.length / Math.max(seconds, 1e-9)));
        return recall;
      };
      List<Double> ladder = efforts(algo, k, s.index().size());
      // one untimed pass first, so that the first step's queries/s does not pay for JIT compilation and cold caches
      s.search(tuneQueries, withEffort(base, algo, ladder.get(0)), threads);
      chosen = choose(ladder, algo, target, recallAt);
      if (held.length > 0) {
        FloatVectors heldQueries = prepared.select(IntStream.range(tune.length, both.length).toArray());
        Neighbors found = s.search(heldQueries, withEffort(base, algo, chosen), threads);
        confirmed = meanAndError(RecallStage.perQuery(k, heldTruth, pks(found, s.index().pks())));
      }
    }
    StringJoiner points = new StringJoiner(", ");
    curve.values().forEach(p -> points.add(String.format(Locale.ROOT, "%s %.4f", format(p.effort()), p.recall())));
    double tuned = curve.get(chosen).recall();
    if (tuned >= target) {
      LOG.info("tune: {} {} reaches Recall@{} {} >= {} on {} sampled queries (tried: {})", knob, format(chosen), k,
          String.format(Locale.ROOT, "%.4f", tuned), target, tune.length, points);
    } else {
      LOG.warn("tune: no {} reaches Recall@{} {} on {} sampled queries; searching with the largest tried, {} (recall {}): {}",
          knob, k, target, tune.length, format(chosen), String.format(Locale.ROOT, "%.4f", tuned), points);
    }
    if (confirmed == null) {
      LOG.warn("tune: no held-out queries to confirm the choice on (the query partition has {})", read.vectors().size());
    } else if (tuned >= target && confirmed[0] < target - 2 * confirmed[1]) {
      // the ladder stops at the first effort that reaches the target on the tuning queries, so other queries fall a
      // little short about as often as not; only a miss beyond twice the standard error says the choice does not hold
      LOG.warn("tune: on {} held-out queries (not tuned on) {} {} reaches only Recall@{} {}, below {} by more than "
          + "sampling noise (2 standard errors: {}): raise -target_recall, or -recall_sample to tune on more queries",
          held.length, knob, format(chosen), k, String.format(Locale.ROOT, "%.4f", confirmed[0]), target,
          String.format(Locale.ROOT, "%.4f", 2 * confirmed[1]));
    } else {
      LOG.info("tune: on {} held-out queries (not tuned on): Recall@{} {} (2 standard errors: {})", held.length, k,
          String.format(Locale.ROOT, "%.4f", confirmed[0]), String.format(Locale.ROOT, "%.4f", 2 * confirmed[1]));
    }
    return new Tuned(withEffort(base, algo, chosen), chosen, List.copyOf(curve.values()),
        held.length > 0 ? new RecallStage.Truth(held, heldTruth) : null);
  }

  /**
   * The smallest effort whose recall reaches {@code target}: up the {@code ladder} until a step reaches it, then
   * {@link #BISECTIONS} bisections between the last step that missed and the first that reached (recall grows with
   * effort); the largest step when none reaches it.
   */
  static double choose(List<Double> ladder, Algorithm algo, double target, DoubleUnaryOperator recallAt) {
    Double missed = null;
    Double reached = null;
    for (double effort : ladder) {
      if (recallAt.applyAsDouble(effort) >= target) {
        reached = effort;
        break;
      }
      missed = effort;
    }
    for (int i = 0; reached != null && missed != null && i < BISECTIONS; i++) {
      double mid = between(algo, missed, reached);
      if (mid <= missed || mid >= reached) {
        break;
      }
      if (recallAt.applyAsDouble(mid) >= target) {
        reached = mid;
      } else {
        missed = mid;
      }
    }
    return reached != null ? reached : missed;
  }

  /**
   * The tuner's two disjoint halves of a sample of {@code 2 m} of {@code n} queries (the recall stage's sample
   * function): {@code [0]} to tune on, {@code [1]} held out to confirm on. The sample is in partition order and
   * alternates between the halves, so that both spread over the whole partition; with fewer than {@code 2 m}
   * queries, each half has about half of them.
   */
  static int[][] split(int n, int m) {
    int[] both = RecallStage.sample(n, 2 * m);
    int[] tune = new int[(both.length + 1) / 2];
    int[] held = new int[both.length / 2];
    for (int i = 0; i < both.length; i++) {
      if (i % 2 == 0) {
        tune[i / 2] = both[i];
      } else {
        held[i / 2] = both[i];
      }
    }
    return new int[][] {tune, held};
  }

  /**
   * An effort between {@code lo} and {@code hi}: the middle ef (hnsw), or the geometric middle ratio (qc's ladder is
   * geometric) to 3 digits, readable in logs and close enough not to widen the bisection's bound.
   */
  static double between(Algorithm algo, double lo, double hi) {
    if (algo == Algorithm.HNSW) {
      return Math.floor((lo + hi) / 2);
    }
    return new BigDecimal(Math.sqrt(lo * hi)).round(new MathContext(3)).doubleValue();
  }

  /** The mean of the per-query recalls that are numbers, and its standard error; 1 and 0 when none is. */
  static double[] meanAndError(double[] perQuery) {
    double[] xs = Arrays.stream(perQuery).filter(x -> !Double.isNaN(x)).toArray();
    if (xs.length == 0) {
      return new double[] {1, 0};
    }
    double mean = Arrays.stream(xs).average().orElse(1);
    if (xs.length == 1) {
      return new double[] {mean, 1}; // one query says nothing about the noise: never beyond it
    }
    double ss = Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum();
    return new double[] {mean, Math.sqrt(ss / (xs.length - 1) / xs.length)};
  }

  /** Efforts to try, smallest first: ef from topk growing by half up to the docs (hnsw), or fixed scan ratios (qc). */
  static List<Double> efforts(Algorithm algo, int k, int docs) {
    List<Double> out = new ArrayList<>();
    if (algo == Algorithm.HNSW) {
      int cap = Math.max(k, Math.min(docs, 8192));
      for (int ef = Math.max(k, 10); ; ef = (int) Math.ceil(ef * 1.5)) {
        out.add((double) Math.min(ef, cap));
        if (ef >= cap) {
          return out;
        }
      }
    }
    if (algo != Algorithm.QC) {
      throw new ProximaException("-target_recall tunes hnsw and qc, not " + algo.optionName());
    }
    for (double r : SCAN_RATIOS) {
      out.add(r);
    }
    return out;
  }

  /** {@code params} with the effort set; hnsw's ef is a whole number. */
  static Params withEffort(Params params, Algorithm algo, double effort) {
    return params.with(algo.effortKey(), algo == Algorithm.HNSW ? (Object) (long) effort : (Object) effort);
  }

  /** An effort for logs: {@code 120}, {@code 0.35}. */
  public static String format(double effort) {
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
