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
    return ranks(pks, where, null);
  }

  /**
   * {@link #ranks(Pks, String)} where {@code rowName} (when not null) names position {@code i}'s row for the
   * duplicate message, e.g. {@code part-00001.csv row 5} for docs gathered from several files.
   */
  public static int[] ranks(Pks pks, String where, java.util.function.IntFunction<String> rowName) {
    int[] sorted = pks.sortedPositions();
    int[] rank = new int[sorted.length];
    for (int r = 0; r < sorted.length; r++) {
      if (r > 0 && pks.compare(sorted[r - 1], sorted[r]) == 0) {
        int a = Math.min(sorted[r - 1], sorted[r]);
        int b = Math.max(sorted[r - 1], sorted[r]);
        throw new ProximaException(where + ": pk '" + pks.text(a) + "' appears twice ("
            + (rowName == null ? "rows " + (a + 1) + " and " + (b + 1) : rowName.apply(a) + " and " + rowName.apply(b))
            + "); pks must be unique");
      }
      rank[sorted[r]] = r;
    }
    return rank;
  }
}
