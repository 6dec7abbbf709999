package io.proximace.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.kernel.Distance;
import io.proximace.topk.Neighbors;
import io.proximace.topk.Ranking;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The walk on 8-bit codes against exact search: recall near the float walk's, exact scores, (score, pk) order. */
class HnswQuantizedWalkTest {
  private static final int N = 6000;
  private static final int DIM = 40;
  private static final int NQ = 200;
  private static final int K = 10;

  /** A Gaussian mixture of 50 clusters, shifted off the origin so inner product and cosine differ. */
  private static FloatVectors mixture(int n, long seed) {
    Random centres = new Random(7);
    float[] c = new float[50 * DIM];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) (centres.nextGaussian() + 0.5);
    }
    Random r = new Random(seed);
    FloatVectors v = new FloatVectors(DIM, n);
    for (int i = 0; i < n; i++) {
      int off = v.appendRow() * DIM;
      int k = r.nextInt(50);
      for (int j = 0; j < DIM; j++) {
        v.data()[off + j] = (float) (c[k * DIM + j] + 0.4 * r.nextGaussian());
      }
    }
    return v;
  }

  private static double recall(Neighbors got, Neighbors truth) {
    int hits = 0;
    for (int q = 0; q < truth.queries(); q++) {
      java.util.Set<Integer> t = new java.util.HashSet<>();
      for (int id : truth.ids(q)) {
        t.add(id);
      }
      for (int id : got.ids(q)) {
        hits += t.contains(id) ? 1 : 0;
      }
    }
    return hits / (double) (truth.queries() * K);
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void theQuantizedWalkFindsTheExactNeighboursWithExactScores(Distance distance) {
    FloatVectors docs = mixture(N, 1);
    FloatVectors queries = mixture(NQ, 2);
    LongPks pks = new LongPks();
    for (int i = 0; i < N; i++) {
      pks.add((i * 7919L) % 100_000); // pk order differs from row order
    }
    int[] order = PkOrder.ranks(pks, "test");
    Params build = Params.parse("{\"proxima.hnsw.builder.max_neighbor_count\":16}", "-builder_params", HnswIndex.BUILD_KEYS);
    HnswIndex index = HnswIndex.build(docs, pks, order, distance, build, 1); // one thread: the same graph every run
    LinearIndex linear = new LinearIndex(io.proximace.kernel.Vectors.blocked(docs.data(), DIM), pks, order, distance);
    Neighbors truth = linear.search(queries, K, Params.defaults(List.of()), 2);
    Neighbors floats = index.search(queries, K, Params.parse("{\"" + HnswIndex.QUANTIZED_WALK + "\":false}",
        "-searcher_params", HnswIndex.SEARCH_KEYS), 2);
    assertTrue(!index.hasCodes(), "a float walk makes no codes");
    Neighbors codes = index.search(queries, K, Params.parse("{\"" + HnswIndex.QUANTIZED_WALK + "\":true}",
        "-searcher_params", HnswIndex.SEARCH_KEYS), 2);
    assertTrue(index.hasCodes(), "the walk on codes made them");
    double floatRecall = recall(floats, truth);
    double codeRecall = recall(codes, truth);
    System.out.println(distance + " recall@10: float walk " + floatRecall + ", int8 walk " + codeRecall);
    // inner product is not a metric: a graph serves it less well, the float walk included
    double floor = distance == Distance.INNER_PRODUCT ? 0.9 : 0.95;
    assertTrue(codeRecall >= floor, distance + ": recall " + codeRecall);
    assertTrue(codeRecall >= floatRecall - 0.01, distance + ": recall " + codeRecall + " vs the float walk's " + floatRecall);
    for (int q = 0; q < NQ; q++) {
      assertEquals(K, codes.count(q));
      for (int i = 0; i < K; i++) {
        int id = codes.id(q, i);
        float exact = distance.exactScore(queries.data(), q * DIM, 1, docs.data(), id * DIM, 1, DIM);
        assertEquals(exact, codes.score(q, i), 0f, distance + " query " + q + " hit " + i);
        for (int t = 0; t < K; t++) {
          if (truth.id(q, t) == id) {
            assertEquals(truth.score(q, t), codes.score(q, i), 0f, "the same score as linear's for the same hit");
          }
        }
        if (i > 0) {
          assertTrue(Ranking.before(distance.rank(codes.score(q, i - 1)), codes.id(q, i - 1),
              distance.rank(codes.score(q, i)), id, order), "(score, pk) order, query " + q);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void aLoadedIndexMapsItsFloatsAndWritesTheSameRowsAsTheBuiltOne(Distance distance) throws java.io.IOException {
    FloatVectors docs = mixture(2000, 3);
    FloatVectors queries = mixture(100, 4);
    LongPks pks = new LongPks();
    for (int i = 0; i < 2000; i++) {
      pks.add((i * 7919L) % 100_000);
    }
    int[] order = PkOrder.ranks(pks, "test");
    Params build = Params.parse("{\"proxima.hnsw.builder.max_neighbor_count\":16}", "-builder_params", HnswIndex.BUILD_KEYS);
    HnswIndex built = HnswIndex.build(docs, pks, order, distance, build, 2);
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("idx").toUri());
    IndexManifest m = IndexStore.save(fs, dir, built, new IndexManifest(1, "hnsw", "float", distance.optionName(), DIM, 2000,
        "int64", "test", "now", java.util.Map.of(), java.util.Map.of(), null));
    assertEquals(1, m.format(), "codes are an extra file: earlier versions still read the folder");
    assertTrue(m.files().containsKey("codes.i8"));
    for (String walk : new String[] {"true", "false"}) {
      HnswIndex loaded = (HnswIndex) IndexStore.load(fs, dir, m, distance);
      for (String json : new String[] {"{\"" + HnswIndex.QUANTIZED_WALK + "\":" + walk + "}",
          "{\"" + HnswIndex.QUANTIZED_WALK + "\":" + walk + ",\"proxima.hnsw.searcher.brute_force_threshold\":5000}"}) {
        Params p = Params.parse(json, "-searcher_params", HnswIndex.SEARCH_KEYS);
        Neighbors want = built.search(queries, K, p, 2);
        Neighbors got = loaded.search(queries, K, p, 3);
        for (int q = 0; q < 100; q++) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(want.ids(q), got.ids(q), json + " query " + q);
          for (int i = 0; i < K; i++) {
            assertEquals(want.score(q, i), got.score(q, i), 0f, json + " query " + q);
          }
        }
      }
    }
  }

  /** One far outlier doc must not cost the walk on codes its recall (its range is clipped, not stretched). */
  @org.junit.jupiter.api.Test
  void oneFarOutlierDoesNotCostTheWalkOnCodesItsRecall() {
    FloatVectors docs = mixture(N, 5);
    java.util.Arrays.fill(docs.data(), 123 * DIM, 124 * DIM, 2000f);
    FloatVectors queries = mixture(NQ, 6);
    LongPks pks = new LongPks();
    for (int i = 0; i < N; i++) {
      pks.add(i);
    }
    int[] order = PkOrder.ranks(pks, "test");
    Distance d = Distance.SQUARED_EUCLIDEAN;
    HnswIndex index = HnswIndex.build(docs, pks, order, d, Params.defaults(HnswIndex.BUILD_KEYS), 2);
    Neighbors truth = new LinearIndex(io.proximace.kernel.Vectors.blocked(docs.data(), DIM), pks, order, d)
        .search(queries, K, Params.defaults(List.of()), 2);
    Params codes = Params.parse("{\"proxima.hnsw.searcher.ef\":16}", "-searcher_params", HnswIndex.SEARCH_KEYS);
    Params floats = Params.parse("{\"proxima.hnsw.searcher.ef\":16,\"" + HnswIndex.QUANTIZED_WALK + "\":false}",
        "-searcher_params", HnswIndex.SEARCH_KEYS);
    double withCodes = recall(index.search(queries, K, codes, 2), truth);
    double withFloats = recall(index.search(queries, K, floats, 2), truth);
    assertTrue(withCodes >= withFloats - 0.02, "ef 16: codes " + withCodes + ", floats " + withFloats);
  }

  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path tmp;
}
