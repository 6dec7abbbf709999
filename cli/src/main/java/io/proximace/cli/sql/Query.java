package io.proximace.cli.sql;

import io.proximace.home.Home;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * A SELECT over one table, parsed by Calcite's Babel parser and evaluated here, row by row: projections and
 * {@code *}, WHERE with comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS [NOT] NULL and arithmetic, COUNT/SUM/MIN/
 * MAX/AVG with or without GROUP BY (and HAVING), DISTINCT, ORDER BY (names, aliases or positions), LIMIT and
 * OFFSET. Rows come in partition order, then file and line order, unless ordered (a stable sort). A WHERE that
 * fixes the partition column ({@code pt='v'}) reads that partition only.
 */
public final class Query {
  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withConformance(SqlConformanceEnum.BABEL)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withQuoting(Quoting.BACK_TICK_BACKSLASH)
      // MaxCompute's (and Hive's) string literals, as the statement splitter and VALUES read them: '...' or "...",
      // with backslash escapes
      .withCharLiteralStyles(java.util.EnumSet.of(org.apache.calcite.config.CharLiteralStyle.BQ_SINGLE,
          org.apache.calcite.config.CharLiteralStyle.BQ_DOUBLE));
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG");
  private static final String SHAPE = "SELECT <columns> FROM <table> [WHERE ...] [GROUP BY ...] [HAVING ...] "
      + "[ORDER BY ...] [LIMIT n]";

  /** A result: column names, and each row's values as printed (and as written by INSERT ... SELECT). */
  public record Rows(List<String> header, List<String[]> rows) {}

  private final Statement statement;
  private final int base;
  private final String sql;
  private String tableName;
  private String alias;
  private List<String> names;
  private List<ColumnType> types;

  private Query(Statement statement, int base) {
    this.statement = statement;
    this.base = base;
    this.sql = statement.text().substring(base);
  }

  /** Runs the query that starts at {@code offset} in {@code statement}, reading tables of {@code home}. */
  public static Rows run(Home home, Statement statement, int offset) {
    return new Query(statement, offset).run(home);
  }

  private Rows run(Home home) {
    SqlNode root;
    try {
      root = SqlParser.create(sql, CONFIG).parseQuery();
    } catch (SqlParseException e) {
      SqlParserPos pos = e.getPos();
      String message = Objects.requireNonNullElse(e.getMessage(), "cannot parse").lines().findFirst().orElse("")
          .replaceAll(" at line \\d+, column \\d+\\.?$", "");
      throw pos == null ? statement.error(base, message) : error(pos, message);
    }
    SqlNodeList orderList = null;
    SqlNode fetch = null;
    SqlNode offsetNode = null;
    if (root instanceof SqlOrderBy ob) {
      orderList = ob.orderList;
      fetch = ob.fetch;
      offsetNode = ob.offset;
      root = ob.query;
    }
    if (!(root instanceof SqlSelect select)) {
      throw error(root.getParserPosition(), "not supported yet: " + root.getKind() + " queries (supported: " + SHAPE + ")");
    }
    if (orderList == null) {
      orderList = select.getOrderList();
      fetch = select.getFetch();
      offsetNode = select.getOffset();
    }
    Table table = open(home, select.getFrom());
    Schema schema = table.schema();
    names = new ArrayList<>();
    types = new ArrayList<>();
    for (Column c : schema.columns()) {
      names.add(c.name());
      types.add(c.type());
    }
    names.add(schema.partition().name());
    types.add(ColumnType.STRING);

    // the select list, with * expanded
    List<SqlNode> items = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (SqlNode n : select.getSelectList()) {
      if (n instanceof SqlIdentifier id && id.isStar()) {
        for (String name : names) {
          items.add(new SqlIdentifier(name, id.getParserPosition()));
          header.add(name);
        }
      } else if (n.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) n;
        items.add(as.operand(0));
        header.add(((SqlIdentifier) as.operand(1)).getSimple());
      } else {
        items.add(n);
        header.add(n instanceof SqlIdentifier id ? names.get(column(id)) : "_c" + header.size());
      }
    }
    List<SqlNode> group = select.getGroup() == null ? List.of() : select.getGroup().getList();
    boolean aggregate = !group.isEmpty() || select.getHaving() != null
        || items.stream().anyMatch(Query::hasAggregate)
        || orderList != null && orderList.stream().anyMatch(Query::hasAggregate);
    // forms evaluation would get wrong are refused before any row is read, so an empty table refuses them too
    for (SqlNode n : new SqlNode[] {select.getSelectList(), select.getWhere(), select.getHaving()}) {
      if (n != null) {
        n.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getKind() == SqlKind.LIKE) {
              likeOperator(call);
            }
            return super.visit(call);
          }
        });
      }
    }
    if (select.getWhere() != null && hasAggregate(select.getWhere())) {
      throw error(select.getWhere().getParserPosition(), "an aggregate cannot stand in WHERE (use HAVING)");
    }

    // each source row, or each group, becomes one output row with its sort keys
    List<Out> out = new ArrayList<>();
    List<SqlNode> orderBy = new ArrayList<>();
    List<Boolean> descending = new ArrayList<>();
    if (orderList != null) {
      for (SqlNode o : orderList) {
        boolean desc = false;
        while (o.getKind() == SqlKind.DESCENDING || o.getKind() == SqlKind.NULLS_FIRST || o.getKind() == SqlKind.NULLS_LAST) {
          if (o.getKind() != SqlKind.DESCENDING) { // refused, not ignored: NULLs sort first here, whatever it asks
            throw error(o.getParserPosition(), "not supported yet: " + o.getKind().sql.replace('_', ' ') + " (NULLs sort first)");
          }
          desc = true;
          o = ((SqlCall) o).operand(0);
        }
        orderBy.add(o);
        descending.add(desc);
      }
    }
    int from = offsetNode == null ? 0 : count(offsetNode, "OFFSET");
    int limit = fetch == null ? Integer.MAX_VALUE : count(fetch, "LIMIT");
    if (!aggregate) {
      // unordered and not distinct: the first offset + limit rows are the answer, so reading stops there
      long enough = orderBy.isEmpty() && !select.isDistinct() ? (long) from + limit : Long.MAX_VALUE;
      for (Row r : scan(table, select.getWhere(), enough)) {
        out.add(project(items, orderBy, header, r, null));
      }
    } else {
      Set<Integer> grouped = new HashSet<>();
      for (SqlNode g : group) {
        if (!(g instanceof SqlIdentifier id)) {
          throw error(g.getParserPosition(), "GROUP BY takes column names here");
        }
        grouped.add(column(id));
      }
      Map<List<Object>, Group> groups = new LinkedHashMap<>();
      List<SqlCall> calls = new ArrayList<>();
      items.forEach(i -> collectAggregates(i, calls));
      orderBy.forEach(i -> collectAggregates(i, calls));
      if (select.getHaving() != null) {
        collectAggregates(select.getHaving(), calls);
      }
      for (Row r : scan(table, select.getWhere(), Long.MAX_VALUE)) {
        List<Object> key = new ArrayList<>();
        for (SqlNode g : group) {
          key.add(r.typed[column((SqlIdentifier) g)]);
        }
        Group gr = groups.computeIfAbsent(key, k -> new Group(r, grouped, calls));
        gr.add(r);
      }
      if (group.isEmpty() && groups.isEmpty()) {
        groups.put(List.of(), new Group(null, grouped, calls));
      }
      for (Group gr : groups.values()) {
        if (select.getHaving() != null && !Boolean.TRUE.equals(eval(select.getHaving(), gr.first, gr))) {
          continue;
        }
        out.add(project(items, orderBy, header, gr.first, gr));
      }
    }
    if (select.isDistinct()) {
      Set<List<String>> seen = new HashSet<>();
      out.removeIf(o -> !seen.add(java.util.Arrays.asList(o.display)));
    }
    if (!orderBy.isEmpty()) {
      out.sort((a, b) -> {
        for (int k = 0; k < a.keys.length; k++) {
          int c = compareForSort(a.keys[k], b.keys[k]);
          if (c != 0) {
            return descending.get(k) ? -c : c;
          }
        }
        return 0;
      });
    }
    List<String[]> rows = new ArrayList<>();
    for (int i = from; i < out.size() && rows.size() < limit; i++) {
      rows.add(out.get(i).display);
    }
    return new Rows(header, rows);
  }

  private Table open(Home home, SqlNode from) {
    if (from == null) {
      throw statement.error(base, "a query needs FROM <table> here (supported: " + SHAPE + ")");
    }
    SqlNode t = from;
    if (from.getKind() == SqlKind.AS) {
      t = ((SqlCall) from).operand(0);
      alias = ((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple();
    }
    if (!(t instanceof SqlIdentifier id)) {
      throw error(from.getParserPosition(), "not supported yet: " + from.getKind() + " in FROM; name one table");
    }
    tableName = String.join(".", id.names);
    try {
      return home.open(home.table(tableName), Privilege.SELECT);
    } catch (io.proximace.ProximaException e) {
      throw error(id.getParserPosition(), e.getMessage());
    }
  }

  /** One source row: values typed by the column types, and the text as stored (printed as is). */
  private record Row(Object[] typed, String[] raw) {}

  /** One output row: what is printed, and its ORDER BY keys. */
  private record Out(String[] display, Object[] keys) {}

  /** The rows WHERE keeps, in partition, file and line order; at most {@code max}. */
  private List<Row> scan(Table table, SqlNode where, long max) {
    List<String> values = table.partitionValues();
    String fixed = fixedPartition(where);
    if (fixed != null) {
      values = values.contains(fixed) ? List.of(fixed) : List.of();
    }
    List<Row> rows = new ArrayList<>();
    int n = names.size();
    for (String v : values) {
      if (rows.size() >= max) {
        break;
      }
      Partition p = table.partition(v);
      try (PartitionReader r = p.open()) {
        while (rows.size() < max && r.next()) {
          Object[] typed = new Object[n];
          String[] raw = new String[n];
          for (int c = 0; c < n - 1; c++) {
            raw[c] = c < r.fieldCount() ? r.field(c) : "";
            typed[c] = typed(raw[c], types.get(c));
          }
          raw[n - 1] = v;
          typed[n - 1] = v;
          Row row = new Row(typed, raw);
          if (where == null || Boolean.TRUE.equals(eval(where, row, null))) {
            rows.add(row);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** The partition value a WHERE fixes by a top-level {@code pt = 'v'} conjunct, or null. */
  private String fixedPartition(SqlNode where) {
    if (where == null) {
      return null;
    }
    if (where.getKind() == SqlKind.AND) {
      for (SqlNode o : ((SqlCall) where).getOperandList()) {
        String v = fixedPartition(o);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
    if (where.getKind() == SqlKind.EQUALS) {
      SqlNode a = ((SqlCall) where).operand(0);
      SqlNode b = ((SqlCall) where).operand(1);
      if (b instanceof SqlIdentifier) {
        SqlNode x = a;
        a = b;
        b = x;
      }
      // a text literal only: a number compares by value (pt = 1 matches pt=01), so it cannot pick the folder
      if (a instanceof SqlIdentifier id && column(id) == names.size() - 1 && b instanceof org.apache.calcite.sql.SqlCharStringLiteral lit) {
        return String.valueOf(literal(lit));
      }
    }
    return null;
  }

  private static Object typed(String raw, ColumnType type) {
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

  private Out project(List<SqlNode> items, List<SqlNode> orderBy, List<String> header, Row row, Group group) {
    String[] display = new String[items.size()];
    Object[] values = new Object[items.size()];
    for (int i = 0; i < items.size(); i++) {
      SqlNode n = items.get(i);
      if (n instanceof SqlIdentifier id && row != null) {
        int c = column(id);
        if (group != null) {
          group.checkGrouped(id, c);
        }
        values[i] = row.typed[c];
        display[i] = row.raw[c];
      } else {
        values[i] = eval(n, row, group);
        display[i] = values[i] == null ? null : format(values[i]); // null: SQL NULL, which INSERT must not store as text
      }
    }
    Object[] keys = new Object[orderBy.size()];
    for (int k = 0; k < keys.length; k++) {
      SqlNode o = orderBy.get(k);
      int output = outputIndex(o, header, items.size());
      keys[k] = output >= 0 ? values[output] : eval(o, row, group);
    }
    return new Out(display, keys);
  }

  /** The output column an ORDER BY item names (a position, or an alias that is not a column), or -1. */
  private int outputIndex(SqlNode o, List<String> header, int size) {
    if (o instanceof SqlNumericLiteral lit) {
      int k = lit.intValue(true);
      if (k < 1 || k > size) {
        throw error(o.getParserPosition(), "ORDER BY " + k + ": there are " + size + " output columns");
      }
      return k - 1;
    }
    if (o instanceof SqlIdentifier id && id.isSimple()) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equalsIgnoreCase(id.getSimple())) {
          return i;
        }
      }
    }
    return -1;
  }

  private int column(SqlIdentifier id) {
    if (id.names.size() > 2 || id.names.size() == 2 && !qualifies(id.names.get(0))) {
      throw error(id.getParserPosition(), "unknown column '" + id + "' (the query reads one table, " + tableName + ")");
    }
    String name = id.names.get(id.names.size() - 1);
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw error(id.getParserPosition(), "unknown column '" + name + "' in table " + tableName + " (columns: "
        + String.join(", ", names) + ")");
  }

  private boolean qualifies(String q) {
    return q.equalsIgnoreCase(alias == null ? "" : alias) || tableName.toLowerCase(Locale.ROOT).endsWith(q.toLowerCase(Locale.ROOT));
  }

  private Object eval(SqlNode n, Row row, Group group) {
    if (n instanceof SqlLiteral lit) {
      return literal(lit);
    }
    if (n instanceof SqlIdentifier id) {
      int c = column(id);
      if (group != null) {
        group.checkGrouped(id, c);
      }
      return row == null ? null : row.typed[c];
    }
    if (!(n instanceof SqlCall call)) {
      throw error(n.getParserPosition(), "not supported yet: " + n);
    }
    if (isAggregate(call)) {
      if (group == null) {
        throw error(n.getParserPosition(), "an aggregate cannot stand here");
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
        if (kind == SqlKind.AND) {
          return Boolean.FALSE.equals(b) ? false : a == null || b == null ? null : true;
        }
        return Boolean.TRUE.equals(b) ? true : a == null || b == null ? null : false;
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
        Object a = eval(ops.get(0), row, group);
        Object b = eval(ops.get(1), row, group);
        if (a == null || b == null) {
          return null;
        }
        int c = compare(a, b);
        return switch (kind) {
          case EQUALS -> c == 0;
          case NOT_EQUALS -> c != 0;
          case LESS_THAN -> c < 0;
          case GREATER_THAN -> c > 0;
          case LESS_THAN_OR_EQUAL -> c <= 0;
          default -> c >= 0;
        };
      }
      case BETWEEN -> {
        Object a = eval(ops.get(0), row, group);
        Object lo = eval(ops.get(1), row, group);
        Object hi = eval(ops.get(2), row, group);
        return a == null || lo == null || hi == null ? null : compare(a, lo) >= 0 && compare(a, hi) <= 0;
      }
      case IN, NOT_IN -> {
        Object a = eval(ops.get(0), row, group);
        if (a == null) {
          return null;
        }
        if (!(ops.get(1) instanceof SqlNodeList list)) {
          throw error(ops.get(1).getParserPosition(), "not supported yet: IN with a subquery");
        }
        boolean found = false;
        for (SqlNode x : list) {
          Object v = eval(x, row, group);
          found |= v != null && compare(a, v) == 0;
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
        boolean m = like(String.valueOf(p)).matcher(String.valueOf(a)).matches();
        return op.startsWith("NOT") != m;
      }
      case MINUS_PREFIX, PLUS_PREFIX -> {
        Object a = eval(ops.get(0), row, group);
        if (a == null || kind == SqlKind.PLUS_PREFIX) {
          return a;
        }
        return a instanceof Long l ? (Object) (-l) : (Object) (-number(a, ops.get(0)));
      }
      case PLUS, MINUS, TIMES, DIVIDE -> {
        Object a = eval(ops.get(0), row, group);
        Object b = eval(ops.get(1), row, group);
        if (a == null || b == null) {
          return null;
        }
        if (a instanceof Long x && b instanceof Long y && kind != SqlKind.DIVIDE) {
          return switch (kind) {
            case PLUS -> x + y;
            case MINUS -> x - y;
            default -> x * y;
          };
        }
        double x = number(a, ops.get(0));
        double y = number(b, ops.get(1));
        return switch (kind) {
          case PLUS -> x + y;
          case MINUS -> x - y;
          case TIMES -> x * y;
          default -> y == 0 ? null : x / y;
        };
      }
      default -> throw error(n.getParserPosition(), "not supported yet: " + call.getOperator().getName()
          + " (supported in expressions: comparisons, AND, OR, NOT, IN, BETWEEN, LIKE, IS NULL, + - * /, "
          + String.join(", ", AGGREGATES.stream().sorted().toList()) + ")");
    }
  }

  private double number(Object v, SqlNode at) {
    if (v instanceof Number num) {
      return num.doubleValue();
    }
    try {
      return Double.parseDouble(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw error(at.getParserPosition(), "'" + v + "' is not a number");
    }
  }

  private static Object literal(SqlLiteral lit) {
    if (lit.getValue() == null) {
      return null;
    }
    if (lit instanceof SqlNumericLiteral num) {
      BigDecimal d = num.bigDecimalValue();
      if (num.isExact() && d != null && d.scale() <= 0) {
        return d.longValueExact();
      }
      return d == null ? null : d.doubleValue();
    }
    if (lit instanceof SqlCharStringLiteral s) {
      return s.getValueAs(String.class);
    }
    if (lit.getTypeName().getName().equals("BOOLEAN")) {
      return lit.booleanValue();
    }
    return lit.toValue();
  }

  /** Compares values: numbers as numbers (a string that reads as one too), else as text. */
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

  private static int compareForSort(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1; // NULLs first, as MaxCompute sorts ascending
    }
    return compare(a, b);
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

  /** {@code LIKE} or {@code NOT LIKE}; ESCAPE, ILIKE and the like are refused by name (they would be evaluated as LIKE). */
  private String likeOperator(SqlCall call) {
    String op = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (call.operandCount() > 2 || !op.equals("LIKE") && !op.equals("NOT LIKE")) {
      throw error(call.getParserPosition(), "not supported yet: " + op + (call.operandCount() > 2 ? " ... ESCAPE" : "")
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

  /** A value as printed: integers plainly, doubles as Java writes them (4.0), text as is. */
  static String format(Object v) {
    return String.valueOf(v);
  }

  private static boolean isAggregate(SqlCall call) {
    return call.getOperator().getName() != null && AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))
        && call.getKind() != SqlKind.AS;
  }

  private static boolean hasAggregate(SqlNode n) {
    if (!(n instanceof SqlCall call)) {
      return false;
    }
    if (isAggregate(call)) {
      return true;
    }
    return call.getOperandList().stream().anyMatch(o -> o != null && hasAggregate(o));
  }

  private static void collectAggregates(SqlNode n, List<SqlCall> out) {
    if (n instanceof SqlCall call) {
      if (isAggregate(call)) {
        out.add(call);
      } else {
        call.getOperandList().stream().filter(Objects::nonNull).forEach(o -> collectAggregates(o, out));
      }
    }
  }

  /** One group's first row and its aggregates' running state. */
  private final class Group {
    final Row first;
    final Set<Integer> grouped;
    final Map<String, Accumulator> accumulators = new LinkedHashMap<>();

    Group(Row first, Set<Integer> grouped, List<SqlCall> calls) {
      this.first = first;
      this.grouped = grouped;
      for (SqlCall c : calls) {
        accumulators.putIfAbsent(c.toString(), new Accumulator(c));
      }
    }

    void add(Row r) {
      accumulators.values().forEach(a -> a.add(r));
    }

    Object result(SqlCall call) {
      return accumulators.get(call.toString()).result();
    }

    void checkGrouped(SqlIdentifier id, int c) {
      if (!grouped.contains(c)) {
        throw error(id.getParserPosition(), "column " + id + " is neither in GROUP BY nor in an aggregate");
      }
    }
  }

  /** COUNT, SUM, MIN, MAX or AVG over one group. */
  private final class Accumulator {
    final String function;
    final SqlNode operand;
    final Set<Object> distinct;
    long count;
    Object value;
    double sum;

    Accumulator(SqlCall call) {
      function = call.getOperator().getName().toUpperCase(Locale.ROOT);
      if (call.operandCount() != 1) {
        throw error(call.getParserPosition(), function + " takes one argument");
      }
      SqlNode o = call.operand(0);
      operand = o instanceof SqlIdentifier id && id.isStar() ? null : o;
      if (operand == null && !function.equals("COUNT")) {
        throw error(call.getParserPosition(), function + "(*) is not a function; write " + function + "(<column>)");
      }
      if (operand != null && hasAggregate(operand)) {
        throw error(call.getParserPosition(), "aggregates do not nest");
      }
      distinct = call.getFunctionQuantifier() != null && "DISTINCT".equalsIgnoreCase(call.getFunctionQuantifier().toValue())
          ? new LinkedHashSet<>() : null;
    }

    void add(Row r) {
      Object v = operand == null ? Boolean.TRUE : eval(operand, r, null);
      if (v == null || distinct != null && !distinct.add(v)) {
        return;
      }
      count++;
      switch (function) {
        case "SUM", "AVG" -> {
          double d = number(v, operand);
          sum += d;
          value = value == null ? v : value instanceof Long a && v instanceof Long b ? (Object) (a + b) : (Object) sum;
        }
        case "MIN" -> value = value == null || compare(v, value) < 0 ? v : value;
        case "MAX" -> value = value == null || compare(v, value) > 0 ? v : value;
        default -> { }
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

  private int count(SqlNode n, String what) {
    if (n instanceof SqlNumericLiteral lit && lit.isExact()) {
      long v = lit.longValue(true);
      if (v >= 0 && v <= Integer.MAX_VALUE) {
        return (int) v;
      }
    }
    throw error(n.getParserPosition(), what + " takes a number of rows, not " + n);
  }

  /** An error at a Calcite position (line and column of the query's text), placed in the script. */
  private SqlError error(SqlParserPos pos, String message) {
    int line = 1;
    int offset = 0;
    while (line < pos.getLineNum() && offset < sql.length()) {
      if (sql.charAt(offset++) == '\n') {
        line++;
      }
    }
    return statement.error(base + offset + Math.max(0, pos.getColumnNum() - 1), message);
  }
}
