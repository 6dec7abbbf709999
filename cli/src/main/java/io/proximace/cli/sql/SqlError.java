package io.proximace.cli.sql;

import io.proximace.ProximaException;

/** A statement that cannot run; the message starts with the script's line and column where the trouble is. */
public final class SqlError extends ProximaException {
  public SqlError(int line, int column, String reason) {
    super("line " + line + ", column " + column + ": " + reason);
  }
}
