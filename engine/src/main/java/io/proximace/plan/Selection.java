package io.proximace.plan;

/**
 * Which neighbours the output keeps and how they are checked: {@code -topk}, {@code -threshold_score},
 * {@code -target_recall}, {@code -recall_sample} and {@code -recall_warn_below}.
 *
 * @param topk the {@code -topk} values, ascending and distinct; the output keeps the largest
 * @param threshold results scoring worse are dropped; null for none
 * @param smallerIsCloser the direction of the output's score (distances: smaller; similarities: larger)
 * @param targetRecall {@code -target_recall} (ours): the search effort is tuned to reach it; null for none
 * @param recallSample queries sampled by the recall stage
 * @param recallWarnBelow a sampled Recall@topk below it is a warning; 0 for no check
 */
public record Selection(int[] topk, Double threshold, boolean smallerIsCloser, Double targetRecall, int recallSample,
    double recallWarnBelow) {
  public Selection {
    topk = topk.clone();
  }

  @Override
  public int[] topk() {
    return topk.clone();
  }

  /** The largest {@code -topk}: rows kept per query. */
  public int maxTopk() {
    return topk[topk.length - 1];
  }

  /** Whether {@code score} (in the output's units) passes {@code -threshold_score}: not worse than it. */
  public boolean keeps(float score) {
    if (threshold == null) {
      return true;
    }
    float t = threshold.floatValue(); // scores are floats: a threshold copied from the output keeps its row
    return smallerIsCloser ? score <= t : score >= t;
  }
}
