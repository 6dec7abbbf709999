package io.proximace.table;

import io.proximace.ProximaException;
import java.util.Locale;

/** The column types proxima-ce tables hold. */
public enum ColumnType {
  STRING,
  BIGINT,
  DOUBLE;

  /** Parses a type name, case-insensitively. */
  public static ColumnType parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ProximaException("unknown column type '" + text + "': expected STRING, BIGINT or DOUBLE");
    }
  }
}
