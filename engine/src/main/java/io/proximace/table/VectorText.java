package io.proximace.table;

/** A vector field's text: its components joined by a separator, each float as {@link Float#toString} writes it. */
final class VectorText {
  private VectorText() {}

  /**
   * Appends {@code v[0, n)} to {@code out}, joined by {@code separator}: the shortest text that reads back to the same
   * floats. {@code StringBuilder.append(float)} writes those digits without a String per component. A NaN or an
   * infinity is refused ({@link #requireFinite}), as the vector parser would refuse its text when the table is read.
   */
  static StringBuilder join(StringBuilder out, float[] v, int n, char separator) {
    requireFinite(v, n);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(separator);
      }
      out.append(v[i]);
    }
    return out;
  }

  /** Refuses a vector with a NaN or an infinity, naming the component (from 1): no table holds one. */
  static void requireFinite(float[] v, int n) {
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException("component " + (i + 1) + " (" + v[i] + ") is not a finite number");
      }
    }
  }
}
