package io.proximace.cli.sql;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * Evaluates an expression over one row, and under GROUP BY over its group's aggregates: comparisons, AND/OR/NOT
 * (three-valued), IN, BETWEEN, LIKE, IS [NOT] NULL and arithmetic; a NULL operand gives NULL.
 */
final class Evaluator {
  private final Columns columns;
  private final QueryText text;
  private final Map<String, Pattern> patterns = new HashMap<>();

  Evaluator(Columns columns, QueryText text) {
    this.columns = columns;
    this.text = text;
  }

  /** The columns names resolve to. */
  Columns columns() {
    return columns;
  }

  /** The value of {@code n} for {@code row} (null: no row, as for an empty table's one group) in {@code group} (or null). */
  Object eval(SqlNode n, Row row, Group group) {
    if (n instanceof SqlLiteral lit) {
      return literal(lit);
    }
    if (n instanceof SqlIdentifier id) {
      int c = columns.resolve(id);
      if (group != null) {
        group.checkGrouped(id, c);
      }
      return row == null ? null : row.typed()[c];
    }
    if (!(n instanceof SqlCall call)) {
      throw text.error(n.getParserPosition(), "not supported yet: " + n);
    }
    if (Aggregate.is(call)) {
      if (group == null) {
        throw text.error(n.getParserPosition(), "an aggregate cannot stand here");
      }
      return group.result(call);
    }
    List<SqlNode> ops = call.getOperandList();
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND, OR -> {
        Object a = eval(ops.get(0), row, group);
        if (kind == SqlKind.AND && Boolean.FALSE.equals(a) || kind == SqlKind.OR && Boolean.TRUE.equals(a)) {
          return a;
        }
        Object b = eval(ops.get(1), row, group);
        // if/else, not ?:, which mixing false with null unboxes the null (NULL AND TRUE threw)
        Boolean decided = kind == SqlKind.AND ? Boolean.FALSE : Boolean.TRUE;
        if (decided.equals(b)) {
          return decided;
        }
        if (a == null || b == null) {
          return null;
        }
        return !decided;
      }
      case NOT -> {
        Object a = eval(ops.get(0), row, group);
        return a == null ? null : !Boolean.TRUE.equals(a);
      }
      case IS_NULL, IS_NOT_NULL -> {
        boolean isNull = eval(ops.get(0), row, group) == null;
        return kind == SqlKind.IS_NULL == isNull;
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, GREATER_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN_OR_EQUAL -> {
        return Values.comparison(kind, eval(ops.get(0), row, group), eval(ops.get(1), row, group));
      }
      case BETWEEN -> { // NOT BETWEEN too: the same kind, negated
        SqlBetweenOperator between = (SqlBetweenOperator) call.getOperator();
        if (between.flag == SqlBetweenOperator.Flag.SYMMETRIC) {
          throw text.error(n.getParserPosition(), "not supported yet: BETWEEN SYMMETRIC (write the lower bound first)");
        }
        Object a = eval(ops.get(0), row, group);
        Object lo = eval(ops.get(1), row, group);
        Object hi = eval(ops.get(2), row, group);
        Boolean in = and(Values.comparison(SqlKind.GREATER_THAN_OR_EQUAL, a, lo),
            Values.comparison(SqlKind.LESS_THAN_OR_EQUAL, a, hi));
        return in == null ? null : in != between.isNegated();
      }
      case IN, NOT_IN -> {
        Object a = eval(ops.get(0), row, group);
        if (a == null) {
          return null;
        }
        if (!(ops.get(1) instanceof SqlNodeList list)) {
          throw text.error(ops.get(1).getParserPosition(), "not supported yet: IN with a subquery");
        }
        boolean found = false;
        boolean unknown = false; // as SQL's chain of ORs: no match but a NULL comparison is NULL, for IN and NOT IN
        for (SqlNode x : list) {
          Boolean equal = Values.comparison(SqlKind.EQUALS, a, eval(x, row, group));
          found |= Boolean.TRUE.equals(equal);
          unknown |= equal == null;
        }
        if (!found && unknown) {
          return null;
        }
        return found == (kind == SqlKind.IN);
      }
      case LIKE -> {
        String op = likeOperator(call);
        Object a = eval(ops.get(0), row, group);
        Object p = eval(ops.get(1), row, group);
        if (a == null || p == null) {
          return null;
        }
        Pattern pattern = ops.get(1) instanceof SqlLiteral ? patterns.computeIfAbsent(String.valueOf(p), Evaluator::like)
            : like(String.valueOf(p)); // a literal pattern is compiled once, not once a row
        boolean m = pattern.matcher(String.valueOf(a)).matches();
        return op.startsWith("NOT") != m;
      }
      case MINUS_PREFIX, PLUS_PREFIX -> {
        Object a = eval(ops.get(0), row, group);
        if (a == null || kind == SqlKind.PLUS_PREFIX) {
          return a;
        }
        if (a instanceof Long l) {
          if (l == Long.MIN_VALUE) {
            throw overflow(call, ": -(" + l + ")");
          }
          return -l;
        }
        Double d = number(a, ops.get(0));
        return d == null ? null : -d;
      }
      case PLUS, MINUS, TIMES, DIVIDE -> {
        Object a = eval(ops.get(0), row, group);
        Object b = eval(ops.get(1), row, group);
        if (a == null || b == null) {
          return null;
        }
        if (a instanceof Long x && b instanceof Long y && kind != SqlKind.DIVIDE) {
          try {
            return switch (kind) {
              case PLUS -> Math.addExact(x, y);
              case MINUS -> Math.subtractExact(x, y);
              default -> Math.multiplyExact(x, y);
            };
          } catch (ArithmeticException e) { // refused, not wrapped round: a wrong number would look like a right one
            throw overflow(call, ": " + x + " " + call.getOperator().getName() + " " + y);
          }
        }
        Double dx = number(a, ops.get(0));
        Double dy = number(b, ops.get(1));
        if (dx == null || dy == null) {
          return null;
        }
        double x = dx;
        double y = dy;
        return switch (kind) {
          case PLUS -> x + y;
          case MINUS -> x - y;
          case TIMES -> x * y;
          default -> y == 0 ? null : x / y;
        };
      }
      default -> throw text.error(n.getParserPosition(), "not supported yet: " + call.getOperator().getName()
          + " (supported in expressions: comparisons, AND, OR, NOT, IN, BETWEEN, LIKE, IS NULL, + - * /, "
          + String.join(", ", Aggregate.NAMES.stream().sorted().toList()) + ")");
    }
  }

  /** SQL's AND of two truth values, null being unknown. */
  private static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  /** BIGINT arithmetic beyond its range, at {@code at}; {@code what} shows the operation. */
  SqlError overflow(SqlNode at, String what) {
    return text.error(at.getParserPosition(), "BIGINT overflow" + what + " (multiply by 1.0 to compute in DOUBLE)");
  }

  /**
   * {@code v} for arithmetic, SUM and AVG: null for text that does not read as a number (an empty STRING field
   * too), as Hive's and MaxCompute's implicit cast to DOUBLE gives NULL; a truth value is an error at {@code at},
   * as Hive refuses it.
   */
  Double number(Object v, SqlNode at) {
    if (v instanceof Boolean) {
      throw text.error(at.getParserPosition(), "'" + v + "' is not a number");
    }
    return Values.asDouble(v);
  }

  /** A literal's value: a whole number as a Long, another number as a Double, text as a String. */
  Object literal(SqlLiteral lit) {
    if (lit.getValue() == null) {
      return null;
    }
    if (lit instanceof SqlNumericLiteral num) {
      BigDecimal d = num.bigDecimalValue();
      if (num.isExact() && d != null && d.scale() <= 0) {
        if (d.toBigInteger().bitLength() > 63) {
          throw text.error(lit.getParserPosition(), d + " is beyond BIGINT's range (write " + d + ".0 for a DOUBLE)");
        }
        return d.longValueExact();
      }
      if (d == null) {
        return null;
      }
      double v = d.doubleValue();
      if (Double.isInfinite(v)) { // Hive would read it as a DECIMAL; Infinity here would look like a number
        throw text.error(lit.getParserPosition(), lit + " is beyond DOUBLE's range");
      }
      return v;
    }
    if (lit instanceof SqlCharStringLiteral s) {
      return s.getValueAs(String.class);
    }
    if (lit.getTypeName().getName().equals("BOOLEAN")) {
      return lit.booleanValue();
    }
    return lit.toValue();
  }

  /** {@code LIKE} or {@code NOT LIKE}; ESCAPE, ILIKE and the like are refused by name (they would be evaluated as LIKE). */
  String likeOperator(SqlCall call) {
    String op = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (call.operandCount() > 2 || !op.equals("LIKE") && !op.equals("NOT LIKE")) {
      throw text.error(call.getParserPosition(), "not supported yet: " + op + (call.operandCount() > 2 ? " ... ESCAPE" : "")
          + " (supported: [NOT] LIKE with % and _)");
    }
    return op;
  }

  private static Pattern like(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      re.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
