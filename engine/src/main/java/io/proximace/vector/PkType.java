package io.proximace.vector;

import io.proximace.ProximaException;

/** How primary keys are stored ({@code -pk_type}). */
public enum PkType {
  /** Any text; kept in a dictionary. */
  STRING,
  /** 64-bit integers; no dictionary. */
  INT64;

  /** An empty key column of this type. */
  public Pks newColumn() {
    return this == STRING ? new StringPks() : new LongPks();
  }

  /** Parses {@code -pk_type}: {@code string} or {@code int64}. */
  public static PkType parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "string" -> STRING;
      case "int64", "bigint" -> INT64;
      default -> throw new ProximaException("unknown -pk_type '" + text + "': expected string or int64");
    };
  }
}
