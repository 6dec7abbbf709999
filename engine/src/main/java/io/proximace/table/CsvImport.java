package io.proximace.table;

import io.proximace.ProximaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a CSV file into a table partition, replacing the partition in one step: every row is checked
 * against the schema (column count, BIGINT and DOUBLE values) before anything becomes visible, so a
 * bad line leaves the partition as it was.
 */
public final class CsvImport {
  private CsvImport() {}

  /**
   * Reads {@code in} (named {@code source} in messages) into partition {@code value} of {@code table}.
   * With {@code header}, the first line names the columns, in any order; otherwise columns are in
   * schema order. Returns the number of rows imported.
   */
  public static long into(Table table, String value, InputStream in, String source, char delimiter, boolean header)
      throws IOException {
    List<Column> columns = table.schema().columns();
    int[] sourceOf = new int[columns.size()];
    for (int i = 0; i < sourceOf.length; i++) {
      sourceOf[i] = i;
    }
    int expected = columns.size();
    try (CsvReader csv = new CsvReader(in, delimiter);
         PartitionWriter w = table.overwrite(value)) {
      CsvWriter out = w.csv();
      if (header) {
        if (!next(csv, source)) {
          throw new ProximaException(source + ": empty, but --header says the first line names the columns");
        }
        expected = csv.fieldCount();
        Arrays.fill(sourceOf, -1);
        for (int f = 0; f < csv.fieldCount(); f++) {
          String name = csv.field(f).trim();
          int c = table.schema().indexOf(name);
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
      while (next(csv, source)) {
        if (csv.fieldCount() != expected) {
          throw new ProximaException(source + " line " + csv.line() + ": expected " + expected + " columns ("
              + table.schema().columnsDdl() + "), found " + csv.fieldCount()
              + (csv.fieldCount() == 1 && expected > 1 ? " (is --delimiter '" + delimiter + "' right?)" : ""));
        }
        for (int c = 0; c < columns.size(); c++) {
          int f = sourceOf[c];
          check(columns.get(c), csv, f, source);
          out.field(csv.buffer(), csv.start(f), csv.end(f));
        }
        out.endRow();
      }
      long rows = w.rows();
      w.commit();
      return rows;
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
    if (column.type() == ColumnType.STRING) {
      return;
    }
    String v = csv.field(f).trim();
    try {
      if (column.type() == ColumnType.BIGINT) {
        Long.parseLong(v);
      } else {
        Double.parseDouble(v);
      }
    } catch (NumberFormatException e) {
      throw new ProximaException(source + " line " + csv.line() + ", column " + column.name() + ": '" + v
          + "' is not a " + column.type());
    }
  }
}
