package io.proximace.api;

/**
 * One query's nearest docs, best first in the engine's order (by score, closer first; equal scores by id):
 * {@code ids[i]} scored {@code scores[i]}. Scores are exact, in the distance's own terms (squared distance,
 * inner product or cosine).
 */
public record Hits(long[] ids, float[] scores) {
  /** Number of hits: k, or every doc when the index holds fewer. */
  public int size() {
    return ids.length;
  }
}
