package io.proximace.table;

import io.proximace.ProximaException;
import io.proximace.Progress;
import io.proximace.fs.PausePoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a CSV file into a table partition (CSV or Parquet, as the table's format says), replacing the partition in one step: every row is checked
 * against the schema (column count, BIGINT and DOUBLE values) before anything becomes visible, so a
 * bad line leaves the partition as it was.
 */
public final class CsvImport {
  private CsvImport() {}

  /** One CSV source: its name for messages, and how to open it. */
  public record Source(String name, Opener open) {}

  /** Opens a source. */
  public interface Opener {
    InputStream open() throws IOException;
  }

  /**
   * Reads {@code in} (named {@code source} in messages) into partition {@code value} of {@code table},
   * replacing it. With {@code header}, the first line names the columns, in any order; otherwise columns
   * are in schema order. Returns the number of rows imported.
   */
  public static long into(Table table, String value, InputStream in, String source, char delimiter, boolean header)
      throws IOException {
    return load(table, value, List.of(new Source(source, () -> in)), delimiter, header, true);
  }

  /**
   * Reads every source, in order, into partition {@code value} of {@code table}: replacing it when
   * {@code overwrite}, else adding one new part file to it. Nothing changes unless every row is good.
   */
  public static long load(Table table, String value, List<Source> sources, char delimiter, boolean header, boolean overwrite)
      throws IOException {
    try (PartitionWriter w = overwrite ? table.overwrite(value) : table.append(value)) {
      for (Source s : sources) {
        try (InputStream in = s.open().open()) {
          copy(table, new CsvReader(in, delimiter), w.writer(), s.name(), delimiter, header);
        }
      }
      long rows = w.rows();
      PausePoint.here("import.written");
      w.commit();
      return rows;
    }
  }

  private static void copy(Table table, CsvReader csv, RowWriter out, String source, char delimiter, boolean header)
      throws IOException {
    List<Column> columns = table.schema().columns();
    int[] sourceOf = new int[columns.size()];
    for (int i = 0; i < sourceOf.length; i++) {
      sourceOf[i] = i;
    }
    int expected = columns.size();
    if (header) {
      if (!next(csv, source)) {
        return;
      }
      expected = csv.fieldCount();
      Arrays.fill(sourceOf, -1);
      for (int f = 0; f < csv.fieldCount(); f++) {
        String name = csv.field(f).trim();
        int c = table.schema().indexOf(name);
        if (c >= 0 && sourceOf[c] >= 0) {
          throw new ProximaException(source + " line 1: the header names column " + name + " twice (fields " + (sourceOf[c] + 1)
              + " and " + (f + 1) + ")");
        }
        if (c < 0) {
          throw new ProximaException(source + " line 1: header column '" + name + "' is not a column of " + table.name()
              + " (" + table.schema().columnsDdl() + ")");
        }
        sourceOf[c] = f;
      }
      for (int c = 0; c < sourceOf.length; c++) {
        if (sourceOf[c] < 0) {
          throw new ProximaException(source + " line 1: the header has no column " + columns.get(c).name());
        }
      }
    }
    try (Progress progress = Progress.start("import", "rows", 0)) {
      while (next(csv, source)) {
        if (csv.fieldCount() != expected) {
          throw new ProximaException(source + " line " + csv.line() + ": expected " + expected + " columns ("
              + table.schema().columnsDdl() + "), found " + csv.fieldCount()
              + (csv.fieldCount() == 1 && expected > 1 ? " (is the delimiter '" + delimiter + "' right?)" : ""));
        }
        for (int c = 0; c < columns.size(); c++) {
          int f = sourceOf[c];
          check(columns.get(c), csv, f, source);
          try {
            out.field(csv.buffer(), csv.start(f), csv.end(f));
          } catch (IllegalArgumentException e) { // a Parquet column's value that does not convert, e.g. an ARRAY<FLOAT>
            throw new ProximaException(source + " line " + csv.line() + ", column " + columns.get(c).name() + ": " + e.getMessage());
          }
        }
        out.endRow();
        progress.add(1);
      }
    }
  }

  private static boolean next(CsvReader csv, String source) throws IOException {
    try {
      return csv.next();
    } catch (CsvFormatException e) {
      throw new ProximaException(source + ": " + e.getMessage());
    }
  }

  private static void check(Column column, CsvReader csv, int f, String source) {
    if (column.type() == ColumnType.STRING || column.type() == ColumnType.ARRAY_FLOAT) {
      return; // no field text to make: an ARRAY's text is parsed by the Parquet writer
    }
    String v = csv.field(f).trim();
    if (!column.type().fits(v)) {
      throw new ProximaException(source + " line " + csv.line() + ", column " + column.name() + ": '" + v
          + "' is not a " + column.type());
    }
  }
}
