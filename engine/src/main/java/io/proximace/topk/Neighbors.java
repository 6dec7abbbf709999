package io.proximace.topk;

import java.util.Arrays;

/**
 * Every query's final neighbours: up to {@code k} doc ids per query with their scores, best first.
 * Stored flat (query {@code q} owns slots {@code [q * k, q * k + count(q))}), not as objects.
 */
public final class Neighbors {
  private final int k;
  private final int[] ids;
  private final float[] scores;
  private final int[] counts;

  /** Room for {@code k} neighbours of each of {@code queries} queries. */
  public Neighbors(int queries, int k) {
    this.k = k;
    this.ids = new int[Math.multiplyExact(queries, k)];
    this.scores = new float[queries * k];
    this.counts = new int[queries];
  }

  public int queries() {
    return counts.length;
  }

  public int k() {
    return k;
  }

  /** Number of neighbours found for query {@code q}. */
  public int count(int q) {
    return counts[q];
  }

  /** Doc id of query {@code q}'s {@code i}-th neighbour. */
  public int id(int q, int i) {
    return ids[q * k + i];
  }

  /** Score of query {@code q}'s {@code i}-th neighbour. */
  public float score(int q, int i) {
    return scores[q * k + i];
  }

  /** Sets query {@code q}'s list from {@code ids[from..from+n)} and {@code scores}. */
  public void set(int q, int[] docIds, float[] docScores, int from, int n) {
    if (n > k) {
      throw new IllegalArgumentException(n + " neighbours for k=" + k);
    }
    System.arraycopy(docIds, from, ids, q * k, n);
    System.arraycopy(docScores, from, scores, q * k, n);
    counts[q] = n;
  }

  /** Sets query {@code q}'s list to query {@code from}'s list in {@code src} (same k). */
  public void put(int q, Neighbors src, int from) {
    set(q, src.ids, src.scores, from * src.k, src.counts[from]);
  }

  /** Query {@code q}'s doc ids, best first. */
  public int[] ids(int q) {
    return Arrays.copyOfRange(ids, q * k, q * k + counts[q]);
  }
}
