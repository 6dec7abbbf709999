package io.proximace.cli.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;

/** One group of an aggregating query: its first row (for the grouped columns) and its aggregates' running state. */
final class Group {
  private final Row first;
  private final Set<Integer> grouped;
  private final QueryText text;
  private final Map<String, Aggregate> aggregates = new LinkedHashMap<>();

  /** A group whose first row is {@code first} (null: the one group of no rows), grouped by columns {@code grouped}. */
  Group(Row first, Set<Integer> grouped, List<SqlCall> calls, Evaluator evaluator, QueryText text) {
    this.first = first;
    this.grouped = grouped;
    this.text = text;
    for (SqlCall c : calls) {
      aggregates.putIfAbsent(c.toString(), new Aggregate(c, evaluator, text));
    }
  }

  Row first() {
    return first;
  }

  void add(Row r) {
    aggregates.values().forEach(a -> a.add(r));
  }

  Object result(SqlCall call) {
    return aggregates.get(call.toString()).result();
  }

  /** Refuses a bare column that is not grouped (its value would be one row's, picked by chance). */
  void checkGrouped(SqlIdentifier id, int c) {
    if (!grouped.contains(c)) {
      throw text.error(id.getParserPosition(), "column " + id + " is neither in GROUP BY nor in an aggregate");
    }
  }
}
