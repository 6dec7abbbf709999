package io.proximace.index.hnsw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bit-packed queue against a plain priority queue of (rank, node) pairs ordered by Float.compare, then node. */
class NodeQueueTest {
  record Pair(float rank, int node) {}

  static final Comparator<Pair> CLOSEST_FIRST = (a, b) -> {
    int c = Float.compare(a.rank(), b.rank());
    return c != 0 ? c : Integer.compare(a.node(), b.node());
  };

  private static PriorityQueue<Pair> oracle(boolean max) {
    return new PriorityQueue<>(max ? CLOSEST_FIRST.reversed() : CLOSEST_FIRST);
  }

  private static void assertTop(PriorityQueue<Pair> want, NodeQueue got, String where) {
    assertEquals(want.size(), got.size(), where);
    if (!want.isEmpty()) {
      assertEquals(want.peek().node(), got.topNode(), where + ": node");
      assertEquals(Float.floatToIntBits(want.peek().rank()), Float.floatToIntBits(got.topRank()), where + ": rank bits");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void pushesAndPopsInTheOracleOrderWithManyTies(boolean max) {
    SplittableRandom r = new SplittableRandom(max ? 2 : 1);
    NodeQueue q = new NodeQueue(1, max); // grows many times
    PriorityQueue<Pair> want = oracle(max);
    for (int step = 0; step < 20_000; step++) {
      if (want.isEmpty() || r.nextInt(3) > 0) {
        // few distinct ranks, so equal ranks are common and the node decides
        float rank = (r.nextInt(41) - 20) / 4f;
        int node = r.nextInt(1000);
        q.push(node, rank);
        want.add(new Pair(rank, node));
      } else {
        q.pop();
        want.poll();
      }
      assertTop(want, q, (max ? "max" : "min") + " step " + step);
    }
    while (!want.isEmpty()) {
      q.pop();
      want.poll();
      assertTop(want, q, "draining");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void equalRanksComeOutByNodeAscendingForMinDescendingForMax(boolean max) {
    NodeQueue q = new NodeQueue(4, max);
    int[] nodes = {7, 3, Integer.MAX_VALUE, 0, 5};
    for (int n : nodes) {
      q.push(n, 1.5f);
    }
    int[] want = max ? new int[] {Integer.MAX_VALUE, 7, 5, 3, 0} : new int[] {0, 3, 5, 7, Integer.MAX_VALUE};
    for (int n : want) {
      assertEquals(n, q.topNode());
      assertEquals(1.5f, q.topRank());
      q.pop();
    }
    assertEquals(0, q.size());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void extremeRanksAndNodesDecodeExactlyAndOrderAsFloatCompare(boolean max) {
    float[] ranks = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE,
        Float.MIN_NORMAL, 1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
    int[] nodes = {0, 1, Integer.MAX_VALUE};
    List<Pair> all = new ArrayList<>();
    NodeQueue q = new NodeQueue(4, max);
    // pushed in a scrambled order
    for (int i = 0; i < ranks.length * nodes.length; i++) {
      int j = (i * 7) % (ranks.length * nodes.length);
      Pair p = new Pair(ranks[j / nodes.length], nodes[j % nodes.length]);
      all.add(p);
      q.push(p.node(), p.rank());
    }
    all.sort(max ? CLOSEST_FIRST.reversed() : CLOSEST_FIRST);
    for (Pair p : all) {
      assertEquals(p.node(), q.topNode(), p.toString());
      assertEquals(Float.floatToRawIntBits(p.rank()), Float.floatToRawIntBits(q.topRank()), p + ": -0 stays -0, NaN stays NaN");
      q.pop();
    }
    assertEquals(0, q.size());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void clearEmptiesAndTheQueueIsReusable(boolean max) {
    NodeQueue q = new NodeQueue(2, max);
    for (int i = 0; i < 100; i++) {
      q.push(i, i);
    }
    q.clear();
    assertEquals(0, q.size());
    q.push(42, 3f);
    q.push(41, 2f);
    assertEquals(2, q.size());
    assertEquals(max ? 42 : 41, q.topNode());
    q.pop();
    q.pop();
    assertEquals(0, q.size());
    q.push(1, 0f);
    assertTrue(q.size() == 1 && q.topNode() == 1);
  }
}
