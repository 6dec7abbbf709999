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

  /** Ends the row. */
  void endRow() throws IOException;

  /** Rows written so far. */
  long rows();
}
