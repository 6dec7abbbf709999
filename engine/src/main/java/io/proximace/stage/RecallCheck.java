package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.plan.Algorithm;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recall check (ours): a run that searches approximately and has no recall stage still measures Recall@k of
 * its output on a few sampled queries, the recall stage's way (its sample, exact search over the doc partition),
 * so that a search too shallow for the data says so. Recall@topk below {@code -recall_warn_below} is a warning with
 * the figure, from the check or from the recall stage alike. The figures go to the run's summary and report.
 */
public final class RecallCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RecallCheck.class);
  /**
   * Queries the check samples: enough to tell a recall of 0.3 from 0.9 (the standard error of a mean of 32 per-query
   * recalls is at most 0.09, and about 0.02 to 0.04 at recalls near 0.9), few enough to cost little beside the seek.
   */
  static final int QUERIES = 32;

  private RecallCheck() {}

  /** Whether a run of {@code plan} is checked: it seeks approximately, has no recall stage, and the check is on. */
  public static boolean applies(RunPlan plan) {
    return plan.stages().has(Stage.SEEK) && !plan.stages().has(Stage.RECALL) && plan.index().algorithm() != Algorithm.LINEAR
        && plan.selection().recallWarnBelow() > 0;
  }

  /**
   * Measures the output on {@link #QUERIES} sampled queries (a tuned run's held-out ones) and warns when low. Null,
   * logged, when there is nothing to measure or the docs cannot be read (a seek-only run whose doc partition is gone):
   * the output is in place, and a check is not a reason to fail the run.
   */
  public static RecallStage.Figures run(Workspace ws, RunPlan plan, RecallStage.Truth held) {
    long t0 = System.nanoTime();
    RecallStage.Figures f;
    try {
      f = RecallStage.measure(ws, plan, QUERIES, held);
    } catch (ProximaException | IOException e) {
      LOG.warn("recall check: not measured: {}", e.getMessage());
      return null;
    }
    if (f == null) {
      LOG.info("recall check: no queries to sample");
      return null;
    }
    LOG.info("recall check: {} on {} {} queries against exact search ({}; -job_mode ...:recall measures more)", f.line(),
        f.queries(), held != null ? "held-out" : "sampled", Units.seconds(t0));
    warnIfLow(plan, f, "recall check");
    return f;
  }

  /**
   * The Recall@topk below which a run warns: {@code -recall_warn_below}, or a tuned run's {@code -target_recall} when
   * that is lower (it asked for no more); 0 for no warning, as for exact search.
   */
  public static double threshold(RunPlan plan) {
    if (plan.index().algorithm() == Algorithm.LINEAR) {
      return 0;
    }
    Double target = plan.selection().targetRecall();
    double warn = plan.selection().recallWarnBelow();
    return target == null ? warn : Math.min(warn, target);
  }

  /** Logs a warning, with the figure and what to do, when Recall@topk of {@code f} is below the {@link #threshold}. */
  static void warnIfLow(RunPlan plan, RecallStage.Figures f, String who) {
    double below = threshold(plan);
    int k = plan.selection().maxTopk();
    Double r = f.byK().get(k);
    if (below <= 0 || r == null || r >= below) {
      return;
    }
    Algorithm algo = plan.index().algorithm();
    String knob = algo.effortKey();
    String remedy = plan.selection().targetRecall() != null
        ? "the tuned effort falls short on these queries: raise -target_recall, or -recall_sample to tune on more queries"
        : "raise " + knob + " in -searcher_params, or let -target_recall " + below + " choose it";
    LOG.warn("{}: Recall@{} = {} on {} sampled queries is below {} (searching with {} {}): {} (-recall_warn_below 0 turns "
        + "this warning off)", who, k, String.format(Locale.ROOT, "%.4f", r), f.queries(), below, knob,
        Tuner.format(Tuner.effort(algo, plan.index().searcher(), k)), remedy);
  }
}
