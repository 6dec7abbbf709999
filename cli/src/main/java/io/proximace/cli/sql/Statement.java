package io.proximace.cli.sql;

/** One statement of a script: its text (no final {@code ;}) and where its first character stands (1-based). */
public record Statement(String text, int line, int column) {
  /** A {@link SqlError} at {@code offset} in this statement's text. */
  public SqlError error(int offset, String message) {
    int l = line;
    int c = column;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        l++;
        c = 1;
      } else {
        c++;
      }
    }
    return new SqlError(l, c, message);
  }

  /** A {@link SqlError} at the statement's start. */
  public SqlError error(String message) {
    return new SqlError(line, column, message);
  }
}
