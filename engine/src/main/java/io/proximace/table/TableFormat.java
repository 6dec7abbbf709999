package io.proximace.table;

import io.proximace.ProximaException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/** How a table stores its partitions' rows: CSV text files, or Parquet files. */
public enum TableFormat {
  CSV(".csv"),
  PARQUET(".parquet");

  private final String extension;

  TableFormat(String extension) {
    this.extension = extension;
  }

  /** The data files' extension, with its dot. */
  public String extension() {
    return extension;
  }

  /** The name as users write it: {@code csv}, {@code parquet}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A writer of one data file in this format, with the columns of {@code schema}, onto {@code out}. */
  public RowWriter writer(OutputStream out, Schema schema, Configuration conf) throws IOException {
    return this == PARQUET ? new ParquetRowWriter(out, schema, conf) : new CsvWriter(out);
  }

  /** Parses {@code csv} or {@code parquet}, case-insensitively. */
  public static TableFormat parse(String text) {
    for (TableFormat f : values()) {
      if (f.name().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    throw new ProximaException("unknown table format '" + text + "': expected csv or parquet");
  }
}
