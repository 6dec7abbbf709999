package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.plan.Algorithm;
import io.proximace.plan.Categories;
import io.proximace.plan.JobSpec;
import io.proximace.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-category search through the runner, against a brute-force search within each query's categories. */
class CategoriesTest {
  static final int DIM = 6;

  @TempDir
  Path tmp;
  TestHome h;
  float[][] docs;
  long[] docCategory;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
    Random r = new Random(11);
    int n = 1200;
    docs = new float[n][DIM];
    docCategory = new long[n];
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < n; i++) {
      // category 7 is small (linear below the threshold), 1, 2 and 3 are large (hnsw)
      docCategory[i] = i < 60 ? 7 : 1 + i % 3;
      csv.append("d").append(i).append(',').append(vector(docs[i], r)).append(',').append(docCategory[i]).append('\n');
    }
    h.table("doc", "pk STRING, vector STRING, category BIGINT", "1", csv.toString());
  }

  private static String vector(float[] v, Random r) {
    StringBuilder s = new StringBuilder();
    for (int j = 0; j < v.length; j++) {
      v[j] = Math.round(r.nextGaussian() * 100) / 100f;
      s.append(j > 0 ? "~" : "").append(v[j]);
    }
    return s.toString();
  }

  /** Queries: pk, vector, and the category column text. */
  private List<float[]> queries(String table, String columns, List<String> categoryTexts) throws IOException {
    Random r = new Random(12);
    List<float[]> qs = new ArrayList<>();
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < categoryTexts.size(); i++) {
      float[] q = new float[DIM];
      csv.append("q").append(i).append(',').append(vector(q, r)).append(",\"").append(categoryTexts.get(i)).append("\"\n");
      qs.add(q);
    }
    h.table(table, columns, "1", csv.toString());
    return qs;
  }

  /** The k nearest docs of {@code q} among {@code categories}, by (distance, pk), as "pk" strings. */
  private List<String> exact(float[] q, Set<Long> categories, int k) {
    return IntStream.range(0, docs.length).filter(i -> categories.contains(docCategory[i])).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> distance(q, docs[i])).thenComparing(i -> "d" + i))
        .limit(k).map(i -> "d" + i).toList();
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (double) (a[j] - b[j]) * (a[j] - b[j]);
    }
    return s;
  }

  private Map<String, List<String>> byQuery(String out) throws IOException {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String row : h.rows(out, "1")) {
      String[] f = row.split(",");
      m.computeIfAbsent(f[0], x -> new ArrayList<>()).add(f[1]);
    }
    return m;
  }

  private JobSpec.Builder spec(String query, String out) {
    // hnsw with a beam wider than any category: the graph search is exact, so results can be compared
    return h.builder("doc", query, out, DIM, "8", "train:build:seek:recall").algorithm(Algorithm.HNSW)
        .searcherParams("{\"proxima.hnsw.searcher.ef\":500}").categories(new Categories(100, false, false));
  }

  @Test
  void eachQueryIsSearchedOnlyInItsCategory() throws IOException {
    List<String> cats = IntStream.range(0, 40).mapToObj(i -> Long.toString(List.of(1L, 2L, 3L, 7L).get(i % 4))).toList();
    List<float[]> qs = queries("query", "pk STRING, vector STRING, category BIGINT", cats);
    RunResult r = h.run(spec("query", "out").build());
    Map<String, List<String>> got = byQuery("out");
    assertEquals(40, got.size());
    for (int i = 0; i < qs.size(); i++) {
      assertEquals(exact(qs.get(i), Set.of(Long.parseLong(cats.get(i))), 8), got.get("q" + i), "q" + i + " in " + cats.get(i));
    }
    assertEquals(1.0, r.recall().get(8), "the recall stage searches within categories too");
    assertTrue(tmp.resolve("volumes/vol/owner1/runs/default.out/pt=1/report.json").toFile().exists());
  }

  @Test
  void categoryThreadsAndTheIgnoredBlockSplitChangeNoRow() throws IOException {
    List<String> cats = IntStream.range(0, 40).mapToObj(i -> Long.toString(List.of(1L, 2L, 3L, 7L).get(i % 4))).toList();
    queries("query", "pk STRING, vector STRING, category BIGINT", cats);
    // qc, approximate and deterministic (an hnsw build on more than one thread is not, whatever sets its threads)
    h.run(h.builder("doc", "query", "out1", DIM, "8", "build:seek").algorithm(Algorithm.QC)
        .categories(new Categories(100, false, false, 1, 0, 0)).build());
    try (io.proximace.volume.LogCapture log = new io.proximace.volume.LogCapture()) {
      h.run(h.builder("doc", "query", "out2", DIM, "8", "build:seek").algorithm(Algorithm.QC)
          .categories(new Categories(100, false, false, 3, 7, 5)).build());
      assertTrue(log.log().contains("WARN io.proximace.plan.Planner -category_row_num 7 and -category_col_num 5 have no "
          + "effect: proxima-ce searches every category in this JVM"), log.log());
    }
    List<String> one = h.rows("out1", "1");
    assertEquals(40 * 8, one.size());
    assertEquals(one, h.rows("out2", "1"));
    // the layout is recorded in the plan, and travels with it to a task
    io.proximace.plan.RunPlan plan = io.proximace.plan.Planner.plan(h.home, h.builder("doc", "query", "out3", DIM, "8",
        "build:seek").categories(new Categories(100, false, false, 3, 7, 5)).build(), false);
    io.proximace.plan.RunPlan back = io.proximace.plan.PlanCodec.decode(io.proximace.plan.PlanCodec.encode(plan));
    assertEquals(new Categories(100, false, false, 3, 7, 5), back.inputs().categories().settings());
    // they change no row, so a resume does not redo a stage for them
    io.proximace.plan.RunPlan oneThread = io.proximace.plan.Planner.plan(h.home, h.builder("doc", "query", "out3", DIM, "8",
        "build:seek").categories(new Categories(100, false, false, 1, 0, 0)).build(), false);
    assertEquals(oneThread.key(io.proximace.plan.Stage.BUILD), plan.key(io.proximace.plan.Stage.BUILD));
    assertEquals(oneThread.key(io.proximace.plan.Stage.SEEK), plan.key(io.proximace.plan.Stage.SEEK));
    ProximaException e = assertThrows(ProximaException.class, () -> new Categories(100, false, false, -1, 0, 0));
    assertEquals("-category_thread_num must be between 1 and 1024 (0: the run's threads), not -1", e.getMessage());
  }

  @Test
  void aMultiLabelQueryMergesItsCategories() throws IOException {
    List<String> cats = IntStream.range(0, 30).mapToObj(i -> List.of("1,3", "7, 2", "2,2,1", "3").get(i % 4)).toList();
    List<float[]> qs = queries("mquery", "pk STRING, vector STRING, multicategory STRING", cats);
    RunResult r = h.run(spec("mquery", "out").categories(new Categories(100, true, false)).build());
    Map<String, List<String>> got = byQuery("out");
    for (int i = 0; i < qs.size(); i++) {
      Set<Long> set = java.util.Arrays.stream(cats.get(i).split(",")).map(String::trim).map(Long::valueOf).collect(Collectors.toSet());
      assertEquals(exact(qs.get(i), set, 8), got.get("q" + i), "q" + i + " in " + set);
    }
    assertEquals(1.0, r.recall().get(8));
  }

  @Test
  void categoriesThatDifferFailOrWarnAsAsked() throws IOException {
    List<float[]> qs = queries("query", "pk STRING, vector STRING, category BIGINT", List.of("1", "9", "2", "3", "9"));
    ProximaException e = assertThrows(ProximaException.class, () -> h.run(spec("query", "out").build()));
    assertEquals("doc and query categories differ (query categories without docs: 9; doc categories no query asks for: 7): "
        + "Proxima CE needs the same set; -category_mismatch warn searches the categories that have docs", e.getMessage());
    h.run(spec("query", "out").categories(new Categories(100, false, true)).build());
    Map<String, List<String>> got = byQuery("out");
    assertEquals(new TreeSet<>(List.of("q0", "q2", "q3")), new TreeSet<>(got.keySet()), "queries of category 9 get no rows");
    assertEquals(exact(qs.get(2), Set.of(2L), 8), got.get("q2"));
  }

  @Test
  void badCategoryColumnsAreNamed() throws IOException {
    queries("strcat", "pk STRING, vector STRING, category STRING", List.of("1"));
    ProximaException e = assertThrows(ProximaException.class, () -> h.run(spec("strcat", "out").build()));
    assertEquals("table default.strcat: column category is STRING; multi-category search needs category BIGINT", e.getMessage());
    h.table("nocat", "pk STRING, vector STRING", "1", "q0,1~2~3~4~5~6\n");
    e = assertThrows(ProximaException.class, () -> h.run(spec("nocat", "out").build()));
    assertTrue(e.getMessage().startsWith("doc table default.doc has a category column, so queries need one too: query table "
        + "default.nocat has (pk STRING, vector STRING)"), e.getMessage());
    queries("bad", "pk STRING, vector STRING, multicategory STRING", List.of("1,2", "3,x"));
    e = assertThrows(ProximaException.class, () -> h.run(spec("bad", "out").categories(new Categories(100, true, false)).build()));
    assertEquals("query table default.bad, partition pt=1, row 2 (part-00000.csv line 2), pk 'q1', column multicategory: '3,x': 'x' is "
        + "not a BIGINT category (categories as 1,5,9)", e.getMessage());
    e = assertThrows(ProximaException.class, () -> h.run(h.builder("nocat", "nocat", "out", DIM, "1", "build:seek")
        .categories(new Categories(100, true, false)).build()));
    assertTrue(e.getMessage().contains("is multi-label (-query_multi_label true), but doc table default.nocat has no category"),
        e.getMessage());
  }

  static String f(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }
}
