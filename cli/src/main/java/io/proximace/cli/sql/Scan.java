package io.proximace.cli.sql;

import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * The rows a WHERE keeps, in partition, file and line order. A WHERE that fixes the partition column by a
 * top-level {@code pt = 'v'} conjunct reads that partition only.
 */
final class Scan {
  private Scan() {}

  /** At most {@code max} rows of {@code table} that {@code where} (or null) keeps. */
  static List<Row> rows(Table table, Columns columns, Evaluator evaluator, SqlNode where, long max) {
    List<String> values = table.partitionValues();
    String fixed = fixedPartition(where, columns);
    if (fixed != null) {
      values = values.contains(fixed) ? List.of(fixed) : List.of();
    }
    List<Row> rows = new ArrayList<>();
    int n = columns.names().size();
    int fields = columns.partition() < 0 ? n : n - 1; // the partition's value, when the table has one, comes last
    for (String v : values) {
      if (rows.size() >= max) {
        break;
      }
      Partition p = table.partition(v);
      try (PartitionReader r = p.open()) {
        while (rows.size() < max && r.next()) {
          Object[] typed = new Object[n];
          String[] raw = new String[n];
          for (int c = 0; c < fields; c++) {
            raw[c] = c < r.fieldCount() ? r.field(c) : "";
            typed[c] = c < r.fieldCount() && r.isNull(c) ? null : Values.typed(raw[c], columns.type(c)); // a Parquet null
          }
          if (fields < n) {
            raw[n - 1] = v;
            typed[n - 1] = v;
          }
          Row row = new Row(typed, raw);
          if (where == null || Boolean.TRUE.equals(evaluator.eval(where, row, null))) {
            rows.add(row);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** The partition value a WHERE fixes by a top-level {@code pt = 'v'} conjunct, or null. */
  private static String fixedPartition(SqlNode where, Columns columns) {
    if (where == null) {
      return null;
    }
    if (where.getKind() == SqlKind.AND) {
      for (SqlNode o : ((SqlCall) where).getOperandList()) {
        String v = fixedPartition(o, columns);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
    if (where.getKind() == SqlKind.EQUALS) {
      SqlNode a = ((SqlCall) where).operand(0);
      SqlNode b = ((SqlCall) where).operand(1);
      if (b instanceof SqlIdentifier) {
        SqlNode x = a;
        a = b;
        b = x;
      }
      // a text literal only: a number compares by value (pt = 1 matches pt=01), so it cannot pick the folder
      if (a instanceof SqlIdentifier id && columns.resolve(id) == columns.partition() && b instanceof SqlCharStringLiteral lit) {
        return lit.getValueAs(String.class);
      }
    }
    return null;
  }
}
