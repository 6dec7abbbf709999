package io.proximace.cli.sql;

import io.proximace.table.ColumnType;

/** The values a query computes with (Long, Double, String, Boolean or null): read from a field, compared, printed. */
final class Values {
  private Values() {}

  /** A stored field as its column's type reads it: null when empty or not a number of that type. */
  static Object typed(String raw, ColumnType type) {
    if (type == ColumnType.STRING || type == ColumnType.ARRAY_FLOAT) {
      return raw; // a vector compares and prints as its ~-joined text
    }
    String s = raw.trim();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return type == ColumnType.BIGINT ? (Object) Long.parseLong(s) : (Object) Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * SQL's comparison, for predicates: null (unknown) when either side is NULL, or when a number meets a string
   * that does not read as one (Hive's and MaxCompute's implicit cast to DOUBLE gives NULL there); else
   * {@link #compare}.
   */
  static Integer comparison(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof Number && b instanceof String && asDouble(b) == null
        || a instanceof String && b instanceof Number && asDouble(a) == null) {
      return null;
    }
    return compare(a, b);
  }

  /** Compares values, for sorting, MIN and MAX: numbers as numbers (a string that reads as one too), else as text. */
  static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Number || b instanceof Number) {
      Double x = asDouble(a);
      Double y = asDouble(b);
      if (x != null && y != null) {
        return Double.compare(x, y);
      }
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  /** {@link #compare}, with NULLs first, as MaxCompute sorts ascending. */
  static int compareForSort(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return compare(a, b);
  }

  /** A value as printed: integers plainly, doubles as Java writes them (4.0), text as is. */
  static String format(Object v) {
    return String.valueOf(v);
  }

  private static Double asDouble(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
