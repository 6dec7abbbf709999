package io.proximace.table;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes rows field by field, in the table's column order, whatever the data file's format: CSV text, or
 * Parquet, which converts each field to its column's type (a value that does not convert is an
 * {@link IllegalArgumentException}).
 */
public interface RowWriter extends Closeable {
  /** Adds a text field. */
  RowWriter field(String s) throws IOException;

  /** Adds the UTF-8 text {@code b[from, to)} as a field. */
  RowWriter field(byte[] b, int from, int to) throws IOException;

  /** Adds a number field. */
  RowWriter field(long v) throws IOException;

  /** Adds a float field; as text, its shortest round-trip form. */
  RowWriter field(float v) throws IOException;

  /**
   * Adds a vector field: the first {@code n} components joined by {@code separator}, each as {@link Float#toString}
   * writes it (the shortest text that reads back to the same float); a typed column converts it as any text. The
   * Parquet writer puts the floats straight into an ARRAY&lt;FLOAT&gt; column: the same floats, no text between.
   * A NaN or an infinity is refused ({@link IllegalArgumentException}), whatever the column.
   */
  default RowWriter vector(float[] v, int n, char separator) throws IOException {
    VectorText.requireFinite(v, n);
    return field(VectorText.join(new StringBuilder(n * 12), v, n, separator).toString());
  }

  /** Adds a vector of whole numbers (int8, bytes, int32) joined by {@code separator}. */
  default RowWriter vector(int[] v, int n, char separator) throws IOException {
    StringBuilder text = new StringBuilder(n * 4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        text.append(separator);
      }
      text.append(v[i]);
    }
    return field(text.toString());
  }

  /** Ends the row. */
  void endRow() throws IOException;

  /** Rows written so far. */
  long rows();
}
