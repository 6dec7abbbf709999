package io.proximace.cli.sql;

import org.apache.calcite.sql.parser.SqlParserPos;

/** A query's text inside its statement, so that Calcite's line and column become the script's. */
record QueryText(Statement statement, int base, String sql) {
  /** The query that starts at {@code base} in {@code statement}. */
  static QueryText of(Statement statement, int base) {
    return new QueryText(statement, base, statement.text().substring(base));
  }

  /** An error at the query's first character. */
  SqlError error(String message) {
    return statement.error(base, message);
  }

  /** An error at a Calcite position (line and column of the query's text), placed in the script. */
  SqlError error(SqlParserPos pos, String message) {
    int line = 1;
    int offset = 0;
    while (line < pos.getLineNum() && offset < sql.length()) {
      if (sql.charAt(offset++) == '\n') {
        line++;
      }
    }
    return statement.error(base + offset + Math.max(0, pos.getColumnNum() - 1), message);
  }
}
