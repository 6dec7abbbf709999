package io.proximace.table;

import io.proximace.ProximaException;
import java.util.Locale;

/** The column types proxima-ce tables hold. */
public enum ColumnType {
  STRING("STRING"),
  BIGINT("BIGINT"),
  DOUBLE("DOUBLE"),
  /** A vector as a list of floats: a Parquet LIST of FLOAT, so Parquet tables only. */
  ARRAY_FLOAT("ARRAY<FLOAT>");

  private final String ddl;

  ColumnType(String ddl) {
    this.ddl = ddl;
  }

  /** The type as DDL writes it: {@code STRING}, {@code ARRAY<FLOAT>}. */
  public String ddl() {
    return ddl;
  }

  /**
   * Whether {@code text} is a value of this type as a table stores it: any text for STRING and ARRAY&lt;FLOAT&gt; (a
   * vector's text is parsed where it is written or read), a whole number for BIGINT, a number for DOUBLE (spaces
   * around it allowed).
   */
  public boolean fits(String text) {
    try {
      switch (this) {
        case BIGINT -> Long.parseLong(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case STRING, ARRAY_FLOAT -> { }
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether a vector column may have this type: {@code ~}-joined text, or a list of floats. */
  public boolean holdsVectors() {
    return this == STRING || this == ARRAY_FLOAT;
  }

  @Override
  public String toString() {
    return ddl;
  }

  /** Parses a type name, case-insensitively; spaces inside {@code ARRAY< FLOAT >} do not matter. */
  public static ColumnType parse(String text) {
    String t = text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    for (ColumnType c : values()) {
      if (c.ddl.equals(t)) {
        return c;
      }
    }
    throw new ProximaException("unknown column type '" + text + "': expected STRING, BIGINT, DOUBLE or ARRAY<FLOAT>");
  }
}
