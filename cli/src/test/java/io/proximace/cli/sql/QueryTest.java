package io.proximace.cli.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.home.Home;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELECT's edges: qualified names, BIGINT's range, out-of-range literals, fields that are not their column's type. */
class QueryTest {
  @TempDir
  Path tmp;
  Home home;

  @BeforeEach
  void tables() throws Exception {
    home = new Home(new Configuration(), new org.apache.hadoop.fs.Path(tmp.toUri()), "default", "alice");
    write("t", List.of(
        List.of("a", "9223372036854775807", "1.5"),
        List.of("b", "abc", "x1"), // neither field is a number: NULL, as Hive reads an unparseable field
        List.of("c", "", "2.0"),
        List.of("d", "-9223372036854775808", "0.5"),
        List.of("e", "1", "1.0")));
    write("xt", List.of(List.of("z", "7", "7.0")));
  }

  private void write(String name, List<List<String>> rows) throws Exception {
    Table t = home.create(home.table(name), Schema.parse("pk STRING, n BIGINT, x DOUBLE", "pt STRING"), false);
    try (PartitionWriter w = t.overwrite("1")) {
      for (List<String> r : rows) {
        for (String field : r) {
          w.writer().field(field);
        }
        w.writer().endRow();
      }
      w.commit();
    }
  }

  private List<String> rows(String sql) {
    return Query.run(home, new Statement(sql, 1, 1), 0).rows().stream().map(r -> String.join("|", Arrays.asList(r))).toList();
  }

  private String error(String sql) {
    return assertThrows(SqlError.class, () -> Query.run(home, new Statement(sql, 1, 1), 0)).getMessage();
  }

  @Test
  void aQualifierMustNameTheTableOrItsAliasExactly() {
    assertEquals(List.of("a"), rows("select t.pk from t where t.pk = 'a'"));
    assertEquals(List.of("a"), rows("select T.pk from `default`.t where pk = 'a'"));
    assertEquals(List.of("a"), rows("select x.pk from t x where x.pk = 'a'"));
    assertEquals(List.of("z"), rows("select xt.pk from xt"));
    // "xt" ends with "t", yet t is not this table
    assertEquals("line 1, column 8: unknown column 't.pk' (the query reads one table, xt)", error("select t.pk from xt"));
    assertEquals("line 1, column 24: unknown column 'x.pk' (the query reads one table, t)", error("select pk from t where x.pk = 'a'"));
    // a column's name is matched whole (in any case), never by its end
    assertEquals("line 1, column 24: unknown column 'k' in table t (columns: pk, n, x, pt)", error("select pk from t where k = 1"));
    assertEquals(List.of("a"), rows("select PK from t where t.Pk = 'a'"));
    // as in Hive, an alias hides the table's name
    assertEquals("line 1, column 8: unknown column 't.pk' (the query reads one table, t AS x)", error("select t.pk from t x"));
  }

  @Test
  void bigintArithmeticThatOverflowsIsAnErrorAtItsOperator() {
    assertEquals(List.of("9223372036854775806"), rows("select n - 1 from t where pk = 'a'"));
    assertEquals("line 1, column 8: BIGINT overflow: 9223372036854775807 + 1 (multiply by 1.0 to compute in DOUBLE)",
        error("select n + 1 from t where pk = 'a'"));
    assertEquals("line 1, column 8: BIGINT overflow: -9223372036854775808 - 1 (multiply by 1.0 to compute in DOUBLE)",
        error("select n - 1 from t where pk = 'd'"));
    assertEquals("line 1, column 12: BIGINT overflow: 9223372036854775807 * 2 (multiply by 1.0 to compute in DOUBLE)",
        error("select pk, n * 2 from t where pk = 'a'"));
    assertEquals("line 1, column 8: BIGINT overflow: -(-9223372036854775808) (multiply by 1.0 to compute in DOUBLE)",
        error("select -n from t where pk = 'd'"));
    assertEquals("line 1, column 8: BIGINT overflow in SUM(`n`): 9223372036854775807 + 1 (multiply by 1.0 to compute in DOUBLE)",
        error("select sum(n) from t where pk in ('a', 'e')"));
    assertEquals(List.of("9.223372036854776E18"), rows("select sum(n * 1.0) from t where pk in ('a', 'e')"));
    assertEquals(List.of("-1"), rows("select sum(n) from t where pk in ('a', 'd')"));
    // text that reads as a number sums as a DOUBLE, one row as many
    assertEquals(List.of("5.0|25.0"), rows("select sum('5'), sum('5') * 5 from xt"));
    assertEquals(List.of("25.0"), rows("select sum('5') from t"));
    assertEquals(List.of("3.5|-9223372036854775807"), rows("select sum(x), sum(n) from t where pk in ('c', 'd', 'e')"));
  }

  @Test
  void literalsAndPositionsOutOfRangeAreErrorsAtTheirPlace() {
    assertEquals("line 1, column 8: 99999999999999999999 is beyond BIGINT's range (write 99999999999999999999.0 for a DOUBLE)",
        error("select 99999999999999999999 from t"));
    assertEquals("line 1, column 28: 99999999999999999999 is beyond BIGINT's range (write 99999999999999999999.0 for a DOUBLE)",
        error("select pk from t where n < 99999999999999999999"));
    assertEquals(List.of("e"), rows("select pk from t where n < 99999999999999999999.0 and n > 0 and n < 100"));
    assertEquals("line 1, column 9: 9223372036854775808 is beyond BIGINT's range (write 9223372036854775808.0 for a DOUBLE)",
        error("select +9223372036854775808 from xt"));
    // Calcite's parser makes a minus sign and the digits one literal, so BIGINT's least value can be written
    assertEquals(List.of("d|-9223372036854775808"), rows("select pk, -9223372036854775808 from t where n = -9223372036854775808"));
    assertEquals("line 1, column 27: ORDER BY 1.5: write an output column's position (1 to 1), a name or an expression",
        error("select pk from t order by 1.5"));
    assertEquals("line 1, column 27: ORDER BY 99999999999: there are 1 output columns",
        error("select pk from t order by 99999999999"));
    assertEquals("line 1, column 24: LIMIT takes a number of rows, not 99999999999999999999",
        error("select pk from t limit 99999999999999999999"));
    assertEquals("line 1, column 24: LIMIT takes a number of rows, not 1.5", error("select pk from t limit 1.5"));
  }

  @Test
  void aFieldThatIsNotItsColumnsTypeIsNullPrintedOrComputed() {
    assertEquals(List.of("b|null|null", "c|null|2.0"), rows("select pk, n, x from t where n is null order by pk"));
    assertEquals(List.of("b|null|null"), rows("select pk, n + 0, x * 1 from t where pk = 'b'"));
    assertEquals(List.of("b|null|null|1"), rows("select * from t where x is null"));
    assertEquals(List.of("3"), rows("select count(n) from t"));
  }

  @Test
  void nullInAndOrIsUnknownNotAnError() {
    // n is NULL for b and c: NULL AND TRUE is NULL (dropped), NULL OR TRUE is TRUE (kept)
    assertEquals(List.of("a", "e"), rows("select pk from t where n > 0 and x > 0"));
    assertEquals(List.of("a", "c", "e"), rows("select pk from t where n > 0 or x > 1.9"));
    assertEquals(List.of("d"), rows("select pk from t where not (n > 0 and x > 0)")); // NOT NULL is NULL
  }

  @Test
  void notBetweenNotInWithNullAndStringsBesideNumbersFollowSql() {
    // x: a 1.5, b NULL, c 2.0, d 0.5, e 1.0
    assertEquals(List.of("a", "e"), rows("select pk from t where x between 1 and 1.5"));
    assertEquals(List.of("c", "d"), rows("select pk from t where x not between 1 and 1.5"));
    // x BETWEEN NULL AND 1 is x >= NULL AND x <= 1: FALSE where x > 1, so its negation keeps those rows
    assertEquals(List.of("a", "c"), rows("select pk from t where not (x between null and 1)"));
    assertTrue(error("select pk from t where x between symmetric 2 and 1").endsWith("not supported yet: BETWEEN SYMMETRIC "
        + "(write the lower bound first)"));
    // n: a MAX, b and c NULL, d MIN, e 1; no match with a NULL in the list is unknown
    assertEquals(List.of("e"), rows("select pk from t where n in (1, null)"));
    assertEquals(List.of(), rows("select pk from t where n not in (1, null)"));
    assertEquals(List.of("a", "d"), rows("select pk from t where n not in (1, 2)"));
    // a string beside a number compares as a number, unknown where it does not read as one; two strings as text
    assertEquals(List.of(), rows("select pk from t where pk > 1 or pk <= 1"));
    assertEquals(List.of("a"), rows("select pk from t where pk = 0 or pk = 'a'"));
    assertEquals(List.of("z"), rows("select pk from xt where x = '7'"));
    assertEquals(List.of("d", "e"), rows("select pk from t where pk > 'c'"));
  }

  /** Table m: pk, n BIGINT, x DOUBLE, s STRING, with non-canonical numbers, -0.0, NaN and text that is not a number. */
  private void mixed() throws Exception {
    Table t = home.create(home.table("m"), Schema.parse("pk STRING, n BIGINT, x DOUBLE, s STRING", "pt STRING"), false);
    try (PartitionWriter w = t.overwrite("1")) {
      for (String[] r : new String[][] {
          {"k1", "1", "1.5", "abc"}, {"k2", "01", "-0.0", "5"}, {"k3", " 1", "NaN", ""}, {"k4", "2", "0", " 2 "}}) {
        for (String field : r) {
          w.writer().field(field);
        }
        w.writer().endRow();
      }
      w.commit();
    }
  }

  @Test
  void textThatIsNotANumberIsNullInArithmeticSumAndAvg() throws Exception {
    mixed();
    // Hive's implicit cast to DOUBLE gives NULL for 'abc' and for an empty field; SUM and AVG skip NULLs
    assertEquals(List.of("k1|null|null", "k2|6.0|-5.0", "k3|null|null", "k4|3.0|-2.0"), rows("select pk, s + 1, -s from m"));
    assertEquals(List.of("7.0|3.5|4|2"), rows("select sum(s), avg(s), count(s), count(s * 1) from m"));
    assertEquals(List.of("null|null"), rows("select sum(s), avg(s) from m where pk in ('k1', 'k3')"));
    assertEquals(List.of("null"), rows("select 'abc' * 2 from m where pk = 'k1'"));
    // a truth value is no number: refused, as Hive refuses it
    assertEquals("line 1, column 8: 'true' is not a number", error("select (x > 1) + 1 from m where pk = 'k1'"));
  }

  @Test
  void negativeZeroAndNanCompareAsHivesOperatorsDo() throws Exception {
    mixed();
    // x: k1 1.5, k2 -0.0, k3 NaN, k4 0.0. -0.0 equals 0; NaN is not =, <, > anything, itself included; <> holds
    assertEquals(List.of("k2", "k4"), rows("select pk from m where x = 0"));
    assertEquals(List.of("k2", "k4"), rows("select pk from m where x = 0.0"));
    assertEquals(List.of(), rows("select pk from m where x < 0"));
    assertEquals(List.of("k1", "k2", "k4"), rows("select pk from m where x = x"));
    assertEquals(List.of(), rows("select pk from m where x > 1000 or x < -1000"));
    assertEquals(List.of("k3"), rows("select pk from m where x <> x"));
    assertEquals(List.of("k2", "k4"), rows("select pk from m where x between -1 and 1"));
    assertEquals(List.of("k1", "k3"), rows("select pk from m where x not between -1 and 1"));
    assertEquals(List.of("k2", "k4"), rows("select pk from m where x in (0, 7)"));
    // sorting, MIN and MAX keep Java's total order: -0.0 before 0.0, NaN last
    assertEquals(List.of("k2", "k4", "k1", "k3"), rows("select pk from m order by x"));
    assertEquals(List.of("-0.0|NaN"), rows("select min(x), max(x) from m"));
  }

  @Test
  void distinctComparesValuesAsGroupByDoes() throws Exception {
    mixed();
    // BIGINT 1, 01 and " 1" are one value: one row (printed as the first row's stored text), as one group
    assertEquals(List.of("1", "2"), rows("select distinct n from m"));
    assertEquals(List.of("1|3", "2|1"), rows("select n, count(*) from m group by n"));
    // a STRING is text: "5" and " 5" would be two rows
    assertEquals(List.of("abc", "5", "", " 2 "), rows("select distinct s from m"));
    assertEquals(List.of("1.0", "2.0"), rows("select distinct n * 1.0 from m"));
    // -0.0 = 0 holds, so they are one value too (k2's -0.0 first); NaN is one value
    assertEquals(List.of("1.5", "-0.0", "NaN"), rows("select distinct x from m"));
    assertEquals(List.of("1.5|1", "-0.0|2", "NaN|1"), rows("select x, count(*) from m group by x"));
    assertEquals(List.of("3"), rows("select count(distinct x) from m"));
  }

  @Test
  void aQualifierBeforeAStarMustNameTheTable() {
    assertEquals(List.of("z|7|7.0|1"), rows("select xt.* from xt"));
    assertEquals(List.of("z|7|7.0|1"), rows("select y.* from xt y"));
    assertEquals("line 1, column 8: unknown column 'y.*' (the query reads one table, xt)", error("select y.* from xt"));
    assertEquals(List.of("1"), rows("select count(xt.*) from xt"));
    assertEquals("line 1, column 14: unknown column 'y.*' (the query reads one table, xt)", error("select count(y.*) from xt"));
  }

  @Test
  void aDoubleLiteralBeyondItsRangeIsAnErrorAtItsPlace() {
    assertEquals("line 1, column 8: 1E400 is beyond DOUBLE's range", error("select 1e400 from xt"));
    assertEquals("line 1, column 29: -1E400 is beyond DOUBLE's range", error("select pk from xt where x < -1e400"));
    assertEquals(List.of("1.0E300"), rows("select 1e300 from xt"));
  }
}
