package io.proximace.cli.sql;

import io.proximace.table.ColumnType;
import org.apache.calcite.sql.SqlKind;

/** The values a query computes with (Long, Double, String, Boolean or null): read from a field, compared, printed. */
final class Values {
  private Values() {}

  /** A stored field as its column's type reads it: null when empty or not a number of that type. */
  static Object typed(String raw, ColumnType type) {
    if (type == ColumnType.STRING || type == ColumnType.ARRAY_FLOAT) {
      return raw; // a vector compares and prints as its ~-joined text
    }
    if (type == ColumnType.DOUBLE) {
      return asDouble(raw);
    }
    // a BIGINT reads as ColumnType.fits reads it, so what a table accepts is what a query sees
    return type.fits(raw) ? (Object) Long.parseLong(raw.trim()) : null;
  }

  /**
   * SQL's comparison {@code op} (=, <>, <, >, <=, >=), for predicates: null (unknown) when either side is NULL, or
   * when a number meets a string that does not read as one (Hive's and MaxCompute's implicit cast to DOUBLE gives
   * NULL there). Numbers compare as Hive's operators do, with Java's primitive operators: -0.0 equals 0, and NaN
   * is neither equal to, less nor greater than anything (so only {@code <>} holds for it).
   */
  static Boolean comparison(SqlKind op, Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof Number || b instanceof Number) {
      if (a instanceof Long x && b instanceof Long y) {
        return holds(op, Long.compare(x, y));
      }
      Double x = asDouble(a);
      Double y = asDouble(b);
      if (x == null || y == null) {
        return null;
      }
      double p = x;
      double q = y;
      return switch (op) {
        case EQUALS -> p == q;
        case NOT_EQUALS -> p != q;
        case LESS_THAN -> p < q;
        case GREATER_THAN -> p > q;
        case LESS_THAN_OR_EQUAL -> p <= q;
        case GREATER_THAN_OR_EQUAL -> p >= q;
        default -> throw new IllegalArgumentException(op + " is not a comparison");
      };
    }
    return holds(op, compare(a, b));
  }

  /** Whether comparison {@code op} holds where {@link #compare} gave {@code c}. */
  private static boolean holds(SqlKind op, int c) {
    return switch (op) {
      case EQUALS -> c == 0;
      case NOT_EQUALS -> c != 0;
      case LESS_THAN -> c < 0;
      case GREATER_THAN -> c > 0;
      case LESS_THAN_OR_EQUAL -> c <= 0;
      case GREATER_THAN_OR_EQUAL -> c >= 0;
      default -> throw new IllegalArgumentException(op + " is not a comparison");
    };
  }

  /**
   * Compares values, for sorting, MIN and MAX: numbers as numbers (a string that reads as one too), in
   * {@link Double#compare}'s total order (-0.0 before 0.0, NaN last), else as text.
   */
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

  /**
   * {@code v} as GROUP BY, DISTINCT and COUNT(DISTINCT) tell values apart: as it is, but -0.0 as 0.0, since
   * {@code -0.0 = 0} holds (NaNs are one key, as {@link Double#equals} has them).
   */
  static Object key(Object v) {
    return v instanceof Double d && d == 0.0 ? (Object) 0.0 : v;
  }

  /** A value as printed: integers plainly, doubles as Java writes them (4.0), text as is. */
  static String format(Object v) {
    return String.valueOf(v);
  }

  /** {@code v} as a DOUBLE, as Hive's implicit cast reads it: a number, or text that reads as one (spaces around it allowed); else null. */
  static Double asDouble(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    String s = String.valueOf(v).trim();
    if (s.isEmpty()) { // common (an empty field), and cheaper than the exception
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
