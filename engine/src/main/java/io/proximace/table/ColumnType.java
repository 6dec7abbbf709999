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
