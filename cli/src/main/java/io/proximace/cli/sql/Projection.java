package io.proximace.cli.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** The select list, {@code *} expanded: the output's names, and each output row as printed with its sort keys. */
final class Projection {
  /** One output row: what is printed (null: SQL NULL), its values (which DISTINCT compares), and its ORDER BY keys. */
  record Out(String[] display, Object[] values, Object[] keys) {}

  private final List<SqlNode> items = new ArrayList<>();
  private final List<String> header = new ArrayList<>();
  private final Columns columns;
  private final Evaluator evaluator;

  Projection(SqlNodeList list, Columns columns, Evaluator evaluator) {
    this.columns = columns;
    this.evaluator = evaluator;
    for (SqlNode n : list) {
      if (n instanceof SqlIdentifier id && id.isStar()) {
        columns.checkQualifier(id);
        for (String name : columns.names()) {
          items.add(new SqlIdentifier(name, id.getParserPosition()));
          header.add(name);
        }
      } else if (n.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) n;
        items.add(as.operand(0));
        header.add(((SqlIdentifier) as.operand(1)).getSimple());
      } else {
        items.add(n);
        header.add(n instanceof SqlIdentifier id ? columns.names().get(columns.resolve(id)) : "_c" + header.size());
      }
    }
  }

  /** The output expressions. */
  List<SqlNode> items() {
    return items;
  }

  /** The output column names: a column's, an alias, or {@code _c<i>}. */
  List<String> header() {
    return header;
  }

  /** The output row for {@code row} (of {@code group}, or null), with its keys for {@code order}. */
  Out apply(Row row, Group group, OrderBy order) {
    String[] display = new String[items.size()];
    Object[] values = new Object[items.size()];
    for (int i = 0; i < items.size(); i++) {
      SqlNode n = items.get(i);
      if (n instanceof SqlIdentifier id && row != null) {
        int c = columns.resolve(id);
        if (group != null) {
          group.checkGrouped(id, c);
        }
        values[i] = row.typed()[c];
        display[i] = values[i] == null ? null : row.raw()[c]; // stored text as is, unless its type reads it as NULL
      } else {
        values[i] = evaluator.eval(n, row, group);
        display[i] = values[i] == null ? null : Values.format(values[i]); // null: SQL NULL, which INSERT must not store as text
      }
    }
    return new Out(display, values, order.keys(values, row, group));
  }
}
