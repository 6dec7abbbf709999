package io.proximace.cli.sql;

import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * The columns a query reads, the table's then its partition column (a STRING; none for an external table without
 * partitions), and how a name resolves to one.
 */
final class Columns {
  private final String table;
  private final String alias;
  private final List<String> names = new ArrayList<>();
  private final List<ColumnType> types = new ArrayList<>();
  private final QueryText text;

  private final int partition;

  /** {@code table}'s columns, as the query names it (with its {@code alias}, or null). */
  Columns(Schema schema, boolean partitioned, String table, String alias, QueryText text) {
    this.table = table;
    this.alias = alias;
    this.text = text;
    for (Column c : schema.columns()) {
      names.add(c.name());
      types.add(c.type());
    }
    partition = partitioned ? names.size() : -1;
    if (partitioned) {
      names.add(schema.partition().name());
      types.add(ColumnType.STRING);
    }
  }

  /** The column names, the partition column (if any) last. */
  List<String> names() {
    return names;
  }

  /** The type column {@code c} is read as. */
  ColumnType type(int c) {
    return types.get(c);
  }

  /** The position of the partition column, or -1 when the table has none. */
  int partition() {
    return partition;
  }

  /** The position of the column {@code id} names, plainly or qualified by the table (or its alias). */
  int resolve(SqlIdentifier id) {
    checkQualifier(id);
    String name = id.names.get(id.names.size() - 1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw text.error(id.getParserPosition(), "unknown column '" + name + "' in table " + table + " (columns: "
        + String.join(", ", names) + ")");
  }

  /** Refuses {@code id} (a column, {@code *} or {@code q.*}) when its qualifier does not name this table. */
  void checkQualifier(SqlIdentifier id) {
    if (id.names.size() > 2 || id.names.size() == 2 && !qualifies(id.names.get(0))) {
      throw text.error(id.getParserPosition(), "unknown column '" + id + "' (the query reads one table, " + table
          + (alias == null ? "" : " AS " + alias) + ")");
    }
  }

  /** Whether {@code q} names this table: its alias when it has one (as in Hive, the alias then hides the name), else its name. */
  private boolean qualifies(String q) {
    return q.equalsIgnoreCase(alias != null ? alias : table.substring(table.lastIndexOf('.') + 1));
  }
}
