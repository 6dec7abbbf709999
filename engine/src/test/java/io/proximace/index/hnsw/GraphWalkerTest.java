package io.proximace.index.hnsw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.kernel.Distance;
import io.proximace.kernel.DocRanker;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.ScalarFloatKernel;
import io.proximace.kernel.Vectors;
import io.proximace.quant.Int8Codes;
import io.proximace.vector.FloatVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The walker on hand-made graphs, where the answer is known, and on built ones against brute force. */
class GraphWalkerTest {
  /**
   * A graph in {@link HnswGraph}'s file format, read back: {@code layer0[i]} lists node i's neighbours;
   * {@code upper[l - 1]} lists layer l's rows, each {@code {node, neighbours...}}.
   */
  static HnswGraph graph(int entry, int[][] layer0, int[][]... upper) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x48_4E_53_57);
    out.writeInt(layer0.length);
    out.writeInt(entry);
    int degree0 = Arrays.stream(layer0).mapToInt(r -> r.length).max().orElse(0);
    out.writeInt(degree0);
    for (int[] row : layer0) {
      out.writeInt(row.length);
    }
    for (int[] row : layer0) {
      for (int i = 0; i < degree0; i++) {
        out.writeInt(i < row.length ? row[i] : 0);
      }
    }
    out.writeInt(upper.length);
    for (int[][] layer : upper) {
      int degree = Arrays.stream(layer).mapToInt(r -> r.length - 1).max().orElse(0);
      out.writeInt(degree);
      out.writeInt(layer.length);
      for (int[] row : layer) {
        out.writeInt(row[0]);
      }
      for (int[] row : layer) {
        out.writeInt(row.length - 1);
      }
      for (int[] row : layer) {
        for (int i = 0; i < degree; i++) {
          out.writeInt(i + 1 < row.length ? row[i + 1] : 0);
        }
      }
    }
    return HnswGraph.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  /** Every node linked to every other. */
  static int[][] complete(int n) {
    int[][] rows = new int[n][];
    for (int i = 0; i < n; i++) {
      int me = i;
      rows[i] = IntStream.range(0, n).filter(j -> j != me).toArray();
    }
    return rows;
  }

  /** Node i linked to i - 1 and i + 1 within [from, to). */
  static int[][] chain(int n, int from, int to, int[][] rows) {
    for (int i = from; i < to; i++) {
      int me = i;
      rows[i] = IntStream.of(i - 1, i + 1).filter(j -> j >= from && j < to && j != me).toArray();
    }
    return rows;
  }

  /** All nodes, best first by (rank, node): the oracle. */
  static int[] bruteForce(DocRanker ranker, float[] q, int n) {
    float[] rank = new float[n];
    for (int i = 0; i < n; i++) {
      rank[i] = ranker.rank(q, 0, i);
    }
    return IntStream.range(0, n).boxed()
        .sorted((a, b) -> rank[a] != rank[b] ? Float.compare(rank[a], rank[b]) : Integer.compare(a, b))
        .mapToInt(Integer::intValue).toArray();
  }

  /** 1-d docs: doc i is the number {@code x[i]}. */
  static DocRanker line(float... x) {
    return Distance.SQUARED_EUCLIDEAN.ranker(FloatVectors.wrap(x, 1), new ScalarFloatKernel());
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void aBeamAsWideAsACompleteGraphReturnsEveryNodeInRankThenNodeOrder(Distance d) throws IOException {
    int n = 60;
    int dim = 8;
    float[] docs = Vectors.random(n, dim, 3);
    System.arraycopy(docs, 0, docs, 10 * dim, dim); // ties: docs 0, 10 and 20 are equal
    System.arraycopy(docs, 0, docs, 20 * dim, dim);
    DocRanker ranker = d.ranker(FloatVectors.wrap(docs, dim), Kernels.preferred());
    GraphWalker w = new GraphWalker(graph(17, complete(n)), ranker);
    for (int query = 0; query < 5; query++) {
      float[] q = query == 0 ? Arrays.copyOf(docs, dim) : Vectors.random(1, dim, 100 + query);
      int[] ids = new int[n];
      float[] ranks = new float[n];
      assertEquals(n, w.search(q, 0, n, ids, ranks));
      assertArrayEquals(bruteForce(ranker, q, n), ids, d + " query " + query);
      for (int i = 0; i < n; i++) {
        assertEquals(ranker.rank(q, 0, ids[i]), ranks[i], 0f, "the walk's rank is the ranker's, bit for bit");
      }
    }
  }

  /** A walk on codes ranks its whole final beam again with the floats: with every node in the beam, the float order. */
  @ParameterizedTest
  @EnumSource(Distance.class)
  void aWalkOnCodesReturnsItsBeamInTheFloatRanksOrder(Distance d) throws IOException {
    int n = 70;
    int dim = 19;
    float[] docs = Vectors.random(n, dim, 8);
    DocRanker ranker = d.ranker(FloatVectors.wrap(docs, dim), Kernels.preferred());
    GraphWalker w = new GraphWalker(graph(5, complete(n)), ranker, Int8Codes.of(FloatVectors.wrap(docs, dim), d));
    for (int query = 0; query < 5; query++) {
      float[] q = Vectors.random(1, dim, 200 + query);
      int[] ids = new int[n];
      float[] ranks = new float[n];
      assertEquals(n, w.search(q, 0, n, ids, ranks));
      assertArrayEquals(bruteForce(ranker, q, n), ids, d + " query " + query);
      for (int i = 0; i < n; i++) {
        assertEquals(ranker.rank(q, 0, ids[i]), ranks[i], 0f, "the float rank, bit for bit");
      }
    }
  }

  @Test
  void aNarrowBeamOnACompleteGraphKeepsTheBestEf() throws IOException {
    int n = 80;
    int dim = 5;
    float[] docs = Vectors.random(n, dim, 4);
    DocRanker ranker = Distance.INNER_PRODUCT.ranker(FloatVectors.wrap(docs, dim), Kernels.preferred());
    GraphWalker w = new GraphWalker(graph(0, complete(n)), ranker);
    float[] q = Vectors.random(1, dim, 5);
    for (int ef : new int[] {1, 7, 30}) {
      int[] ids = new int[ef];
      assertEquals(ef, w.search(q, 0, ef, ids, new float[ef]));
      assertArrayEquals(Arrays.copyOf(bruteForce(ranker, q, n), ef), ids, "ef " + ef);
    }
  }

  @Test
  void aChainIsFollowedFromTheEntryToTheQuery() throws IOException {
    int n = 50;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    GraphWalker w = new GraphWalker(graph(0, chain(n, 0, n, new int[n][])), line(x));
    int[] ids = new int[3];
    float[] ranks = new float[3];
    assertEquals(1, w.search(new float[] {37.2f}, 0, 1, ids, ranks));
    assertEquals(37, ids[0]);
    assertEquals(3, w.search(new float[] {37.2f}, 0, 3, ids, ranks));
    assertArrayEquals(new int[] {37, 38, 36}, ids);
    float d = 37.2f - 37f;
    assertEquals(d * d, ranks[0], 0f);
  }

  @Test
  void aScanCapStopsTheWalkAfterThatManyNodes() throws IOException {
    int n = 50;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    GraphWalker w = new GraphWalker(graph(0, chain(n, 0, n, new int[n][])), line(x));
    int[] ids = new int[3];
    float[] ranks = new float[3];
    // ranking nodes 0..9 only, the walk ends ten steps along the chain, far from the query at 37.2
    assertEquals(3, w.search(new float[] {37.2f}, 0, 3, 10, ids, ranks));
    assertArrayEquals(new int[] {9, 8, 7}, ids);
    assertEquals(3, w.search(new float[] {37.2f}, 0, 3, 45, ids, ranks));
    assertArrayEquals(new int[] {37, 38, 36}, ids, "a cap the walk does not reach changes nothing");
  }

  @Test
  void upperLayersCarryTheWalkToAComponentLayerZeroCannotReach() throws IOException {
    // layer 0: two separate chains, 0..9 around x = 0 and 10..19 around x = 100
    int n = 20;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < 10 ? i : 100 + (i - 10);
    }
    int[][] layer0 = chain(n, 10, 20, chain(n, 0, 10, new int[n][]));
    int[] ids = new int[2];
    float[] ranks = new float[2];
    float[] q = {107.1f}; // nearest: node 17 (at 107), then 18 (at 108)
    // without upper layers the walk is stuck in the entry's chain
    GraphWalker flat = new GraphWalker(graph(0, layer0), line(x));
    assertEquals(2, flat.search(q, 0, 2, ids, ranks));
    assertArrayEquals(new int[] {9, 8}, ids);
    // layer 1 links node 0 to node 15: the greedy descent crosses over, layer 0 finishes the walk
    GraphWalker layered = new GraphWalker(graph(0, layer0, new int[][] {{0, 15}, {15, 0}}), line(x));
    assertEquals(2, layered.search(q, 0, 2, ids, ranks));
    assertArrayEquals(new int[] {17, 18}, ids);
    // two upper layers: layer 2 holds only the entry, layer 1 the crossing
    GraphWalker tall = new GraphWalker(graph(0, layer0, new int[][] {{0, 15}, {15, 0}}, new int[][] {{0}}), line(x));
    assertEquals(2, tall.search(q, 0, 2, ids, ranks));
    assertArrayEquals(new int[] {17, 18}, ids);
  }

  @Test
  void anEmptyGraphFindsNothing() throws IOException {
    GraphWalker w = new GraphWalker(graph(0, new int[0][]), line());
    assertEquals(0, w.search(new float[] {1f}, 0, 5, new int[5], new float[5]));
  }

  @Test
  void aBuiltGraphFindsMostTrueNeighboursAndAReusedWalkerAnswersAsAFreshOne() throws IOException {
    int n = 3000;
    int dim = 16;
    int k = 10;
    FloatVectors docs = FloatVectors.wrap(Vectors.random(n, dim, 6), dim);
    HnswGraph g = new GraphBuilder(16, 100, 1.2f, 1.0f, true).build(docs, Distance.SQUARED_EUCLIDEAN, 2);
    assertEquals(n, g.size());
    DocRanker ranker = Distance.SQUARED_EUCLIDEAN.ranker(docs, Kernels.preferred());
    GraphWalker reused = new GraphWalker(g, ranker);
    float[] qs = Vectors.random(100, dim, 7);
    int hits = 0;
    for (int q = 0; q < 100; q++) {
      int ef = 20 + (q % 5) * 20; // the beam changes between searches of the same walker
      int[] ids = new int[ef];
      float[] ranks = new float[ef];
      int found = reused.search(qs, q * dim, ef, ids, ranks);
      assertEquals(ef, found, "a connected graph fills the beam");
      int[] fresh = new int[ef];
      new GraphWalker(g, ranker).search(qs, q * dim, ef, fresh, new float[ef]);
      assertArrayEquals(fresh, ids, "query " + q);
      for (int i = 1; i < found; i++) {
        assertTrue(ranks[i - 1] <= ranks[i], "best first");
      }
      int[] truth = Arrays.copyOf(bruteForce(ranker, Arrays.copyOfRange(qs, q * dim, (q + 1) * dim), n), k);
      for (int t : truth) {
        hits += IntStream.of(ids).limit(k).anyMatch(id -> id == t) ? 1 : 0;
      }
    }
    double recall = hits / (100.0 * k);
    assertTrue(recall >= 0.9, "recall@10 " + recall);
    assertFalse(recall > 1);
  }

  @Test
  void aWrittenAndReadGraphWalksTheSame() throws IOException {
    int n = 1500;
    int dim = 12;
    FloatVectors docs = FloatVectors.wrap(Vectors.random(n, dim, 8), dim);
    HnswGraph g = new GraphBuilder(8, 50, 1.2f, 1.0f, true).build(docs, Distance.COSINE, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    g.write(new DataOutputStream(bytes));
    HnswGraph back = HnswGraph.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(g.size(), back.size());
    assertEquals(g.upperLayers(), back.upperLayers());
    assertTrue(g.upperLayers() > 0, "1500 nodes have upper layers");
    DocRanker ranker = Distance.COSINE.ranker(docs, Kernels.preferred());
    float[] qs = Vectors.random(30, dim, 9);
    for (int q = 0; q < 30; q++) {
      int[] a = new int[40];
      int[] b = new int[40];
      new GraphWalker(g, ranker).search(qs, q * dim, 40, a, new float[40]);
      new GraphWalker(back, ranker).search(qs, q * dim, 40, b, new float[40]);
      assertArrayEquals(a, b, "query " + q);
    }
  }
}
