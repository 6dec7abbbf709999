package io.proximace.table;

/** A vector field's text: its components joined by a separator, each float as {@link Float#toString} writes it. */
final class VectorText {
  private VectorText() {}

  /**
   * Appends {@code v[0, n)} to {@code out}, joined by {@code separator}: the shortest text that reads back to the same
   * floats. {@code StringBuilder.append(float)} writes those digits without a String per component.
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
}
