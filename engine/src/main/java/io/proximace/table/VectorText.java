package io.proximace.table;

import io.proximace.vector.FloatVectors;

/** A vector field's text: its components joined by a separator, each float as {@link Float#toString} writes it. */
final class VectorText {
  private VectorText() {}

  /**
   * Appends {@code v[0, n)} to {@code out}, joined by {@code separator}: the shortest text that reads back to the same
   * floats. {@code StringBuilder.append(float)} writes those digits without a String per component. Writers refuse
   * a NaN or an infinity first ({@link #requireFinite}); a Parquet file another tool wrote may hold one, and its
   * text ({@code NaN}) is then what the vector parser refuses, naming file and row.
   */
  static StringBuilder join(StringBuilder out, float[] v, int n, char separator) {
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(separator);
      }
      out.append(v[i]);
    }
    return out;
  }

  /** Refuses a vector with a NaN or an infinity ({@link FloatVectors#nonFinite}): no table is written one. */
  static void requireFinite(float[] v, int n) {
    String why = FloatVectors.nonFinite(v, n);
    if (why != null) {
      throw new IllegalArgumentException(why);
    }
  }
}
