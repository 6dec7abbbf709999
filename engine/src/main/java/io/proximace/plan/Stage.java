package io.proximace.plan;

import java.util.Locale;

/** The runner's stages, in the order they run. */
public enum Stage {
  /** Learn what building needs: centroids, quantizer ranges. */
  TRAIN,
  /** Build the index of the doc partition and write it to the volume. */
  BUILD,
  /** Ours, with {@code -target_recall}: choose the search effort on sampled queries. */
  TUNE,
  /** Search every query and write the output partition. */
  SEEK,
  /** Ours, in a run without the recall stage: Recall@k of the output on a few sampled queries, a warning when low. */
  CHECK,
  /** Measure Recall@k of the output on sampled queries against exact search. */
  RECALL;

  /** The name used in {@code -job_mode}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
