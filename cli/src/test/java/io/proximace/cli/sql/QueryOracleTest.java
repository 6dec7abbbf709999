package io.proximace.cli.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.home.Home;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SELECT evaluator against plain Java over the same random rows: filters, ties, ordering, limits, groups. */
class QueryOracleTest {
  @TempDir
  Path tmp;

  record R(String pk, long n, double x, String pt) {}

  @Test
  void randomTablesGiveWhatPlainJavaComputes() throws Exception {
    Home home = new Home(new Configuration(), new org.apache.hadoop.fs.Path(tmp.toUri()), "default", "alice");
    Table t = home.create(home.table("t"), Schema.parse("pk STRING, n BIGINT, x DOUBLE", "pt STRING"), false);
    Random random = new Random(42);
    List<R> all = new ArrayList<>();
    for (String pt : List.of("a", "b", "c")) {
      try (PartitionWriter w = t.overwrite(pt)) {
        for (int i = 0; i < 200; i++) {
          R r = new R(pt + i, random.nextInt(7) - 3, random.nextInt(9) / 2.0, pt); // few values: many ties
          w.writer().field(r.pk()).field(Long.toString(r.n())).field(Double.toString(r.x())).endRow();
          all.add(r);
        }
        w.commit();
      }
    }
    for (int round = 0; round < 20; round++) {
      long k = random.nextInt(7) - 3;
      double y = random.nextInt(9) / 2.0;
      int limit = 1 + random.nextInt(50);
      String pt = List.of("a", "b", "c").get(random.nextInt(3));

      List<String> expected = all.stream().filter(r -> r.n() > k && r.x() <= y || r.pt().equals(pt) && r.n() == k)
          .sorted(Comparator.comparingDouble(R::x).reversed().thenComparing(R::pk)).limit(limit)
          .map(r -> r.pk() + "|" + r.n()).toList();
      assertEquals(expected, rows(home, "select pk, n from t where n > " + k + " and x <= " + y + " or pt = '" + pt
          + "' and n = " + k + " order by x desc, pk limit " + limit), "round " + round);

      List<String> unordered = all.stream().filter(r -> r.pt().equals(pt) && r.n() != k).skip(3).limit(limit)
          .map(r -> r.pk() + "|" + r.n()).toList();
      assertEquals(unordered, rows(home, "SELECT pk, n FROM t WHERE pt='" + pt + "' AND n <> " + k + " LIMIT " + limit + " OFFSET 3"));

      Map<Long, long[]> counts = new TreeMap<>();
      Map<Long, Double> sums = new TreeMap<>();
      all.stream().filter(r -> r.x() >= y).forEach(r -> {
        counts.computeIfAbsent(r.n(), n -> new long[1])[0]++;
        sums.merge(r.n(), r.x(), Double::sum);
      });
      List<String> grouped = counts.keySet().stream().map(n -> n + "|" + counts.get(n)[0] + "|" + sums.get(n)).toList();
      assertEquals(grouped, rows(home, "select n, count(*), sum(x) from t where x >= " + y + " group by n order by n"));
    }
  }

  private static List<String> rows(Home home, String sql) {
    return Query.run(home, new Statement(sql, 1, 1), 0).rows().stream().map(r -> String.join("|", r)).toList();
  }
}
