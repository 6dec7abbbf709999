package io.proximace.cli.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * GROUP BY and HAVING: rows fold into {@link Group}s by the grouped columns' values (NULL is one key), in order of
 * first appearance; without GROUP BY all rows are one group, even none. Each group HAVING keeps is one output row.
 */
final class Grouping {
  private final List<Integer> keys = new ArrayList<>();
  private final Set<Integer> grouped = new HashSet<>();
  private final List<SqlCall> calls = new ArrayList<>();
  private final SqlNode having;
  private final Evaluator evaluator;
  private final QueryText text;

  /** Grouping by {@code group} (column names), with the aggregates that {@code projection}, {@code order} and {@code having} use. */
  Grouping(List<SqlNode> group, SqlNode having, Projection projection, OrderBy order, Columns columns,
      Evaluator evaluator, QueryText text) {
    this.having = having;
    this.evaluator = evaluator;
    this.text = text;
    for (SqlNode g : group) {
      if (!(g instanceof SqlIdentifier id)) {
        throw text.error(g.getParserPosition(), "GROUP BY takes column names here");
      }
      keys.add(columns.resolve(id));
      grouped.add(keys.getLast());
    }
    projection.items().forEach(i -> Aggregate.collect(i, calls));
    order.items().forEach(i -> Aggregate.collect(i, calls));
    if (having != null) {
      Aggregate.collect(having, calls);
    }
  }

  /** One output row per group of {@code rows} that HAVING keeps, in order of the groups' first rows. */
  List<Projection.Out> apply(List<Row> rows, Projection projection, OrderBy order) {
    Map<List<Object>, Group> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> key = new ArrayList<>();
      for (int c : keys) {
        key.add(Values.key(r.typed()[c]));
      }
      groups.computeIfAbsent(key, k -> new Group(r, grouped, calls, evaluator, text)).add(r);
    }
    if (keys.isEmpty() && groups.isEmpty()) {
      groups.put(List.of(), new Group(null, grouped, calls, evaluator, text));
    }
    List<Projection.Out> out = new ArrayList<>();
    for (Group g : groups.values()) {
      if (having == null || Boolean.TRUE.equals(evaluator.eval(having, g.first(), g))) {
        out.add(projection.apply(g.first(), g, order));
      }
    }
    return out;
  }
}
