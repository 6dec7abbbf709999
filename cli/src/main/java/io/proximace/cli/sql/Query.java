package io.proximace.cli.sql;

import io.proximace.home.Home;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CharLiteralStyle;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlBasicVisitor;
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
      .withCharLiteralStyles(EnumSet.of(CharLiteralStyle.BQ_SINGLE, CharLiteralStyle.BQ_DOUBLE));
  private static final String SHAPE = "SELECT <columns> FROM <table> [WHERE ...] [GROUP BY ...] [HAVING ...] "
      + "[ORDER BY ...] [LIMIT n]";

  /** A result: column names, and each row's values as printed (and as written by INSERT ... SELECT). */
  public record Rows(List<String> header, List<String[]> rows) {}

  private Query() {}

  /** Runs the query that starts at {@code offset} in {@code statement}, reading tables of {@code home}. */
  public static Rows run(Home home, Statement statement, int offset) {
    QueryText text = QueryText.of(statement, offset);
    SqlNode root;
    try {
      root = SqlParser.create(text.sql(), CONFIG).parseQuery();
    } catch (SqlParseException e) {
      SqlParserPos pos = e.getPos();
      String message = Objects.requireNonNullElse(e.getMessage(), "cannot parse").lines().findFirst().orElse("")
          .replaceAll(" at line \\d+, column \\d+\\.?$", "");
      throw pos == null ? text.error(message) : text.error(pos, message);
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
      throw text.error(root.getParserPosition(), "not supported yet: " + root.getKind() + " queries (supported: " + SHAPE + ")");
    }
    if (orderList == null) {
      orderList = select.getOrderList();
      fetch = select.getFetch();
      offsetNode = select.getOffset();
    }
    if (select.getFrom() == null) {
      throw text.error("a query needs FROM <table> here (supported: " + SHAPE + ")");
    }
    SqlNode from = select.getFrom();
    SqlNode t = from;
    String alias = null;
    if (from.getKind() == SqlKind.AS) {
      t = ((SqlCall) from).operand(0);
      alias = ((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple();
    }
    if (!(t instanceof SqlIdentifier id)) {
      throw text.error(from.getParserPosition(), "not supported yet: " + from.getKind() + " in FROM; name one table");
    }
    String tableName = String.join(".", id.names);
    Table table;
    try {
      table = home.open(home.table(tableName), Privilege.SELECT);
    } catch (io.proximace.ProximaException e) {
      throw text.error(id.getParserPosition(), e.getMessage());
    }
    Columns columns = new Columns(table.schema(), table.partitioned(), tableName, alias, text);
    Evaluator evaluator = new Evaluator(columns, text);
    Projection projection = new Projection(select.getSelectList(), columns, evaluator);

    List<SqlNode> group = select.getGroup() == null ? List.of() : select.getGroup().getList();
    boolean aggregate = !group.isEmpty() || select.getHaving() != null
        || projection.items().stream().anyMatch(Aggregate::within)
        || orderList != null && orderList.stream().anyMatch(Aggregate::within);
    refuseEarly(select, evaluator);
    if (select.getWhere() != null && Aggregate.within(select.getWhere())) {
      throw text.error(select.getWhere().getParserPosition(), "an aggregate cannot stand in WHERE (use HAVING)");
    }

    // each source row, or each group, becomes one output row with its sort keys
    OrderBy order = new OrderBy(orderList, projection.header(), evaluator, text);
    int skip = offsetNode == null ? 0 : count(offsetNode, "OFFSET", text);
    int limit = fetch == null ? Integer.MAX_VALUE : count(fetch, "LIMIT", text);
    List<Projection.Out> out = new ArrayList<>();
    if (!aggregate) {
      // unordered and not distinct: the first offset + limit rows are the answer, so reading stops there
      long enough = order.isEmpty() && !select.isDistinct() ? (long) skip + limit : Long.MAX_VALUE;
      for (Row r : Scan.rows(table, columns, evaluator, select.getWhere(), enough)) {
        out.add(projection.apply(r, null, order));
      }
    } else {
      Grouping grouping = new Grouping(group, select.getHaving(), projection, order, columns, evaluator, text);
      out = grouping.apply(Scan.rows(table, columns, evaluator, select.getWhere(), Long.MAX_VALUE), projection, order);
    }
    if (select.isDistinct()) {
      // by value, as GROUP BY groups (BIGINT 1 and 01 are one row, printed as the first one's stored text)
      Set<List<Object>> seen = new HashSet<>();
      out.removeIf(o -> !seen.add(Arrays.stream(o.values()).map(Values::key).toList()));
    }
    order.sort(out);
    List<String[]> rows = new ArrayList<>();
    for (int i = skip; i < out.size() && rows.size() < limit; i++) {
      rows.add(out.get(i).display());
    }
    return new Rows(projection.header(), rows);
  }

  /** Refuses, before any row is read (so an empty table refuses them too), forms evaluation would get wrong. */
  private static void refuseEarly(SqlSelect select, Evaluator evaluator) {
    for (SqlNode n : new SqlNode[] {select.getSelectList(), select.getWhere(), select.getHaving()}) {
      if (n != null) {
        n.accept(new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getKind() == SqlKind.LIKE) {
              evaluator.likeOperator(call); // LIKE ... ESCAPE, ILIKE and the like
            }
            return super.visit(call);
          }

          @Override
          public Void visit(SqlLiteral literal) {
            if (literal instanceof SqlNumericLiteral) {
              evaluator.literal(literal); // a number beyond BIGINT's range
            }
            return null;
          }
        });
      }
    }
  }

  private static int count(SqlNode n, String what, QueryText text) {
    if (n instanceof SqlNumericLiteral lit && lit.isExact()) {
      BigDecimal v = lit.bigDecimalValue();
      if (v.scale() <= 0 && v.signum() >= 0 && v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
        return v.intValue();
      }
    }
    throw text.error(n.getParserPosition(), what + " takes a number of rows, not " + n);
  }
}
