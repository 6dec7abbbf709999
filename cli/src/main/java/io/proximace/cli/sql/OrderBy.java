package io.proximace.cli.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;

/** ORDER BY: keys by output position, output alias or expression, each ascending or descending; NULLs first. */
final class OrderBy {
  private final List<SqlNode> items = new ArrayList<>();
  private final List<Boolean> descending = new ArrayList<>();
  private final List<Integer> outputs = new ArrayList<>(); // the output column each item names, or -1
  private final Evaluator evaluator;
  private final QueryText text;

  /** The order {@code list} asks for (null: none), over output columns named {@code header}. */
  OrderBy(SqlNodeList list, List<String> header, Evaluator evaluator, QueryText text) {
    this.evaluator = evaluator;
    this.text = text;
    if (list == null) {
      return;
    }
    for (SqlNode o : list) {
      boolean desc = false;
      while (o.getKind() == SqlKind.DESCENDING || o.getKind() == SqlKind.NULLS_FIRST || o.getKind() == SqlKind.NULLS_LAST) {
        if (o.getKind() != SqlKind.DESCENDING) { // refused, not ignored: NULLs sort first here, whatever it asks
          throw text.error(o.getParserPosition(), "not supported yet: " + o.getKind().sql.replace('_', ' ') + " (NULLs sort first)");
        }
        desc = true;
        o = ((SqlCall) o).operand(0);
      }
      items.add(o);
      descending.add(desc);
      outputs.add(outputIndex(o, header));
    }
  }

  /** The key expressions (for finding their aggregates). */
  List<SqlNode> items() {
    return items;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** The sort keys of an output row whose values are {@code values}, from {@code row} (of {@code group}, or null). */
  Object[] keys(Object[] values, Row row, Group group) {
    Object[] keys = new Object[items.size()];
    for (int k = 0; k < keys.length; k++) {
      int output = outputs.get(k);
      keys[k] = output >= 0 ? values[output] : evaluator.eval(items.get(k), row, group);
    }
    return keys;
  }

  /** Sorts {@code out} by its keys; stable, so equal keys keep their order. */
  void sort(List<Projection.Out> out) {
    if (items.isEmpty()) {
      return;
    }
    out.sort((a, b) -> {
      for (int k = 0; k < a.keys().length; k++) {
        int c = Values.compareForSort(a.keys()[k], b.keys()[k]);
        if (c != 0) {
          return descending.get(k) ? -c : c;
        }
      }
      return 0;
    });
  }

  /** The output column an ORDER BY item names (a position, or an alias that is not a column), or -1. */
  private int outputIndex(SqlNode o, List<String> header) {
    if (o instanceof SqlNumericLiteral lit) {
      BigDecimal k = lit.bigDecimalValue();
      int size = header.size();
      if (!lit.isExact() || k.scale() > 0) {
        throw text.error(o.getParserPosition(), "ORDER BY " + lit + ": write an output column's position (1 to " + size
            + "), a name or an expression");
      }
      if (k.compareTo(BigDecimal.ONE) < 0 || k.compareTo(BigDecimal.valueOf(size)) > 0) {
        throw text.error(o.getParserPosition(), "ORDER BY " + k + ": there are " + size + " output columns");
      }
      return k.intValue() - 1;
    }
    if (o instanceof SqlIdentifier id && id.isSimple()) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equalsIgnoreCase(id.getSimple())) {
          return i;
        }
      }
    }
    return -1;
  }
}
