package io.proximace.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.kernel.Distance;
import io.proximace.kernel.Vectors;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.StringPks;
import java.io.IOException;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The clustered index against exact search ({@link LinearIndex}, itself tested against a direct computation). */
class ClusterIndexTest {
  @TempDir
  java.nio.file.Path tmp;

  /** The same pks as {@link LinearIndexTest#index}: pk order differs from row order. */
  static StringPks pks(int n) {
    StringPks pks = new StringPks();
    for (int i = 0; i < n; i++) {
      pks.add(String.format("doc%05d", (i * 7919) % 100_000));
    }
    return pks;
  }

  static ClusterIndex trained(float[] docs, int dim, Distance d, int clusters) {
    return trained(docs, dim, d, clusters, false);
  }

  /** As {@link #trained(float[], int, Distance, int)}; {@code codes}: lists of 8-bit codes. */
  static ClusterIndex trained(float[] docs, int dim, Distance d, int clusters, boolean codes) {
    int n = docs.length / dim;
    FloatVectors rows = FloatVectors.wrap(docs, dim);
    Params p = Params.parse("{\"proxima.qc.builder.centroid_count\":" + clusters + ",\"" + ClusterIndex.QUANTIZED_LISTS
        + "\":" + codes + "}", "-builder_params", ClusterIndex.BUILD_KEYS);
    StringPks pks = pks(n);
    return ClusterIndex.build(rows, ClusterIndex.train(rows, n, p, 2), pks, PkOrder.ranks(pks, "test"), d, p, 2);
  }

  static Params scan(double ratio) {
    return Params.parse("{\"proxima.qc.searcher.scan_ratio\":" + ratio + "}", "-searcher_params", ClusterIndex.SEARCH_KEYS);
  }

  static void assertSame(Neighbors want, Neighbors got, int nq, String what) {
    for (int q = 0; q < nq; q++) {
      assertArrayEquals(want.ids(q), got.ids(q), what + ", query " + q);
      for (int i = 0; i < want.count(q); i++) {
        assertEquals(want.score(q, i), got.score(q, i), 0f, what + ", query " + q + " rank " + i);
      }
    }
  }

  /** Points around {@code blobs} well-separated centres. */
  static float[] blobs(int n, int dim, int blobs, long seed) {
    Random r = new Random(seed);
    Random centres = new Random(99);
    float[] c = new float[blobs * dim];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) (10 * centres.nextGaussian());
    }
    float[] v = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int b = r.nextInt(blobs);
      for (int j = 0; j < dim; j++) {
        v[i * dim + j] = (float) (c[b * dim + j] + r.nextGaussian());
      }
    }
    return v;
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void aFullScanEqualsExactSearchRowForRow(Distance d) {
    int dim = 19;
    int n = 2500;
    float[] docs = Vectors.random(n, dim, 1);
    for (int i = 300; i < 340; i++) {
      System.arraycopy(docs, 0, docs, i * dim, dim); // 41 equal docs: ties cut by pk
    }
    float[] qs = Vectors.random(60, dim, 2);
    System.arraycopy(docs, 0, qs, 0, dim);
    FloatVectors queries = FloatVectors.wrap(qs, dim);
    ClusterIndex qc = trained(docs, dim, d, 30);
    LinearIndex exact = LinearIndexTest.index(docs, dim, d);
    for (int k : new int[] {1, 10, 45}) {
      assertSame(exact.search(queries, k, 2), qc.search(queries, k, scan(1), 2), 60, d + " k " + k);
    }
  }

  @Test
  void aPartialScanFindsMostNeighboursOnClusteredDataAndScansOnlyPart() {
    int dim = 16;
    int k = 10;
    float[] docs = blobs(6000, dim, 40, 3);
    FloatVectors queries = FloatVectors.wrap(blobs(200, dim, 40, 4), dim);
    ClusterIndex qc = trained(docs, dim, Distance.SQUARED_EUCLIDEAN, 40);
    assertEquals(40, qc.clusters());
    Neighbors truth = LinearIndexTest.index(docs, dim, Distance.SQUARED_EUCLIDEAN).search(queries, k, 2);
    double clustered = recall(truth, qc.search(queries, k, scan(0.1), 2), k);
    assertTrue(clustered >= 0.95, "recall@10 at scan ratio 0.1 on clustered data: " + clustered);
    // on data without clusters, a tenth of the lists cannot hold every neighbour: the scan really is partial
    float[] hard = Vectors.random(6000, dim, 5);
    FloatVectors hardQueries = FloatVectors.wrap(Vectors.random(200, dim, 6), dim);
    ClusterIndex uniform = trained(hard, dim, Distance.SQUARED_EUCLIDEAN, 40);
    Neighbors hardTruth = LinearIndexTest.index(hard, dim, Distance.SQUARED_EUCLIDEAN).search(hardQueries, k, 2);
    double partial = recall(hardTruth, uniform.search(hardQueries, k, scan(0.1), 2), k);
    double full = recall(hardTruth, uniform.search(hardQueries, k, scan(1), 2), k);
    assertEquals(1.0, full);
    assertTrue(partial < 0.95 && partial > 0.2, "recall@10 at scan ratio 0.1 on normal data: " + partial);
  }

  static Params scan(double ratio, int rescore) {
    return Params.parse("{\"proxima.qc.searcher.scan_ratio\":" + ratio + ",\"" + ClusterIndex.RESCORE + "\":" + rescore + "}",
        "-searcher_params", ClusterIndex.SEARCH_KEYS);
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void listsOfCodesRescoringEveryDocEqualExactSearchRowForRow(Distance d) {
    int dim = 19;
    int n = 2500;
    float[] docs = Vectors.random(n, dim, 1);
    for (int i = 300; i < 340; i++) {
      System.arraycopy(docs, 0, docs, i * dim, dim); // 41 equal docs: ties cut by pk
    }
    float[] qs = Vectors.random(60, dim, 2);
    System.arraycopy(docs, 0, qs, 0, dim);
    FloatVectors queries = FloatVectors.wrap(qs, dim);
    ClusterIndex qc = trained(docs, dim, d, 30, true);
    LinearIndex exact = LinearIndexTest.index(docs, dim, d);
    for (int k : new int[] {1, 10, 45}) {
      assertSame(exact.search(queries, k, 2), qc.search(queries, k, scan(1, n), 2), 60, d + " k " + k);
    }
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void listsOfCodesFindAsManyNeighboursAsFloatListsWithExactScores(Distance d) {
    int dim = 48;
    int k = 10;
    float[] docs = blobs(8000, dim, 40, 3);
    float[] qs = blobs(200, dim, 40, 4);
    FloatVectors queries = FloatVectors.wrap(qs, dim);
    ClusterIndex floats = trained(docs, dim, d, 40, false);
    ClusterIndex codes = trained(docs, dim, d, 40, true);
    Neighbors truth = LinearIndexTest.index(docs, dim, d).search(queries, k, 2);
    Params p = scan(0.1);
    double withFloats = recall(truth, floats.search(queries, k, p, 2), k);
    Neighbors got = codes.search(queries, k, p, 2);
    double withCodes = recall(truth, got, k);
    assertTrue(withCodes >= 0.95 && withCodes >= withFloats - 0.01, d + ": recall@10 with codes " + withCodes
        + ", with floats " + withFloats);
    for (int q = 0; q < 200; q++) {
      for (int i = 0; i < k; i++) {
        float exactScore = d.exactScore(qs, q * dim, 1, docs, got.id(q, i) * dim, 1, dim);
        assertEquals(exactScore, got.score(q, i), 0f, "scores are exact, query " + q);
      }
    }
    for (int threads : new int[] {1, 3}) {
      assertSame(got, codes.search(queries, k, p, threads), 200, threads + " threads");
    }
  }

  @Test
  void aRescoreCountBelowTopkIsRefused() {
    float[] docs = Vectors.random(500, 4, 1);
    ClusterIndex codes = trained(docs, 4, Distance.SQUARED_EUCLIDEAN, 5, true);
    FloatVectors queries = FloatVectors.wrap(Vectors.random(2, 4, 2), 4);
    io.proximace.ProximaException e = org.junit.jupiter.api.Assertions.assertThrows(io.proximace.ProximaException.class,
        () -> codes.search(queries, 10, scan(0.5, 5), 1));
    assertTrue(e.getMessage().contains(ClusterIndex.RESCORE), e.getMessage());
  }

  static double recall(Neighbors truth, Neighbors got, int k) {
    int hits = 0;
    for (int q = 0; q < truth.queries(); q++) {
      int[] found = got.ids(q);
      assertEquals(k, found.length, "k rows for query " + q);
      for (int t : truth.ids(q)) {
        hits += IntStream.of(found).anyMatch(f -> f == t) ? 1 : 0;
      }
    }
    return hits / (double) (truth.queries() * k);
  }

  @Test
  void resultsDoNotDependOnThreads() {
    int dim = 8;
    float[] docs = Vectors.random(3000, dim, 7);
    FloatVectors queries = FloatVectors.wrap(Vectors.random(150, dim, 8), dim);
    ClusterIndex qc = trained(docs, dim, Distance.INNER_PRODUCT, 25);
    Neighbors one = qc.search(queries, 10, scan(0.2), 1);
    for (int threads : new int[] {2, 3, 8}) {
      assertSame(one, qc.search(queries, 10, scan(0.2), threads), 150, threads + " threads");
    }
  }

  @Test
  void emptyClustersAreSkippedAndAQueryNearOnlyEmptyOnesStillGetsKRows() {
    int dim = 4;
    int n = 400;
    float[] docs = Vectors.random(n, dim, 9); // all near the origin
    // 4 centroids among the docs, 6 far away that no doc is nearest to
    float[] c = new float[10 * dim];
    System.arraycopy(Vectors.random(4, dim, 10), 0, c, 0, 4 * dim);
    for (int i = 4; i < 10; i++) {
      c[i * dim] = 1000f + i;
    }
    StringPks pks = pks(n);
    ClusterIndex qc = ClusterIndex.build(FloatVectors.wrap(docs, dim), FloatVectors.wrap(c, dim), pks,
        PkOrder.ranks(pks, "test"), Distance.SQUARED_EUCLIDEAN, Params.defaults(ClusterIndex.BUILD_KEYS), 2);
    assertEquals(10, qc.clusters());
    float[] qs = Vectors.random(20, dim, 11);
    qs[0] = 1005f; // query 0 sits among the empty clusters: its nearest five are all empty
    FloatVectors queries = FloatVectors.wrap(qs, dim);
    LinearIndex exact = LinearIndexTest.index(docs, dim, Distance.SQUARED_EUCLIDEAN);
    int k = 15;
    assertSame(exact.search(queries, k, 1), qc.search(queries, k, scan(1), 1), 20, "full scan");
    Neighbors few = qc.search(queries, k, scan(0.1), 1);
    for (int q = 0; q < 20; q++) {
      assertEquals(k, few.count(q), "k rows for query " + q);
      int[] ids = few.ids(q);
      assertEquals(k, IntStream.of(ids).distinct().count(), "distinct docs");
      for (int i = 0; i < k; i++) {
        float exactScore = Distance.SQUARED_EUCLIDEAN.exactScore(qs, q * dim, 1, docs, ids[i] * dim, 1, dim);
        assertEquals(exactScore, few.score(q, i), 0f, "scores are exact");
        if (i > 0) {
          assertTrue(few.score(q, i - 1) <= few.score(q, i), "best first");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSavedAndLoadedIndexSearchesTheSame(boolean codes) throws IOException {
    int dim = 11;
    float[] docs = Vectors.random(1200, dim, 12);
    for (Distance d : Distance.values()) {
      ClusterIndex qc = trained(docs, dim, d, 20, codes);
      FileSystem fs = FileSystem.getLocal(new Configuration());
      Path dir = new Path(tmp.resolve("idx-" + codes + "-" + d).toUri());
      IndexManifest m = IndexStore.save(fs, dir, qc, new IndexManifest(1, "qc", "float", d.optionName(), dim, 1200,
          "string", "default.doc/pt=1", "now", java.util.Map.of(), java.util.Map.of(), null));
      assertEquals(codes, m.files().containsKey("codes.i8"));
      assertEquals(codes ? 2 : 1, m.format(), "a layout older versions cannot read says so");
      ClusterIndex back = (ClusterIndex) IndexStore.load(fs, dir, IndexStore.manifest(fs, dir), d);
      assertEquals(qc.clusters(), back.clusters());
      assertEquals(qc.size(), back.size());
      FloatVectors queries = FloatVectors.wrap(Vectors.random(40, dim, 13), dim);
      for (double ratio : new double[] {0.1, 1}) {
        assertSame(qc.search(queries, 12, scan(ratio), 2), back.search(queries, 12, scan(ratio), 2), 40, d + " ratio " + ratio);
      }
      if (codes) {
        assertTrue(back.heapBytes() < 4L * 1200 * dim, "the floats of a loaded index are mapped, not on the heap: "
            + back.heapBytes() + " bytes");
      }
    }
  }

  @Test
  void fewerDocsThanKGivesEveryDoc() {
    int dim = 3;
    float[] docs = Vectors.random(40, dim, 14);
    ClusterIndex qc = trained(docs, dim, Distance.SQUARED_EUCLIDEAN, 1);
    Neighbors got = qc.search(FloatVectors.wrap(Vectors.random(3, dim, 15), dim), 100, scan(0.01), 1);
    for (int q = 0; q < 3; q++) {
      assertEquals(40, got.count(q));
    }
  }
}
