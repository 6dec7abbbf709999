package io.proximace.cli.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.home.Home;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SELECT evaluator against plain Java over the same random rows: filters in three-valued logic over NULLs,
 * strings compared with numbers, ties (duplicate pks, equal sort keys), ordering, limits and groups.
 *
 * <p>Ties are compared exactly, not as multisets: the query's sort is stable over rows in partition, file and line
 * order (as its Javadoc promises), so the oracle sorts the rows in that order with a stable sort too.
 */
class QueryOracleTest {
  @TempDir
  Path tmp;

  /**
   * A row as SQL sees it: n and x NULL where the field is empty or not a number; s (STRING) never NULL. nField is
   * n's stored text (01 or " 1" for 1 too), which a bare column prints.
   */
  record R(String pk, Long n, String nField, Double x, String s, String pt) {
    String nText() {
      return n == null ? "null" : nField;
    }

    String xText() {
      return String.valueOf(x);
    }
  }

  private static final List<String> STRINGS = List.of("10", "9", "-1.5", "abc", "", "2", "x7", "3.0", "10.0", " 4 ");

  @Test
  void randomTablesGiveWhatPlainJavaComputes() throws Exception {
    Home home = new Home(new Configuration(), new org.apache.hadoop.fs.Path(tmp.toUri()), "default", "alice");
    Table t = home.create(home.table("t"), Schema.parse("pk STRING, n BIGINT, x DOUBLE, s STRING", "pt STRING"), false);
    Random random = new Random(42);
    List<R> all = new ArrayList<>(); // in partition, file and line order: the order a query reads them
    for (String pt : List.of("a", "b", "c")) {
      try (PartitionWriter w = t.overwrite(pt)) {
        for (int i = 0; i < 200; i++) {
          // few values: many ties; pks repeat within and across partitions
          Long n = random.nextInt(8) == 0 ? null : (long) (random.nextInt(7) - 3);
          // -0.0 and NaN among the doubles: -0.0 = 0 holds, a comparison with NaN does not (but <>)
          Double x = random.nextInt(8) == 0 ? null : random.nextInt(10) == 0 ? (random.nextBoolean() ? -0.0 : Double.NaN)
              : random.nextInt(9) / 2.0;
          // a BIGINT's text need not be canonical: 01, " 1" and 1 are one value
          String nField = n == null ? (random.nextBoolean() ? "" : "n/a") // both read as NULL
              : List.of(n.toString(), " " + n, n < 0 ? "-0" + -n : "0" + n).get(random.nextInt(3));
          R r = new R("k" + random.nextInt(120), n, nField, x, STRINGS.get(random.nextInt(STRINGS.size())), pt);
          String xField = x != null ? x.toString() : random.nextBoolean() ? "" : "bad";
          w.writer().field(r.pk()).field(nField).field(xField).field(r.s()).endRow();
          all.add(r);
        }
        w.commit();
      }
    }
    for (int round = 0; round < 25; round++) {
      long k = random.nextInt(7) - 3;
      long k2 = random.nextInt(7) - 3;
      double y = random.nextInt(9) / 2.0;
      int limit = 1 + random.nextInt(50);
      String pt = List.of("a", "b", "c").get(random.nextInt(3));
      String at = "round " + round + " (k=" + k + ", k2=" + k2 + ", y=" + y + ", limit=" + limit + ", pt=" + pt + ")";

      // NULL comparisons are unknown: a row is kept only where the whole condition is TRUE
      assertEquals(
          sorted(all.stream().filter(r -> isTrue(or(and(gt(r.n(), k), le(r.x(), y)), and(r.pt().equals(pt), eq(r.n(), k))))),
              desc(R::x).thenComparing(R::pk)).limit(limit).map(r -> r.pk() + "|" + r.nText() + "|" + r.xText()).toList(),
          rows(home, "select pk, n, x from t where n > " + k + " and x <= " + y + " or pt = '" + pt + "' and n = " + k
              + " order by x desc, pk limit " + limit), at);

      assertEquals(all.stream().filter(r -> r.pt().equals(pt) && isTrue(not(eq(r.n(), k)))).skip(3).limit(limit)
          .map(r -> r.pk() + "|" + r.nText()).toList(),
          rows(home, "SELECT pk, n FROM t WHERE pt='" + pt + "' AND n <> " + k + " LIMIT " + limit + " OFFSET 3"), at);

      // equal keys everywhere: n has seven values and NULL (first ascending, so last descending)
      assertEquals(sorted(all.stream(), desc(R::n)).limit(limit).map(r -> r.pk() + "|" + r.nText()).toList(),
          rows(home, "select pk, n from t order by n desc limit " + limit), at);
      assertEquals(sorted(all.stream().filter(r -> isTrue(not(between(r.x(), y, y + 1)))), asc(R::x).thenComparing(asc(R::n)))
          .map(r -> r.pk() + "|" + r.xText()).toList(),
          rows(home, "select pk, x from t where x not between " + y + " and " + y + " + 1 order by x, n"), at);

      // IN and NOT IN with a NULL in the list: no match is unknown, so NOT IN keeps nothing
      assertEquals(all.stream().filter(r -> r.n() != null && (r.n() == k || r.n() == k2)).map(R::pk).toList(),
          rows(home, "select pk from t where n in (" + k + ", null, " + k2 + ")"), at);
      assertEquals(all.stream().filter(r -> r.n() != null && r.n() != k && r.n() != k2).map(R::pk).toList(),
          rows(home, "select pk from t where n not in (" + k + ", " + k2 + ")"), at);
      assertEquals(List.of(), rows(home, "select pk from t where n not in (" + k + ", null)"), at);
      // NaN: x <> y holds for it, x = x does not
      assertEquals(all.stream().filter(r -> isTrue(ne(r.x(), y)) && isTrue(not(eq(r.x(), r.x())))).map(R::pk).toList(),
          rows(home, "select pk from t where x <> " + y + " and not (x = x)"), at);
      assertEquals(all.stream().filter(r -> isTrue(eq(r.x(), 0L))).map(r -> r.pk() + "|" + r.xText()).toList(),
          rows(home, "select pk, x from t where x = 0"), at);

      // a string compared with a number compares as a number, and is unknown where it does not read as one
      // (Hive's and MaxCompute's implicit cast to DOUBLE gives NULL); two strings compare as text
      assertEquals(sorted(all.stream().filter(r -> isTrue(gt(r.s(), k))), asc(R::s)).map(r -> r.pk() + "|" + r.s()).toList(),
          rows(home, "select pk, s from t where s > " + k + " order by s"), at);
      assertEquals(all.stream().filter(r -> isTrue(or(eq(r.s(), k2), eq(r.s(), "abc")))).map(r -> r.pk() + "|" + r.s()).toList(),
          rows(home, "select pk, s from t where s = " + k2 + " or s = 'abc'"), at);
      assertEquals(all.stream().filter(r -> r.s().compareTo(String.valueOf(k)) < 0).map(r -> r.pk() + "|" + r.s()).toList(),
          rows(home, "select pk, s from t where s < '" + k + "'"), at);
      assertEquals(all.stream().filter(r -> isTrue(or(eq(r.s(), 10L), eq(r.s(), "x7")))).map(R::pk).toList(),
          rows(home, "select pk from t where s in (10, 'x7')"), at);
      assertEquals(all.stream().filter(r -> isTrue(between(num(r.s()), (double) k, 9.0))).map(R::pk).toList(),
          rows(home, "select pk from t where s between " + k + " and 9"), at);

      // groups, a NULL key among them (sorted first); COUNT(x) and SUM(x) skip NULLs, SUM of none is NULL
      Map<Long, List<R>> groups = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
      all.stream().filter(r -> isTrue(or(ge(r.x(), y), r.x() == null ? true : null)))
          .forEach(r -> groups.computeIfAbsent(r.n(), n -> new ArrayList<>()).add(r));
      List<String> grouped = new ArrayList<>();
      groups.forEach((n, rs) -> {
        List<Double> xs = rs.stream().map(R::x).filter(Objects::nonNull).toList();
        Double sum = xs.isEmpty() ? null : xs.stream().reduce(0.0, Double::sum);
        Double max = xs.stream().max(Double::compare).orElse(null);
        String min = rs.stream().map(R::s).min(Comparator.naturalOrder()).orElseThrow();
        grouped.add(rs.getFirst().nText() + "|" + rs.size() + "|" + xs.size() + "|" + sum + "|" + min + "|" + max);
      });
      assertEquals(grouped, rows(home, "select n, count(*), count(x), sum(x), min(s), max(x) from t where x >= " + y
          + " or x is null group by n order by n"), at);

      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(sorted(all.stream().filter(r -> r.pt().equals(pt)),
          desc(R::s)).map(R::s).toList()));
      assertEquals(distinct, rows(home, "select distinct s from t where pt = '" + pt + "' order by 1 desc"), at);

      // DISTINCT tells values apart as GROUP BY does: 01 and 1 are one, -0.0 and 0.0 one, NaN one; each printed
      // as its first row's stored text (DISTINCT keeps rows in reading order, then sorts)
      Map<Long, String> firstN = new TreeMap<>(Comparator.nullsFirst(Comparator.reverseOrder()));
      Map<Double, String> firstX = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
      for (R r : all.stream().filter(r -> r.pt().equals(pt)).toList()) {
        firstN.putIfAbsent(r.n(), r.nText());
        firstX.putIfAbsent(r.x() == null ? null : r.x() == 0.0 ? 0.0 : r.x(), r.xText());
      }
      List<String> distinctN = new ArrayList<>(firstN.values());
      if (firstN.containsKey(null)) { // NULL sorts last descending
        distinctN.remove(0);
        distinctN.add("null");
      }
      assertEquals(distinctN, rows(home, "select distinct n from t where pt = '" + pt + "' order by n desc"), at);
      assertEquals(List.copyOf(firstX.values()), rows(home, "select distinct x from t where pt = '" + pt + "' order by x"), at);

      // arithmetic, SUM and AVG over a STRING column: text that is not a number (an empty one too) is NULL, as
      // Hive's implicit cast to DOUBLE gives it; SUM and AVG skip it as they skip NULL
      assertEquals(all.stream().filter(r -> r.pt().equals(pt)).map(r -> r.pk() + "|" + (num(r.s()) == null ? null : num(r.s()) * 2 + k))
          .toList(), rows(home, "select pk, s * 2 + " + k + " from t where pt = '" + pt + "'"), at);
      List<String> sums = new ArrayList<>();
      for (String p : List.of("a", "b", "c")) {
        List<Double> ss = all.stream().filter(r -> r.pt().equals(p)).map(r -> num(r.s())).filter(Objects::nonNull).toList();
        Double sum = ss.isEmpty() ? null : ss.stream().reduce(0.0, Double::sum);
        sums.add(p + "|" + sum + "|" + (sum == null ? null : sum / ss.size()) + "|" + all.stream().filter(r -> r.pt().equals(p)).count());
      }
      assertEquals(sums, rows(home, "select pt, sum(s), avg(s), count(s) from t group by pt order by pt"), at);
      assertEquals(List.of("null|null"), rows(home, "select sum(s), avg(s) from t where s = 'abc' or s = ''"), at);

      // arithmetic over NULLs, keyed by a computed column; a tie on it keeps the rows' order
      assertEquals(sorted(all.stream().filter(r -> r.n() != null && r.n() * 2 - 1 > k), asc(r -> r.n() * 2 - 1)).limit(limit)
          .map(r -> r.pk() + "|" + (r.n() * 2 - 1) + "|" + (r.x() == null ? null : r.x() / 2)).toList(),
          rows(home, "select pk, n * 2 - 1 as m, x / 2 from t where n * 2 - 1 > " + k + " order by m limit " + limit), at);

      // HAVING, AVG and COUNT(DISTINCT) over each partition's rows whose s holds a 0
      int atLeast = random.nextInt(40);
      List<String> perPartition = new ArrayList<>();
      for (String p : List.of("a", "b", "c")) {
        List<R> rs = all.stream().filter(r -> r.pt().equals(p) && r.s().contains("0")).toList();
        List<Double> xs = rs.stream().map(R::x).filter(Objects::nonNull).toList();
        if (rs.size() > atLeast) {
          perPartition.add(p + "|" + rs.stream().map(R::n).filter(Objects::nonNull).distinct().count() + "|"
              + (xs.isEmpty() ? null : xs.stream().reduce(0.0, Double::sum) / xs.size()));
        }
      }
      assertEquals(perPartition.reversed(), rows(home, "select pt, count(distinct n), avg(x) from t where s like '%0%' "
          + "group by pt having count(*) > " + atLeast + " order by pt desc"), at);
    }
  }

  private static List<String> rows(Home home, String sql) {
    return Query.run(home, new Statement(sql, 1, 1), 0).rows().stream().map(r -> String.join("|", Arrays.asList(r))).toList();
  }

  /** A stable sort, as the query's. */
  private static Stream<R> sorted(Stream<R> rows, Comparator<R> order) {
    List<R> list = new ArrayList<>(rows.toList());
    list.sort(order);
    return list.stream();
  }

  /** Ascending with NULLs first, as MaxCompute sorts. */
  private static <T extends Comparable<? super T>> Comparator<R> asc(Function<R, T> key) {
    return Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
  }

  /** Descending: the ascending order reversed, so NULLs come last. */
  private static <T extends Comparable<? super T>> Comparator<R> desc(Function<R, T> key) {
    return asc(key).reversed();
  }

  // three-valued logic: null is unknown

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  private static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  private static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  private static Boolean not(Boolean a) {
    return a == null ? null : !a;
  }

  /** A value as a number: a number, or a string that reads as one; else null. */
  private static Double num(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(((String) v).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * SQL's comparison: null when either side is NULL, or a string beside a number does not read as one; numbers
   * with Java's primitive operators, as Hive's (-0.0 == 0; NaN compares false, but for <>), two strings as text.
   */
  private static Boolean cmp(Object a, Object b, Predicate<Integer> onText, DoubleBiPredicate onNumbers) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof String x && b instanceof String y) {
      return onText.test(x.compareTo(y));
    }
    Double x = num(a);
    Double y = num(b);
    return x == null || y == null ? null : onNumbers.test(x, y);
  }

  private interface DoubleBiPredicate {
    boolean test(double x, double y);
  }

  private static Boolean eq(Object a, Object b) {
    return cmp(a, b, c -> c == 0, (x, y) -> x == y);
  }

  private static Boolean ne(Object a, Object b) {
    return cmp(a, b, c -> c != 0, (x, y) -> x != y);
  }

  private static Boolean gt(Object a, Object b) {
    return cmp(a, b, c -> c > 0, (x, y) -> x > y);
  }

  private static Boolean ge(Object a, Object b) {
    return cmp(a, b, c -> c >= 0, (x, y) -> x >= y);
  }

  private static Boolean le(Object a, Object b) {
    return cmp(a, b, c -> c <= 0, (x, y) -> x <= y);
  }

  private static Boolean between(Object a, Object lo, Object hi) {
    return a == null ? null : and(ge(a, lo), le(a, hi));
  }
}
