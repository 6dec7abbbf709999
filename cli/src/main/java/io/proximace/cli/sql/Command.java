package io.proximace.cli.sql;

import java.util.List;

/** What one statement asks for, as the {@link Recogniser} read it. */
public sealed interface Command {
  /** The statement it came from (for positions in errors). */
  Statement statement();

  /** Run an existing proxima-ce command with these arguments (table DDL, grants, LOAD/UNLOAD, vfs, jar). */
  record Delegate(Statement statement, List<String> args) implements Command {}

  /** {@code SELECT ...}: the query's text starts at {@code offset} in the statement. */
  record Select(Statement statement, int offset) implements Command {}

  /** {@code INSERT OVERWRITE|INTO TABLE t PARTITION (pt='v')} with VALUES rows, or with a SELECT (then rows is null). */
  record Insert(Statement statement, String table, boolean overwrite, String partition, List<List<Literal>> rows,
      Select select) implements Command {}

  /** {@code SHOW PARTITIONS t}. */
  record ShowPartitions(Statement statement, String table) implements Command {}

  /** {@code SET k=v}; with a null key, {@code SET} alone (list the settings). */
  record Set(Statement statement, String key, String value) implements Command {}

  /** A value in VALUES: a String, a Long, a Double, or null; and where it stands. */
  record Literal(Object value, String text, int offset) {}
}
