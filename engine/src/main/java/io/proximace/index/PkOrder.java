package io.proximace.index;

import io.proximace.ProximaException;
import io.proximace.vector.Pks;

/** Each key's position in pk order: the tie-breaker that makes equal scores come out by pk. */
public final class PkOrder {
  private PkOrder() {}

  /**
   * Returns {@code rank[i]}, the position of key {@code i} in sorted order. Keys must be unique: a
   * duplicate fails naming both rows (row = position + 1) and {@code where}.
   */
  public static int[] ranks(Pks pks, String where) {
    int[] sorted = pks.sortedPositions();
    int[] rank = new int[sorted.length];
    for (int r = 0; r < sorted.length; r++) {
      if (r > 0 && pks.compare(sorted[r - 1], sorted[r]) == 0) {
        int a = Math.min(sorted[r - 1], sorted[r]);
        int b = Math.max(sorted[r - 1], sorted[r]);
        throw new ProximaException(where + ": pk '" + pks.text(a) + "' appears twice (rows " + (a + 1) + " and " + (b + 1)
            + "); pks must be unique");
      }
      rank[sorted[r]] = r;
    }
    return rank;
  }
}
