package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.LinearIndex;
import io.proximace.kernel.Distance;
import io.proximace.plan.Algorithm;
import io.proximace.plan.Converter;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Stage;
import io.proximace.run.RunResult;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every algorithm and data type through the runner on small data, with recall against exact search
 * as the oracle, and each bad input of the issue answered by name.
 */
class AlgorithmsTest {
  static final String COLS = "pk STRING, vector STRING";

  @TempDir
  Path tmp;
  TestHome h;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
  }

  /** A Gaussian mixture: 40 clusters in {@code dim} dimensions. */
  private static float[][] mixture(int n, int dim, long seed) {
    return mixture(n, dim, seed, 0.3f);
  }

  private static float[][] mixture(int n, int dim, long seed, float spread) {
    Random centres = new Random(7);
    float[][] c = new float[40][dim];
    for (float[] row : c) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) centres.nextGaussian();
      }
    }
    Random r = new Random(seed);
    float[][] v = new float[n][dim];
    for (int i = 0; i < n; i++) {
      float[] centre = c[r.nextInt(c.length)];
      for (int j = 0; j < dim; j++) {
        v[i][j] = centre[j] + spread * (float) r.nextGaussian();
      }
    }
    return v;
  }

  private static String csv(float[][] v, String prefix) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      b.append(prefix).append(i).append(',');
      for (int j = 0; j < v[i].length; j++) {
        b.append(j > 0 ? "~" : "").append(v[i][j]);
      }
      b.append('\n');
    }
    return b.toString();
  }

  private void tables(float[][] docs, float[][] queries) throws IOException {
    h.table("doc", COLS, "1", csv(docs, "d"));
    h.table("query", COLS, "1", csv(queries, "q"));
  }

  /** Output rows grouped by query pk, in order. */
  private Map<String, List<String>> results(String table) throws IOException {
    Map<String, List<String>> by = new HashMap<>();
    for (String row : h.rows(table, "1")) {
      String[] f = row.split(",");
      by.computeIfAbsent(f[0], x -> new ArrayList<>()).add(f[1]);
    }
    return by;
  }

  /** Recall@k of run {@code got} against run {@code truth}. */
  private static double recall(Map<String, List<String>> got, Map<String, List<String>> truth, int k) {
    double sum = 0;
    for (var e : truth.entrySet()) {
      Set<String> want = new HashSet<>(e.getValue().subList(0, k));
      sum += got.get(e.getKey()).subList(0, k).stream().filter(want::contains).count() / (double) k;
    }
    return sum / truth.size();
  }

  private JobSpec.Builder run(Algorithm algo, String out) {
    return h.builder("doc", "query", out, 16, "10", "train:build:seek:recall").algorithm(algo);
  }

  @Test
  void hnswAndQcReachTheRecallOfExactSearchAndGiveEveryQueryTopkRows() throws IOException {
    tables(mixture(3000, 16, 1), mixture(100, 16, 2));
    RunResult exact = h.run(run(Algorithm.LINEAR, "exact").build());
    assertEquals(1.0, exact.recall().get(10));
    Map<String, List<String>> truth = results("exact");

    RunResult hnsw = h.run(run(Algorithm.HNSW, "graph").build());
    assertEquals(1000, hnsw.rowsWritten(), "exactly topk rows for every query");
    assertTrue(recall(results("graph"), truth, 10) >= 0.95, "hnsw recall " + recall(results("graph"), truth, 10));
    assertEquals(recall(results("graph"), truth, 10), hnsw.recall().get(10), 1e-9, "the recall stage agrees");

    RunResult qc = h.run(run(Algorithm.QC, "clusters").searcherParams("{\"proxima.qc.searcher.scan_ratio\": 0.2}").build());
    assertEquals(1000, qc.rowsWritten());
    double qcRecall = recall(results("clusters"), truth, 10);
    assertTrue(qcRecall >= 0.9, "qc recall " + qcRecall);
    assertEquals(qcRecall, qc.recall().get(10), 1e-9);
    // a smaller scan ratio scans fewer clusters: recall may only go down
    h.run(run(Algorithm.QC, "narrow").searcherParams("{\"proxima.qc.searcher.scan_ratio\":0.01}").build());
    assertTrue(recall(results("narrow"), truth, 10) <= qcRecall + 1e-9);
    assertEquals(1000, h.rows("narrow", "1").size(), "even one cluster per query pads to topk");
  }

  @Test
  void hnswWritesTheSameRowsOnOneTwoOrThreeThreads() throws IOException {
    tables(mixture(3000, 16, 5, 0.6f), mixture(200, 16, 6, 0.6f));
    // a narrow beam over a sparse graph: the rows depend on the graph's every edge
    String builder = "{\"proxima.hnsw.builder.max_neighbor_count\":6,\"proxima.hnsw.builder.efconstruction\":20}";
    List<String> one = null;
    for (int threads = 1; threads <= 3; threads++) {
      RunResult r = h.run(run(Algorithm.HNSW, "t" + threads).threads(threads).builderParams(builder)
          .searcherParams("{\"proxima.hnsw.searcher.ef\":10}").build());
      assertTrue(r.recall().get(10) < 1.0, "the walk is approximate: " + r.recall().get(10));
      List<String> rows = h.rows("t" + threads, "1");
      assertEquals(2000, rows.size());
      if (one == null) {
        one = rows;
      } else {
        assertEquals(one, rows, threads + " threads");
      }
    }
  }

  @Test
  void padsToTopkWhenTheNearestClustersHoldTooFewDocs() throws IOException {
    // 33 docs, 30 clusters: each holds about one doc, topk 20 needs many clusters
    tables(mixture(33, 16, 3), mixture(5, 16, 4));
    h.run(h.builder("doc", "query", "out", 16, "20", "train:build:seek").algorithm(Algorithm.QC)
        .builderParams("{\"proxima.qc.builder.centroid_count\":30}").searcherParams("{\"proxima.qc.searcher.scan_ratio\":0}").build());
    assertEquals(100, h.rows("out", "1").size());
    h.run(h.builder("doc", "query", "g", 16, "33", "build:seek").algorithm(Algorithm.HNSW)
        .builderParams("{\"proxima.hnsw.builder.max_neighbor_count\":2}").searcherParams("{\"proxima.hnsw.searcher.ef\":33}").build());
    assertEquals(5 * 33, h.rows("g", "1").size(), "a graph of degree 2 still returns every doc");
  }

  @Test
  void qcTrainsInTheTrainStageAndABuildWithoutItTrainsInline() throws IOException {
    tables(mixture(800, 16, 5), mixture(20, 16, 6));
    RunResult r = h.run(run(Algorithm.QC, "a").cleanBuildVolume(false).build());
    assertTrue(Files.exists(tmp.resolve("volumes/vol/owner1/indexes/default.doc/pt=1/qc.train/model.json")));
    assertTrue(r.stageSeconds().containsKey(Stage.TRAIN));
    RunResult inline = h.run(h.builder("doc", "query", "b", 16, "10", "build:seek").algorithm(Algorithm.QC).build());
    assertEquals(200, inline.rowsWritten());
    assertFalse(Files.exists(tmp.resolve("volumes/vol/owner1/indexes/default.doc/pt=1/qc")), "cleaned");
    assertFalse(Files.exists(tmp.resolve("volumes/vol/owner1/indexes/default.doc/pt=1/qc.train")), "cleaned");
  }

  @Test
  void aKeptIndexIsReusedAndAMismatchedOneRefused() throws IOException {
    tables(mixture(500, 16, 7), mixture(10, 16, 8));
    h.run(run(Algorithm.HNSW, "out").mode(JobMode.parse("build:seek"))
        .builderParams("{\"proxima.hnsw.builder.max_neighbor_count\":8}").cleanBuildVolume(false).build());
    RunResult seek = h.run(run(Algorithm.HNSW, "out").mode(JobMode.parse("seek:recall"))
        .searcherParams("{\"proxima.hnsw.searcher.ef\":100}").build());
    assertTrue(seek.recall().get(10) > 0.9);
    ProximaException e = assertThrows(ProximaException.class, () -> h.run(run(Algorithm.HNSW, "out")
        .mode(JobMode.parse("seek")).builderParams("{\"proxima.hnsw.builder.max_neighbor_count\":16}").build()));
    assertTrue(e.getMessage().contains("was built with proxima.hnsw.builder.max_neighbor_count 8 (this run: 16)"), e.getMessage());
    ProximaException d = assertThrows(ProximaException.class, () -> h.run(run(Algorithm.HNSW, "out")
        .mode(JobMode.parse("seek")).distance(DistanceMethod.INNER_PRODUCT).build()));
    assertTrue(d.getMessage().contains("-distance_method squared_euclidean (this run: inner_product)"), d.getMessage());
    ProximaException c = assertThrows(ProximaException.class, () -> h.run(run(Algorithm.HNSW, "out")
        .mode(JobMode.parse("seek")).converter(Converter.NORMALIZE).build()));
    assertTrue(c.getMessage().contains("-converter (none) (this run: NormalizeConverter)"), c.getMessage());
  }

  @Test
  void mipsFindsInnerProductNeighboursWithAnyAlgorithm() throws IOException {
    float[][] docs = mixture(2000, 16, 9);
    Random r = new Random(10);
    for (float[] d : docs) { // varied norms, where MIPS differs from L2
      float s = 0.2f + 3 * r.nextFloat();
      for (int j = 0; j < d.length; j++) {
        d[j] *= s;
      }
    }
    tables(docs, mixture(50, 16, 11));
    h.run(run(Algorithm.LINEAR, "ip").distance(DistanceMethod.INNER_PRODUCT).build());
    Map<String, List<String>> truth = results("ip");
    RunResult lin = h.run(run(Algorithm.LINEAR, "mlin").distance(DistanceMethod.MIPS_SQUARED_EUCLIDEAN).build());
    assertEquals(h.rows("ip", "1"), h.rows("mlin", "1"), "linear MIPS is exact inner product, scores included");
    assertEquals(1.0, lin.recall().get(10));
    RunResult graph = h.run(run(Algorithm.HNSW, "mg").distance(DistanceMethod.MIPS_SQUARED_EUCLIDEAN).build());
    assertTrue(recall(results("mg"), truth, 10) >= 0.9, "hnsw MIPS recall " + recall(results("mg"), truth, 10));
    RunResult qc = h.run(run(Algorithm.QC, "mq").distance(DistanceMethod.MIPS_SQUARED_EUCLIDEAN)
        .searcherParams("{\"proxima.qc.searcher.scan_ratio\":0.3}").build());
    assertTrue(recall(results("mq"), truth, 10) >= 0.9, "qc MIPS recall " + recall(results("mq"), truth, 10));
    // scores are inner products: the top row of the graph run matches the exact run's top score when the doc agrees
    String exactTop = h.rows("ip", "1").get(0);
    String graphTop = h.rows("mg", "1").get(0);
    if (exactTop.split(",")[1].equals(graphTop.split(",")[1])) {
      assertEquals(Float.parseFloat(exactTop.split(",")[2]), Float.parseFloat(graphTop.split(",")[2]), 1e-3f);
    }
    assertTrue(graph.recall().get(10) >= 0.9 && qc.recall().get(10) >= 0.9);
  }

  @Test
  void normalizeConverterSearchesByCosine() throws IOException {
    tables(mixture(600, 16, 12), mixture(20, 16, 13));
    h.run(run(Algorithm.LINEAR, "cos").distance(DistanceMethod.COSINE).build());
    RunResult n = h.run(run(Algorithm.LINEAR, "norm").distance(DistanceMethod.INNER_PRODUCT).converter(Converter.NORMALIZE).build());
    assertEquals(1.0, n.recall().get(10));
    List<String> a = h.rows("cos", "1");
    List<String> b = h.rows("norm", "1");
    for (int i = 0; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      assertEquals(x[1], y[1], "row " + i);
      assertEquals(Float.parseFloat(x[2]), Float.parseFloat(y[2]), 1e-5f);
    }
  }

  @Test
  void int8DataAndTheInt8QuantizerLoseLittleRecall() throws IOException {
    // the benchmark's kind of data: 32 dimensions, clusters of spread 0.5 around N(0, 1) centres
    tables(mixture(2000, 32, 14, 0.5f), mixture(100, 32, 15, 0.5f));
    RunResult f = h.run(h.builder("doc", "query", "float", 32, "10", "build:seek:recall").algorithm(Algorithm.HNSW).build());
    RunResult q = h.run(h.builder("doc", "query", "int8", 32, "10", "train:build:seek:recall").algorithm(Algorithm.HNSW)
        .converter(Converter.INT8_QUANTIZER).build());
    assertTrue(f.recall().get(10) - q.recall().get(10) <= 0.02,
        "quantized recall " + q.recall().get(10) + " vs float " + f.recall().get(10));
    // the quantizer's scores come back in the input's units
    float fs = Float.parseFloat(h.rows("float", "1").get(0).split(",")[2]);
    float qs = Float.parseFloat(h.rows("int8", "1").get(0).split(",")[2]);
    assertEquals(fs, qs, 0.05 * fs + 0.05);

    // int8 data: integers in [-128, 127], exact with linear
    h.table("doc", COLS, "1", "a,1~2~-128~127\nb,0~0~0~0\nc,5~5~5~5\n");
    h.table("query", COLS, "1", "q,1~2~-128~126\n");
    h.run(h.builder("doc", "query", "i8", 4, "2", "build:seek").dataType(DataType.INT8).build());
    assertEquals(List.of("q,a,1.0", "q,b,32265.0"), h.rows("i8", "1"));
    h.table("doc", COLS, "1", "a,1~2~3~4\nb,1~2~3.5~4\n");
    ProximaException e = assertThrows(ProximaException.class,
        () -> h.run(h.builder("doc", "query", "i8", 4, "2", "build:seek").dataType(DataType.INT8).build()));
    assertTrue(e.getMessage().endsWith("pk 'b', column vector: component 3 (3.5) is not an integer in [-128, 127] (-data_type int8)"),
        e.getMessage());
    h.table("doc", COLS, "1", "a,1~2~3~200\n");
    assertTrue(assertThrows(ProximaException.class, () -> h.run(h.builder("doc", "query", "i8", 4, "2", "build:seek")
        .dataType(DataType.INT8).build())).getMessage().endsWith("component 4 (200.0) is not an integer in [-128, 127] (-data_type int8)"));
  }

  /**
   * Linear search of int8 data keeps the docs as bytes (on the volume too) and gives the rows the same values
   * searched as floats give, byte for byte: the float path is the oracle.
   */
  @ParameterizedTest
  @EnumSource(value = DistanceMethod.class, names = {"SQUARED_EUCLIDEAN", "INNER_PRODUCT", "COSINE"})
  void int8LinearGivesTheRowsOfTheSameValuesAsFloats(DistanceMethod d) throws IOException {
    Random r = new Random(17);
    StringBuilder docs = new StringBuilder();
    StringBuilder queries = new StringBuilder();
    for (int i = 0; i < 3040; i++) {
      StringBuilder row = i < 3000 ? docs : queries;
      row.append(i < 3000 ? "d" : "q").append(i).append(',');
      for (int j = 0; j < 24; j++) {
        int x = r.nextInt(10) == 0 ? (r.nextBoolean() ? -128 : 127) : r.nextInt(9) - 4; // small values: many ties
        row.append(j > 0 ? "~" : "").append(x);
      }
      row.append('\n');
    }
    h.table("doc", COLS, "1", docs.toString());
    h.table("query", COLS, "1", queries.toString());
    h.run(h.builder("doc", "query", "i8", 24, "10", "build:seek").distance(d).dataType(DataType.INT8).cleanBuildVolume(false).build());
    Path index = tmp.resolve("volumes/vol/owner1/indexes/default.doc/pt=1/linear");
    assertTrue(Files.exists(index.resolve("vectors.i8")) && !Files.exists(index.resolve("vectors.f32")), "int8 docs on the volume as bytes");
    assertEquals(3008 * 24, Files.size(index.resolve("vectors.i8")));
    h.run(h.builder("doc", "query", "f32", 24, "10", "build:seek").distance(d).build());
    List<String> want = h.rows("f32", "1");
    assertEquals(40 * 10, want.size());
    assertEquals(want, h.rows("i8", "1"));
  }

  /**
   * Linear search with Int8QuantizerConverter keeps the docs' int8 levels as bytes; the oracle is the same index
   * rewritten as floats (as earlier versions kept it, layout version 1) and seeked again: the same rows.
   */
  @Test
  void int8QuantizerLinearKeepsLevelsAsBytesAndSeeksAsFloatsDid() throws IOException {
    tables(mixture(2000, 32, 21, 0.5f), mixture(50, 32, 22, 0.5f));
    h.run(h.builder("doc", "query", "q8", 32, "10", "train:build:seek").converter(Converter.INT8_QUANTIZER)
        .cleanBuildVolume(false).build());
    Path index = tmp.resolve("volumes/vol/owner1/indexes/default.doc/pt=1/linear");
    assertTrue(Files.exists(index.resolve("vectors.i8")), "levels on the volume as bytes");
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(index.toString()); // toUri() ends a folder with '/'
    IndexManifest m = IndexStore.manifest(fs, dir);
    LinearIndex bytes = (LinearIndex) IndexStore.load(fs, dir, m, Distance.SQUARED_EUCLIDEAN);
    BlockedVectors floats = new BlockedVectors(32);
    float[] row = new float[32];
    for (int i = 0; i < bytes.size(); i++) {
      bytes.int8Docs().copyRow(i, row, 0);
      floats.appendRow(row, 0);
    }
    IndexStore.save(fs, dir, new LinearIndex(floats, bytes.pks(), bytes.pkOrder(), Distance.SQUARED_EUCLIDEAN), m);
    assertTrue(Files.exists(index.resolve("vectors.f32")) && !Files.exists(index.resolve("vectors.i8")));
    h.run(h.builder("doc", "query", "f32", 32, "10", "seek").converter(Converter.INT8_QUANTIZER).build());
    List<String> want = h.rows("f32", "1");
    assertEquals(50 * 10, want.size());
    assertEquals(want, h.rows("q8", "1"));
  }

  @Test
  void binaryHammingMatchesAPopcountReferenceInBothInputForms() throws IOException {
    Random r = new Random(16);
    int dim = 64;
    int n = 300;
    long[] all = new long[n + 5]; // 300 docs, then 5 queries; component j is bit 63 - j
    for (int i = 0; i < all.length; i++) {
      all[i] = r.nextLong();
    }
    StringBuilder[] bits = {new StringBuilder(), new StringBuilder()};
    StringBuilder[] ints = {new StringBuilder(), new StringBuilder()};
    for (int i = 0; i < all.length; i++) {
      int t = i < n ? 0 : 1;
      String pk = (t == 0 ? "d" : "q") + i;
      bits[t].append(pk).append(',');
      for (int j = 0; j < dim; j++) {
        bits[t].append(j > 0 ? "~" : "").append((all[i] >>> (63 - j)) & 1);
      }
      bits[t].append('\n');
      ints[t].append(pk).append(',').append((int) (all[i] >>> 32)).append('~').append(all[i] & 0xFFFFFFFFL).append('\n');
    }
    h.table("doc", COLS, "1", bits[0].toString());
    h.table("query", COLS, "1", bits[1].toString());
    h.table("idoc", COLS, "1", ints[0].toString());
    h.table("iquery", COLS, "1", ints[1].toString());
    RunResult res = h.run(h.builder("doc", "query", "ham", dim, "5", "build:seek:recall").dataType(DataType.BINARY)
        .distance(DistanceMethod.HAMMING).build());
    assertEquals(1.0, res.recall().get(5));
    List<String> rows = h.rows("ham", "1");
    assertEquals(25, rows.size());
    for (String row : rows) {
      String[] f = row.split(",");
      long q = all[Integer.parseInt(f[0].substring(1))];
      long d = all[Integer.parseInt(f[1].substring(1))];
      assertEquals((float) Long.bitCount(q ^ d), Float.parseFloat(f[2]), row);
    }
    for (int qi = n; qi < all.length; qi++) {
      int best = Integer.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        best = Math.min(best, Long.bitCount(all[i] ^ all[qi]));
      }
      String first = rows.get((qi - n) * 5);
      assertEquals((float) best, Float.parseFloat(first.split(",")[2]), "query " + qi + ": the nearest doc by popcount");
    }
    h.run(h.builder("idoc", "iquery", "ham2", dim, "5", "build:seek").dataType(DataType.BINARY)
        .distance(DistanceMethod.HAMMING).binaryToInt(true).build());
    assertEquals(rows, h.rows("ham2", "1"), "INT32-packed input gives the same answer");
  }

  @Test
  void badCombinationsAndParamsAreNamed() throws IOException {
    h.table("doc", COLS, "1", "a,1~0\n");
    h.table("query", COLS, "1", "q,1~0\n");
    assertEquals("-data_type binary needs a -dimension that is a multiple of 32, not 16",
        assertThrows(ProximaException.class, () -> run(Algorithm.LINEAR, "o").dataType(DataType.BINARY)
            .distance(DistanceMethod.HAMMING).build()).getMessage());
    assertEquals("-algo_model hnsw does not search binary vectors; use -algo_model linear (exact hamming)",
        assertThrows(ProximaException.class, () -> h.builder("doc", "query", "o", 32, "1", "build:seek")
            .algorithm(Algorithm.HNSW).dataType(DataType.BINARY).distance(DistanceMethod.HAMMING).build()).getMessage());
    assertEquals("-distance_method hamming needs -data_type binary",
        assertThrows(ProximaException.class, () -> run(Algorithm.LINEAR, "o").distance(DistanceMethod.HAMMING).build()).getMessage());
    assertEquals("-searcher_params: proxima.hnsw.searcher.ef 5 is below -topk 10; it must be at least topk",
        assertThrows(ProximaException.class, () -> run(Algorithm.HNSW, "o").searcherParams("{\"proxima.hnsw.searcher.ef\":5}").build()).getMessage());
    assertEquals("-builder_params: proxima.qc.builder.centroid_count -3 is outside 1..1048576",
        assertThrows(ProximaException.class, () -> run(Algorithm.QC, "o").builderParams("{\"proxima.qc.builder.centroid_count\":-3}").build()).getMessage());
    assertEquals("-searcher_params: unknown key proxima.hnsw.searcher.ef; valid keys: proxima.qc.searcher.scan_ratio, proxima.qc.searcher.rescore_count",
        assertThrows(ProximaException.class, () -> run(Algorithm.QC, "o").searcherParams("{\"proxima.hnsw.searcher.ef\":5}").build()).getMessage());
    assertEquals("-builder_params: unknown key x; valid keys: none for this algorithm",
        assertThrows(ProximaException.class, () -> run(Algorithm.LINEAR, "o").builderParams("{\"x\":1}").build()).getMessage());
    assertTrue(assertThrows(ProximaException.class, () -> run(Algorithm.HNSW, "o").builderParams("{oops")
        .build()).getMessage().startsWith("-builder_params is not valid JSON"));
    assertEquals("-builder_params: proxima.hnsw.builder.hierarchy must be true or false, not 1",
        assertThrows(ProximaException.class, () -> run(Algorithm.HNSW, "o").builderParams("{\"proxima.hnsw.builder.hierarchy\":1}").build()).getMessage());
    assertEquals("-algo_model hc (clustering) is not available in proxima-ce; use qc, its cluster index; supported: "
        + "hnsw (graph), qc (clusters), linear (exact)",
        assertThrows(ProximaException.class, () -> Algorithm.parse("hc")).getMessage());
    assertEquals(Algorithm.HNSW, Algorithm.parse("graph"));
    assertEquals("-data_type binary is searched by -distance_method hamming, not squared_euclidean",
        assertThrows(ProximaException.class, () -> h.builder("doc", "query", "o", 32, "1", "build:seek")
            .dataType(DataType.BINARY).build()).getMessage());
    h.table("doc", COLS, "1", "a," + "1~0~".repeat(15) + "1~2\n");
    ProximaException b = assertThrows(ProximaException.class, () -> h.run(h.builder("doc", "query", "o", 32, "1", "build:seek")
        .dataType(DataType.BINARY).distance(DistanceMethod.HAMMING).build()));
    assertTrue(b.getMessage().endsWith("component 32 (2.0) is not 0 or 1 (-data_type binary; INT32-packed words need -binary_to_int true)"),
        b.getMessage());
  }
}
