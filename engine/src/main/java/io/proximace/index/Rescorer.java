package io.proximace.index;

import io.proximace.kernel.Distance;
import io.proximace.topk.Neighbors;
import io.proximace.topk.Ranking;

/**
 * The last step of every search: a query's candidates rescored directly in double precision
 * ({@link Distance#exactScore}), ordered by (score, pk) as {@link Ranking} orders, the best k kept. One per thread.
 */
final class Rescorer {
  /** Copies doc {@code doc}'s components into {@code dst}. */
  interface Docs {
    void copy(int doc, float[] dst);
  }

  private final Distance distance;
  private final int dim;
  private final int[] pkOrder;
  private final float[] doc;
  private int[] ids;
  private float[] ranks;
  private float[] scores;

  Rescorer(Distance distance, int dim, int[] pkOrder, int capacity) {
    this.distance = distance;
    this.dim = dim;
    this.pkOrder = pkOrder;
    this.doc = new float[dim];
    grow(capacity);
  }

  private void grow(int capacity) {
    ids = new int[capacity];
    ranks = new float[capacity];
    scores = new float[capacity];
  }

  /** Room for at least {@code n} candidates; fill {@link #ids()} then call {@link #finish}. */
  int[] ids(int n) {
    if (ids.length < n) {
      grow(n);
    }
    return ids;
  }

  /** Scratch for ranks alongside {@link #ids(int)}. */
  float[] ranks() {
    return ranks;
  }

  /**
   * Rescores candidates {@code ids()[0, n)} of the query at {@code qs[qOff, qOff + dim)} and stores the
   * best {@code k} as query {@code q} of {@code out}.
   */
  void finish(float[] qs, int qOff, int n, Docs docs, int k, Neighbors out, int q) {
    for (int i = 0; i < n; i++) {
      docs.copy(ids[i], doc);
      scores[i] = distance.exactScore(qs, qOff, 1, doc, 0, 1, dim);
      ranks[i] = distance.rank(scores[i]);
    }
    // insertion sort by (rank, pk): n is about k and usually nearly sorted already
    for (int i = 1; i < n; i++) {
      int id = ids[i];
      float rank = ranks[i];
      float score = scores[i];
      int j = i - 1;
      while (j >= 0 && Ranking.before(rank, id, ranks[j], ids[j], pkOrder)) {
        ids[j + 1] = ids[j];
        ranks[j + 1] = ranks[j];
        scores[j + 1] = scores[j];
        j--;
      }
      ids[j + 1] = id;
      ranks[j + 1] = rank;
      scores[j + 1] = score;
    }
    out.set(q, ids, scores, 0, Math.min(n, k));
  }
}
