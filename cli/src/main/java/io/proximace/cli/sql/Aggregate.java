package io.proximace.cli.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/** COUNT, SUM, MIN, MAX or AVG: found in an expression, and accumulated over one group's rows. */
final class Aggregate {
  /** The aggregate functions, by name. */
  static final Set<String> NAMES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG");

  private final Evaluator evaluator;
  private final SqlCall call;
  private final String function;
  private final SqlNode operand;
  private final Set<Object> distinct;
  private long count;
  private Object value;
  private double sum;

  /** An empty accumulator for {@code call}; a call that is not one (no argument, a nested aggregate) is refused. */
  Aggregate(SqlCall call, Evaluator evaluator, QueryText text) {
    this.evaluator = evaluator;
    this.call = call;
    function = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (call.operandCount() != 1) {
      throw text.error(call.getParserPosition(), function + " takes one argument");
    }
    SqlNode o = call.operand(0);
    operand = o instanceof SqlIdentifier id && id.isStar() ? null : o;
    if (operand == null) {
      evaluator.columns().checkQualifier((SqlIdentifier) o); // count(y.*) names a table too
    }
    if (operand == null && !function.equals("COUNT")) {
      throw text.error(call.getParserPosition(), function + "(*) is not a function; write " + function + "(<column>)");
    }
    if (operand != null && within(operand)) {
      throw text.error(call.getParserPosition(), "aggregates do not nest");
    }
    distinct = call.getFunctionQuantifier() != null && "DISTINCT".equalsIgnoreCase(call.getFunctionQuantifier().toValue())
        ? new LinkedHashSet<>() : null;
  }

  /** Whether {@code call} is an aggregate function's call. */
  static boolean is(SqlCall call) {
    return call.getOperator().getName() != null && NAMES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))
        && call.getKind() != SqlKind.AS;
  }

  /** Whether {@code n} holds an aggregate call anywhere. */
  static boolean within(SqlNode n) {
    if (!(n instanceof SqlCall call)) {
      return false;
    }
    if (is(call)) {
      return true;
    }
    return call.getOperandList().stream().anyMatch(o -> o != null && within(o));
  }

  /** Adds {@code n}'s outermost aggregate calls to {@code out}. */
  static void collect(SqlNode n, List<SqlCall> out) {
    if (n instanceof SqlCall call) {
      if (is(call)) {
        out.add(call);
      } else {
        call.getOperandList().stream().filter(Objects::nonNull).forEach(o -> collect(o, out));
      }
    }
  }

  void add(Row r) {
    Object v = operand == null ? Boolean.TRUE : evaluator.eval(operand, r, null);
    // SUM and AVG skip text that does not read as a number, as they skip NULL (Hive's cast to DOUBLE gives NULL)
    boolean numeric = function.equals("SUM") || function.equals("AVG");
    Double d = v == null || !numeric ? null : evaluator.number(v, operand);
    if (v == null || numeric && d == null || distinct != null && !distinct.add(Values.key(v))) {
      return;
    }
    count++;
    switch (function) {
      case "SUM", "AVG" -> {
        sum += d;
        // whole numbers add exactly, as BIGINT; once one is not (a DOUBLE, or text read as a number: a single one
        // came back as its text), the sum is the DOUBLE one. AVG needs only that.
        if (function.equals("SUM")) {
          value = v instanceof Long b && (count == 1 || value instanceof Long)
              ? (Object) (count == 1 ? b : add((Long) value, b)) : (Object) sum;
        }
      }
      case "MIN" -> value = value == null || Values.compare(v, value) < 0 ? v : value;
      case "MAX" -> value = value == null || Values.compare(v, value) > 0 ? v : value;
      default -> { }
    }
  }

  private long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw evaluator.overflow(call, " in " + call + ": " + a + " + " + b);
    }
  }

  Object result() {
    return switch (function) {
      case "COUNT" -> count;
      case "AVG" -> count == 0 ? null : sum / count;
      default -> value;
    };
  }
}
