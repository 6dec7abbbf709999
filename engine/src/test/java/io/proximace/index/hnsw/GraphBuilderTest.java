package io.proximace.index.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.kernel.Distance;
import io.proximace.kernel.DocRanker;
import io.proximace.kernel.Kernels;
import io.proximace.vector.FloatVectors;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The batched builder: the same bytes whatever the thread count, a well-formed graph, and recall against brute force. */
class GraphBuilderTest {
  /** {@code n} docs around {@code centres} Gaussian centres, row-major. */
  static float[] mixture(int n, int dim, int centres, long seed) {
    Random r = new Random(seed);
    float[] c = new float[centres * dim];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) (r.nextGaussian() * 3);
    }
    float[] v = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(centres);
      for (int j = 0; j < dim; j++) {
        v[i * dim + j] = c[k * dim + j] + (float) r.nextGaussian();
      }
    }
    return v;
  }

  static byte[] bytes(HnswGraph g) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      g.write(out);
    }
    return b.toByteArray();
  }

  /** Every list within its degree, non-empty on layer 0, without self or repeated edges, naming nodes of its layer. */
  static void assertWellFormed(HnswGraph g) {
    for (int node = 0; node < g.size; node++) {
      int c = g.counts0[node];
      assertTrue(c >= 1 && c <= g.degree0, "node " + node + " has " + c + " neighbours");
      assertDistinctOthers(node, g.adjacency0, node * g.degree0, c, g.size);
    }
    for (int l = 0; l < g.upper.length; l++) {
      HnswGraph.Layer layer = g.upper[l];
      for (var e : layer.slot().int2IntEntrySet()) {
        int node = e.getIntKey();
        int s = e.getIntValue();
        int c = layer.counts()[s];
        assertTrue(c <= layer.degree(), "layer " + (l + 1) + " node " + node + " has " + c);
        assertDistinctOthers(node, layer.adjacency(), s * layer.degree(), c, g.size);
        for (int i = 0; i < c; i++) {
          assertTrue(layer.slot().containsKey(layer.adjacency()[s * layer.degree() + i]), "a neighbour off the layer");
        }
      }
    }
    assertTrue(g.entry >= 0 && g.entry < g.size);
    if (g.upper.length > 0) {
      assertTrue(g.upper[g.upper.length - 1].slot().containsKey(g.entry), "the entry is on the top layer");
    }
  }

  private static void assertDistinctOthers(int node, int[] adjacency, int off, int count, int size) {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int v = adjacency[off + i];
      assertTrue(v >= 0 && v < size, "neighbour " + v + " out of range");
      assertNotEquals(node, v, "self edge at " + node);
      assertTrue(seen.add(v), "node " + node + " lists " + v + " twice");
    }
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void theWrittenGraphIsTheSameForOneToFourThreads(Distance d) throws IOException {
    FloatVectors docs = FloatVectors.wrap(mixture(3000, 16, 12, 7), 16);
    GraphBuilder b = new GraphBuilder(12, 40, 1.2f, 1.0f, true);
    HnswGraph one = b.build(docs, d, 1);
    assertWellFormed(one);
    assertTrue(one.upperLayers() >= 1, "upper layers were built");
    byte[] expected = bytes(one);
    for (int threads = 2; threads <= 4; threads++) {
      assertArrayEquals(expected, bytes(b.build(docs, d, threads)), d + " on " + threads + " threads");
    }
  }

  @Test
  void manyEqualDocsStillGiveOneGraphAndWellFormedLists() throws IOException {
    int dim = 8;
    float[] distinct = mixture(40, dim, 4, 11);
    float[] v = new float[2500 * dim];
    Random r = new Random(5);
    for (int i = 0; i < 2500; i++) {
      System.arraycopy(distinct, r.nextInt(40) * dim, v, i * dim, dim);
    }
    FloatVectors docs = FloatVectors.wrap(v, dim);
    GraphBuilder b = new GraphBuilder(10, 30, 1.2f, 1.0f, true);
    HnswGraph one = b.build(docs, Distance.SQUARED_EUCLIDEAN, 1);
    assertWellFormed(one);
    byte[] expected = bytes(one);
    for (int threads = 2; threads <= 4; threads++) {
      assertArrayEquals(expected, bytes(b.build(docs, Distance.SQUARED_EUCLIDEAN, threads)), threads + " threads");
    }
  }

  @Test
  void aFlatOrAlphaPrunedGraphIsAlsoTheSameOnAnyThreadCount() throws IOException {
    FloatVectors docs = FloatVectors.wrap(mixture(2000, 12, 8, 3), 12);
    for (GraphBuilder b : new GraphBuilder[] {new GraphBuilder(8, 30, 1.0f, 1.0f, false),
        new GraphBuilder(8, 30, 1.5f, 1.2f, true)}) {
      HnswGraph one = b.build(docs, Distance.INNER_PRODUCT, 1);
      assertWellFormed(one);
      assertArrayEquals(bytes(one), bytes(b.build(docs, Distance.INNER_PRODUCT, 3)), b.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void theWalkFindsNineInTenTrueNeighboursOnAMixture(Distance d) {
    int n = 6000;
    int dim = 10;
    FloatVectors docs = FloatVectors.wrap(mixture(n, dim, 30, 21), dim);
    HnswGraph g = new GraphBuilder(16, 64, 1.2f, 1.0f, true).build(docs, d, 2);
    assertWellFormed(g);
    DocRanker ranker = d.ranker(docs, Kernels.preferred());
    GraphWalker w = new GraphWalker(g, ranker);
    float[] queries = mixture(200, dim, 30, 21 + 1000);
    int k = 10;
    int hits = 0;
    int[] ids = new int[100];
    float[] ranks = new float[100];
    for (int q = 0; q < 200; q++) {
      float[] query = java.util.Arrays.copyOfRange(queries, q * dim, (q + 1) * dim);
      int[] truth = GraphWalkerTest.bruteForce(ranker, query, n);
      assertEquals(100, w.search(query, 0, 100, ids, ranks));
      Set<Integer> top = new HashSet<>();
      for (int i = 0; i < k; i++) {
        top.add(truth[i]);
      }
      for (int i = 0; i < k; i++) {
        hits += top.contains(ids[i]) ? 1 : 0;
      }
    }
    double recall = hits / (200.0 * k);
    // a graph by inner product is not a proximity graph (a doc may not be its own best match): its walk misses more
    double floor = d == Distance.INNER_PRODUCT ? 0.7 : 0.9;
    assertTrue(recall >= floor, d + " recall@10 at ef 100: " + recall);
  }

  /** Docs sorted by cluster (a table grouped by category) must build as good a graph as the same docs shuffled. */
  @Test
  void docsSortedByClusterGiveAsGoodAWalkAsShuffledOnes() {
    int dim = 16;
    int clusters = 200; // 20,000 docs: batches of up to 156, so one batch could hold a whole cluster of 100
    int per = 100;
    int n = clusters * per;
    Random r = new Random(31);
    float[] sorted = new float[n * dim];
    for (int c = 0; c < clusters; c++) {
      float[] centre = new float[dim];
      for (int j = 0; j < dim; j++) {
        centre[j] = (float) (r.nextGaussian() * 10);
      }
      for (int i = c * per; i < (c + 1) * per; i++) {
        for (int j = 0; j < dim; j++) {
          sorted[i * dim + j] = centre[j] + (float) r.nextGaussian();
        }
      }
    }
    FloatVectors docs = FloatVectors.wrap(sorted, dim);
    Distance d = Distance.SQUARED_EUCLIDEAN;
    HnswGraph g = new GraphBuilder(32, 100, 1.2f, 1.2f, true).build(docs, d, 2);
    DocRanker ranker = d.ranker(docs, Kernels.preferred());
    GraphWalker w = new GraphWalker(g, ranker);
    int k = 10;
    int hits = 0;
    int[] ids = new int[64];
    float[] ranks = new float[64];
    for (int q = 0; q < 300; q++) {
      float[] query = java.util.Arrays.copyOfRange(sorted, (q * 33) % n * dim, ((q * 33) % n + 1) * dim);
      query[0] += 0.5f;
      int[] truth = GraphWalkerTest.bruteForce(ranker, query, n);
      w.search(query, 0, 64, ids, ranks);
      Set<Integer> top = new HashSet<>();
      for (int i = 0; i < k; i++) {
        top.add(truth[i]);
      }
      for (int i = 0; i < k; i++) {
        hits += top.contains(ids[i]) ? 1 : 0;
      }
    }
    double recall = hits / (300.0 * k);
    assertTrue(recall >= 0.95, "recall@10 at ef 64 on docs sorted by cluster: " + recall);
  }

  @Test
  void theInsertionOrderIsAPermutationThatDoesNotFollowTheIds() {
    int[] order = GraphBuilder.insertionOrder(10_000);
    assertEquals(10_000, java.util.stream.IntStream.of(order).distinct().count());
    int ascending = 0;
    for (int i = 1; i < order.length; i++) {
      ascending += order[i] > order[i - 1] ? 1 : 0;
    }
    assertTrue(ascending > 4_000 && ascending < 6_000, "about half the steps go up: " + ascending);
    assertEquals(java.util.Arrays.toString(order), java.util.Arrays.toString(GraphBuilder.insertionOrder(10_000)));
  }

  @Test
  void levelsFollowHnswsDistributionAndBatchesDoubleToACap() {
    int[] atLeast = new int[4];
    double mL = 1 / Math.log(8);
    for (int i = 0; i < 80_000; i++) {
      int l = GraphBuilder.level(i, mL);
      for (int j = 0; j < Math.min(l + 1, 4); j++) {
        atLeast[j]++;
      }
    }
    assertEquals(80_000, atLeast[0]);
    assertEquals(10_000, atLeast[1], 400, "about 1 in 8 nodes reach layer 1");
    assertEquals(1_250, atLeast[2], 150, "about 1 in 64 reach layer 2");
    assertEquals(1, GraphBuilder.batchSize(0, 100_000));
    assertEquals(1, GraphBuilder.batchSize(1, 100_000));
    assertEquals(64, GraphBuilder.batchSize(64, 100_000));
    assertEquals(GraphBuilder.batchSize(50_000, 100_000), GraphBuilder.batchSize(90_000, 100_000), "capped");
  }

  @Test
  void twoDocsLinkEachOtherAndNoDocsGiveAnEmptyGraph() {
    HnswGraph two = new GraphBuilder(4, 10, 1.0f, 1.0f, true)
        .build(FloatVectors.wrap(new float[] {0, 0, 1, 1}, 2), Distance.SQUARED_EUCLIDEAN, 2);
    assertWellFormed(two);
    assertEquals(1, two.adjacency0[0]);
    assertEquals(0, two.adjacency0[two.degree0]);
    assertEquals(0, new GraphBuilder(4, 10, 1.0f, 1.0f, true)
        .build(FloatVectors.wrap(new float[0], 2), Distance.SQUARED_EUCLIDEAN, 2).size());
  }
}
