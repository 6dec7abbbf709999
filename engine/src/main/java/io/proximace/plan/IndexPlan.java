package io.proximace.plan;

import io.proximace.index.Params;

/**
 * The index a run builds or searches: what it is ({@code -algo_model}, {@code -distance_method}, {@code -converter},
 * the parsed builder and searcher parameters) and where it lives on the volume.
 *
 * @param volume the {@code -external_volume} holding it
 * @param owner {@code -owner_id}: the folder on the volume that holds the owner's indexes and run reports
 * @param relative the index folder relative to the volume: {@code <owner>/indexes/<project>.<table>/pt=<value>/<algo>}
 * @param url the index folder as a user reads it, {@code odps://<project>/<volume>/...}
 * @param writes whether the run writes the index folder (builds or removes it): it holds the folder's lock, and journals
 * @param removeAfter whether the run removes the index when it ends ({@code -clean_build_volume})
 * @param acceptStale {@code -accept_stale_index} (ours): seek an index although its doc partition changed since the build
 */
public record IndexPlan(Algorithm algorithm, DistanceMethod distance, Converter converter, Params builder, Params searcher,
    String volume, String owner, String relative, String url, boolean writes, boolean removeAfter, boolean acceptStale) {

  /** This index searched with {@code params} instead of {@code -searcher_params}: what a tuned seek uses. */
  public IndexPlan withSearcher(Params params) {
    return new IndexPlan(algorithm, distance, converter, builder, params, volume, owner, relative, url, writes, removeAfter,
        acceptStale);
  }

  /** Whether float vectors change before indexing (a converter, or the MIPS augmentation). */
  public boolean transforms() {
    return converter != Converter.NONE || distance.augments(algorithm);
  }

  /** Whether the build needs something learned first: clusters, a quantizer's scale or a MIPS norm. */
  public boolean learns() {
    return algorithm.trains() || converter == Converter.INT8_QUANTIZER || distance.augments(algorithm);
  }
}
