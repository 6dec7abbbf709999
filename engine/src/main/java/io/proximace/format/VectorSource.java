package io.proximace.format;

import io.proximace.table.CsvWriter;
import io.proximace.table.RowWriter;
import io.proximace.table.Schema;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;

/**
 * A file's records one at a time, as a table row needs them: a pk when the format carries one, the
 * vector written through {@link RowWriter#vector} (or as its {@code ~}-joined text), and (JSON lines, Parquet)
 * other columns by name.
 */
public interface VectorSource extends Closeable {
  /** Advances to the next record; false after the last. A malformed record is a ProximaException naming file and record. */
  boolean next() throws IOException;

  /** The current record's pk as text, or null when the format has none (row numbers or a pk file supply it). */
  String pk();

  /** The current record's number of components. */
  int dim();

  /** Writes the current record's vector as one field: a STRING column's {@code ~}-joined text, or an ARRAY&lt;FLOAT&gt; column's list. */
  void writeVector(RowWriter out) throws IOException;

  /** The current record's value for another column, as text, or null when it has none. */
  default String field(String column) {
    return null;
  }

  /** Where the current record is, for messages: file and record (or line) number. */
  String where();

  /**
   * Opens {@code source} as {@code format}, for a table of {@code table}'s columns (Parquet finds them by name). CSV
   * is not read here: {@code table.CsvImport} reads it.
   */
  static VectorSource open(Source source, FileFormat format, Schema table) throws IOException {
    return switch (format) {
      case NPY -> new NpyReader(new BufferedInputStream(source.open().open(), 1 << 16), source.name());
      case FVECS, BVECS, IVECS -> new VecsReader(new BufferedInputStream(source.open().open(), 1 << 16), source.name(), format);
      case JSONL -> new JsonLinesReader(source.open().open(), source.name());
      case PARQUET -> new ParquetReader(source, table);
      case CSV -> throw new IllegalArgumentException("CSV is read by CsvImport");
    };
  }
}
