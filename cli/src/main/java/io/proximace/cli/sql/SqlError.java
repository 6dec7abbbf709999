package io.proximace.cli.sql;

import io.proximace.ProximaException;

/** A statement that cannot run, with the script's line and column where the trouble is. */
public final class SqlError extends ProximaException {
  private final int line;
  private final int column;
  private final String reason;

  public SqlError(int line, int column, String reason) {
    super("line " + line + ", column " + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** The script's line (1-based). */
  public int line() {
    return line;
  }

  /** The column in that line (1-based). */
  public int column() {
    return column;
  }

  /** The message without the position. */
  public String reason() {
    return reason;
  }
}
