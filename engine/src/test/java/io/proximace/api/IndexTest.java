package io.proximace.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.index.HnswIndex;
import io.proximace.index.LinearIndex;
import io.proximace.index.Params;
import io.proximace.input.RowFormat;
import io.proximace.index.PkOrder;
import io.proximace.kernel.Distance;
import io.proximace.model.Model;
import io.proximace.plan.Algorithm;
import io.proximace.plan.Converter;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.IndexPlan;
import io.proximace.stage.BuildStage;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.DataType;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The library facade against the engine's exact search, through save and load, and on bad input. */
class IndexTest {
  static final int N = 2000;
  static final int DIM = 16;
  static final int K = 10;

  @TempDir
  java.nio.file.Path tmp;

  /** Points around 20 centres, the first 50 repeated so that equal scores occur and ties must go by id. */
  static float[][] docs(int n, long seed) {
    Random r = new Random(seed);
    float[][] centres = new float[20][DIM];
    for (float[] c : centres) {
      for (int j = 0; j < DIM; j++) {
        c[j] = (float) (r.nextGaussian() * 4);
      }
    }
    float[][] v = new float[n][DIM];
    for (int i = 0; i < n; i++) {
      if (i >= 50 && i < 100) {
        v[i] = v[i - 50].clone();
        continue;
      }
      float[] c = centres[r.nextInt(centres.length)];
      for (int j = 0; j < DIM; j++) {
        v[i][j] = c[j] + (float) r.nextGaussian();
      }
    }
    return v;
  }

  /** Distinct ids in an order unlike the rows', negatives included. */
  static long[] ids(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = (i * 7919L) % 10_007 - 5000;
    }
    return ids;
  }

  static final float[][] DOCS = docs(N, 1);
  static final long[] IDS = ids(N);
  static final float[][] QUERIES = queries();

  /** Some docs themselves (each has a twin among the first 100), and fresh points. */
  static float[][] queries() {
    float[][] fresh = docs(60, 2);
    List<float[]> q = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      q.add(DOCS[i * 5]);
    }
    q.addAll(List.of(fresh).subList(0, 60));
    return q.toArray(new float[0][]);
  }

  /** The engine's exact search, called directly: what the facade's linear index must return. */
  static List<Hits> engineExact(Distance d, float[][] queries, int k) {
    float[] flat = new float[N * DIM];
    for (int i = 0; i < N; i++) {
      System.arraycopy(DOCS[i], 0, flat, i * DIM, DIM);
    }
    LongPks pks = new LongPks();
    for (long id : IDS) {
      pks.add(id);
    }
    LinearIndex exact = new LinearIndex(BlockedVectors.of(FloatVectors.wrap(flat, DIM)), pks, PkOrder.ranks(pks, "test"), d);
    float[] qs = new float[queries.length * DIM];
    for (int q = 0; q < queries.length; q++) {
      System.arraycopy(queries[q], 0, qs, q * DIM, DIM);
    }
    Neighbors nb = exact.search(FloatVectors.wrap(qs, DIM), k, 1);
    List<Hits> out = new ArrayList<>();
    for (int q = 0; q < queries.length; q++) {
      long[] ids = new long[nb.count(q)];
      float[] scores = new float[nb.count(q)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = pks.get(nb.id(q, i));
        scores[i] = nb.score(q, i);
      }
      out.add(new Hits(ids, scores));
    }
    return out;
  }

  static void assertSameHits(List<Hits> want, List<Hits> got, String what) {
    assertEquals(want.size(), got.size(), what);
    for (int q = 0; q < want.size(); q++) {
      assertArrayEquals(want.get(q).ids(), got.get(q).ids(), what + ", query " + q);
      assertArrayEquals(want.get(q).scores(), got.get(q).scores(), 0f, what + ", query " + q);
    }
  }

  static double recall(List<Hits> truth, List<Hits> got) {
    int hit = 0;
    int all = 0;
    for (int q = 0; q < truth.size(); q++) {
      for (long id : truth.get(q).ids()) {
        all++;
        for (long g : got.get(q).ids()) {
          if (g == id) {
            hit++;
            break;
          }
        }
      }
    }
    return (double) hit / all;
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void linearIsTheEnginesExactSearchWithTiesById(Distance d) {
    try (Index index = Index.build(IndexSpec.linear(d), DOCS, IDS)) {
      List<Hits> got = index.search(QUERIES, K);
      assertSameHits(engineExact(d, QUERIES, K), got, d.toString());
      // a doc queried with itself has a twin at the same score: the smaller id comes first
      if (d == Distance.SQUARED_EUCLIDEAN) {
        Hits first = got.getFirst();
        assertEquals(0f, first.scores()[0]);
        assertEquals(0f, first.scores()[1]);
        assertEquals(Math.min(IDS[0], IDS[50]), first.ids()[0]);
        assertEquals(Math.max(IDS[0], IDS[50]), first.ids()[1]);
      }
      // one query alone and on one thread: the same list
      assertSameHits(List.of(got.get(41)), List.of(index.withThreads(1).search(QUERIES[41], K)), d + " one query");
    }
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void approximateIndexesReachTheExactNeighbours(Distance d) {
    List<Hits> truth = engineExact(d, QUERIES, K);
    try (Index hnsw = Index.build(IndexSpec.hnsw(d), DOCS, IDS, 1); // one thread: the same graph, and figure, every run
         Index qc = Index.build(IndexSpec.qc(d).withCentroids(40), DOCS, IDS)) {
      double hnswRecall = recall(truth, hnsw.search(QUERIES, K));
      double qcRecall = recall(truth, qc.search(QUERIES, K));
      // inner product is no metric, which a graph's walk assumes: about 0.8 here (the runner's mips_squared_euclidean
      // searches such docs by euclidean distance instead)
      assertTrue(hnswRecall >= (d == Distance.INNER_PRODUCT ? 0.7 : 0.9), "hnsw recall " + hnswRecall);
      assertTrue(qcRecall >= 0.9, "qc recall " + qcRecall);
      // the most effort scans every doc: exact, scores and ties included
      assertSameHits(truth, hnsw.search(QUERIES, K, new SearchParams.Hnsw(N)), d + " hnsw ef=" + N);
      assertSameHits(truth, qc.search(QUERIES, K, new SearchParams.Qc(1.0)), d + " qc scan_ratio=1");
    }
  }

  @Test
  void theLeastEffortFindsLessThanTheMost() {
    List<Hits> truth = engineExact(Distance.SQUARED_EUCLIDEAN, QUERIES, K);
    try (Index qc = Index.build(IndexSpec.qc(Distance.SQUARED_EUCLIDEAN).withCentroids(40), DOCS, IDS)) {
      double low = recall(truth, qc.search(QUERIES, K, new SearchParams.Qc(0)));
      assertTrue(low < 1.0, "one cluster of 40 scanned still found every neighbour: " + low);
    }
  }

  @ParameterizedTest
  @EnumSource(Algo.class)
  void savedAndLoadedSearchesTheSame(Algo algo) throws IOException {
    IndexSpec spec = switch (algo) {
      case linear -> IndexSpec.linear(Distance.COSINE);
      case hnsw -> IndexSpec.hnsw(Distance.INNER_PRODUCT).withMaxNeighbors(12).withEfConstruction(60).withRefine(true);
      case qc -> IndexSpec.qc(Distance.SQUARED_EUCLIDEAN).withCentroids(30).withIterations(5).withSeed(7);
    };
    Path dir = new Path(tmp.resolve("index-" + algo).toUri().toString());
    assertTrue(dir.toString().startsWith("file:"), dir.toString());
    Configuration conf = new Configuration();
    List<Hits> before;
    try (Index built = Index.build(spec, DOCS, IDS)) {
      before = built.search(QUERIES, K);
      built.save(dir, conf);
      try (Index loaded = Index.load(dir, conf)) {
        assertEquals(built.algorithm(), loaded.algorithm());
        assertEquals(spec.distance(), loaded.distance());
        assertEquals(N, loaded.size());
        assertEquals(DIM, loaded.dimension());
        assertEquals(spec.params().values(), loaded.buildParams());
        assertSameHits(before, loaded.search(QUERIES, K), algo + " loaded");
      }
    }
    String manifest = Files.readString(tmp.resolve("index-" + algo).resolve("manifest.json"), StandardCharsets.UTF_8);
    assertTrue(manifest.contains("\"algo\" : \"" + algo + "\""), manifest);
  }

  enum Algo { linear, hnsw, qc }

  /** What the runner's build stage writes for an int64, float, unconverted doc table: the facade loads it. */
  @Test
  void loadsAnIndexTheRunnerWroteAndRefusesOneThatNeedsTheRunner() throws IOException {
    float[] flat = new float[N * DIM];
    for (int i = 0; i < N; i++) {
      System.arraycopy(DOCS[i], 0, flat, i * DIM, DIM);
    }
    LongPks pks = new LongPks();
    for (long id : IDS) {
      pks.add(id);
    }
    LinearIndex engine = new LinearIndex(BlockedVectors.of(FloatVectors.wrap(flat, DIM)), pks, PkOrder.ranks(pks, "test"),
        Distance.INNER_PRODUCT);
    Configuration conf = new Configuration();
    Path plain = new Path(tmp.resolve("runner-plain").toUri().toString());
    Path normalized = new Path(tmp.resolve("runner-normalized").toUri().toString());
    org.apache.hadoop.fs.FileSystem fs = plain.getFileSystem(conf);
    RowFormat format = new RowFormat(DIM, DataType.FLOAT, false, PkType.INT64, '~');
    // mips_squared_euclidean on linear is inner-product search, as the runner's seek loads it
    BuildStage.save(fs, plain, engine, plan(Converter.NONE), format, Model.NONE, "default.doc/pt=1", null);
    BuildStage.save(fs, normalized, engine, plan(Converter.NORMALIZE), format, Model.NONE, "default.doc/pt=1", null);
    try (Index loaded = Index.load(plain, conf)) {
      assertEquals(Distance.INNER_PRODUCT, loaded.distance());
      assertSameHits(engineExact(Distance.INNER_PRODUCT, QUERIES, K), loaded.search(QUERIES, K), "runner-built");
    }
    assertMessage(ProximaException.class, "-converter NormalizeConverter, -distance_method mips_squared_euclidean) needs the runner",
        () -> Index.load(normalized, conf));
  }

  private static IndexPlan plan(Converter converter) {
    return new IndexPlan(Algorithm.LINEAR, DistanceMethod.MIPS_SQUARED_EUCLIDEAN, converter, Params.defaults(List.of()),
        Params.defaults(List.of()), "vol", "owner", "owner/indexes/default.doc/pt=1/linear", "odps://default/vol/x", true, false,
        false);
  }

  @Test
  void typedParametersBecomeTheEnginesKeys() {
    IndexSpec.Hnsw spec = IndexSpec.hnsw(Distance.COSINE).withMaxNeighbors(16).withEfConstruction(200);
    assertEquals(16L, spec.params().values().get(HnswIndex.M));
    assertEquals(200L, spec.params().values().get("proxima.hnsw.builder.efconstruction"));
    assertEquals(1.2, spec.params().values().get("proxima.hnsw.builder.alpha"), "defaults come from the engine");
    assertEquals(IndexSpec.hnsw(Distance.COSINE), IndexSpec.named(" HNSW ", "Cosine"));
    assertEquals(IndexSpec.hnsw(Distance.COSINE), IndexSpec.named("graph", "cosine"));
    assertEquals(IndexSpec.qc(Distance.INNER_PRODUCT), IndexSpec.named("qc", "inner_product"));
    assertEquals(IndexSpec.linear(Distance.SQUARED_EUCLIDEAN), IndexSpec.named("linear", "squared_euclidean"));
  }

  @Test
  void badInputIsRefusedSayingWhy() {
    float[][] two = {{1, 2}, {3, 4}};
    assertMessage(IllegalArgumentException.class, "unknown algorithm 'faiss' for an Index: expected linear, hnsw or qc",
        () -> IndexSpec.named("faiss", "cosine"));
    assertMessage(IllegalArgumentException.class, "unknown distance 'manhattan' for an Index: expected one of squared_euclidean, ",
        () -> IndexSpec.named("hnsw", "manhattan"));
    assertMessage(IllegalArgumentException.class, "unknown distance 'hamming' for an Index", () -> IndexSpec.named("hnsw", "hamming"));
    assertMessage(IllegalArgumentException.class, "vector 1 has 3 components, vector 0 has 2",
        () -> Index.build(IndexSpec.linear(Distance.COSINE), new float[][] {{1, 2}, {3, 4, 5}}, new long[] {1, 2}));
    assertMessage(IllegalArgumentException.class, "3 floats are not 2 vectors of dimension 2",
        () -> Index.build(IndexSpec.linear(Distance.COSINE), new float[] {1, 2, 3}, 2, new long[] {1, 2}));
    assertMessage(IllegalArgumentException.class, "2 vectors but 3 ids",
        () -> Index.build(IndexSpec.linear(Distance.COSINE), two, new long[] {1, 2, 3}));
    assertMessage(IllegalArgumentException.class, "no vectors to index",
        () -> Index.build(IndexSpec.linear(Distance.COSINE), new float[0][], new long[0]));
    assertMessage(ProximaException.class, "pk '7' appears twice (ids[0] and ids[2]); pks must be unique",
        () -> Index.build(IndexSpec.hnsw(Distance.COSINE), new float[][] {{1, 2}, {3, 4}, {5, 6}}, new long[] {7, 8, 7}));
    assertMessage(IllegalArgumentException.class, "vector 1 component 0 is NaN",
        () -> Index.build(IndexSpec.linear(Distance.COSINE), new float[][] {{1, 2}, {Float.NaN, 4}}, new long[] {1, 2}));
    assertMessage(ProximaException.class, "proxima.hnsw.builder.max_neighbor_count 1000 is outside 2..512",
        () -> Index.build(IndexSpec.hnsw(Distance.COSINE).withMaxNeighbors(1000), two, new long[] {1, 2}));
    try (Index hnsw = Index.build(IndexSpec.hnsw(Distance.SQUARED_EUCLIDEAN), DOCS, IDS)) {
      assertMessage(IllegalArgumentException.class, "query 0 has 3 components; the index has dimension 16",
          () -> hnsw.search(new float[] {1, 2, 3}, K));
      assertMessage(IllegalArgumentException.class, "k must be positive: 0", () -> hnsw.search(DOCS[0], 0));
      assertMessage(IllegalArgumentException.class, "Qc[scanRatio=0.5] does not apply to a hnsw index",
          () -> hnsw.search(DOCS[0], K, new SearchParams.Qc(0.5)));
      assertMessage(ProximaException.class, "proxima.hnsw.searcher.ef 5 is below -topk 10",
          () -> hnsw.search(DOCS[0], K, new SearchParams.Hnsw(5)));
    }
    assertMessage(ProximaException.class, "there is no index at",
        () -> Index.load(new Path(tmp.toUri().toString()), new Configuration()));
  }

  @Test
  void theReadmeShowsTheCompiledExample() throws IOException {
    java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Use it as a Java library");
    assertTrue(section >= 0, "README has no section 'Use it as a Java library'");
    int from = readme.indexOf("```java\n", section) + "```java\n".length();
    String block = readme.substring(from, readme.indexOf("```", from));
    List<String> example = Files.readAllLines(root.resolve("engine/src/test/java/io/proximace/api/LibraryExample.java"))
        .stream().map(String::strip).toList();
    int at = 0;
    for (String line : block.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      int found = example.subList(at, example.size()).indexOf(line);
      assertTrue(found >= 0, "the README's example line is not in LibraryExample.java (in order): " + line);
      at += found + 1;
    }
  }

  interface Call {
    Object run() throws Exception;
  }

  static void assertMessage(Class<? extends Exception> type, String part, Call call) {
    Exception e = assertThrows(type, call::run);
    assertTrue(e.getMessage().contains(part), "message: " + e.getMessage() + "\nwanted: " + part);
  }
}
