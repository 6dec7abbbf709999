package io.proximace.input;

import io.proximace.ProximaException;
import io.proximace.table.ColumnType;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import java.util.Arrays;

/**
 * The category columns of the runner's tables: {@code category BIGINT} in the doc table turns on
 * multi-category search; the query table then has {@code category BIGINT}, or with
 * {@code -query_multi_label true} {@code multicategory STRING} listing categories as {@code 1,5,9}.
 */
public final class CategoryInput {
  /** Where a table keeps its categories: the column, and whether it lists several. */
  public record Layout(int column, boolean multi) {}

  private CategoryInput() {}

  /** The doc table's category column, or null for a run without categories. */
  public static Layout docs(Table doc, Table query, boolean multiLabel) {
    Schema d = doc.schema();
    Schema q = query.schema();
    int dc = d.indexOf("category");
    if (dc < 0) {
      if (q.indexOf("category") >= 0 || q.indexOf("multicategory") >= 0 || multiLabel) {
        throw new ProximaException("query table " + query.name() + (multiLabel ? " is multi-label (-query_multi_label true)"
            : " has a category column") + ", but doc table " + doc.name() + " has no category BIGINT column: both need one for "
            + "multi-category search");
      }
      return null;
    }
    checkType(doc, "category", ColumnType.BIGINT);
    return new Layout(dc, false);
  }

  /** The query table's category column; call only when the docs have one. */
  public static Layout queries(Table doc, Table query, boolean multiLabel) {
    Schema q = query.schema();
    if (multiLabel) {
      int mc = q.indexOf("multicategory");
      if (mc < 0) {
        throw new ProximaException("-query_multi_label true needs a multicategory STRING column (categories as 1,5,9) in query table "
            + query.name() + ", which has (" + q.columnsDdl() + ")");
      }
      checkType(query, "multicategory", ColumnType.STRING);
      return new Layout(mc, true);
    }
    int qc = q.indexOf("category");
    if (qc < 0) {
      throw new ProximaException("doc table " + doc.name() + " has a category column, so queries need one too: query table "
          + query.name() + " has (" + q.columnsDdl() + "); add category BIGINT, or multicategory STRING with -query_multi_label true");
    }
    checkType(query, "category", ColumnType.BIGINT);
    return new Layout(qc, false);
  }

  private static void checkType(Table t, String column, ColumnType type) {
    ColumnType actual = t.schema().columns().get(t.schema().indexOf(column)).type();
    if (actual != type) {
      throw new ProximaException("table " + t.name() + ": column " + column + " is " + actual + "; multi-category search needs "
          + column + " " + type);
    }
  }

  /** The current row's categories, or an error naming the row and the value. */
  public static long[] parse(PartitionReader rows, Layout layout, String role, int pkCol) {
    String text = rows.field(layout.column());
    String where = role + " " + rows.where() + ", pk '" + rows.field(pkCol) + "', column "
        + (layout.multi() ? "multicategory" : "category");
    if (!layout.multi()) {
      return new long[] {number(text.trim(), text, where, "")};
    }
    String[] parts = text.split(",", -1);
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = number(parts[i].trim(), text, where, " (categories as 1,5,9)");
    }
    return Arrays.stream(out).distinct().toArray();
  }

  private static long number(String value, String text, String where, String format) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ProximaException(where + ": '" + text + "'" + (value.equals(text.trim()) ? "" : ": '" + value + "'")
          + " is not a BIGINT category" + format);
    }
  }
}
