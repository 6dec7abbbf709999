package io.proximace.topk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void keepsTheSmallestRanksInOrder() {
    Random r = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      int k = 1 + r.nextInt(40);
      float[] ranks = new float[n];
      int[] order = IntStream.range(0, n).toArray();
      shuffle(order, r);
      for (int i = 0; i < n; i++) {
        ranks[i] = r.nextInt(20); // many ties
      }
      TopK heap = new TopK(k, order);
      for (int i = 0; i < n; i++) {
        if (ranks[i] <= heap.threshold()) {
          heap.offer(ranks[i], i);
        }
      }
      Integer[] expected = IntStream.range(0, n).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> ranks[i]).thenComparingInt(i -> order[i]))
          .limit(k).toArray(Integer[]::new);
      int[] ids = new int[k];
      float[] got = new float[k];
      int m = heap.drainSorted(ids, got, 0);
      assertEquals(Math.min(n, k), m);
      assertArrayEquals(Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), Arrays.copyOf(ids, m));
      assertEquals(0, heap.size());
    }
  }

  @Test
  void breaksTiesByPkOrderNotByArrival() {
    int[] pkOrder = {2, 0, 1}; // doc 1 has the smallest pk, then doc 2, then doc 0
    TopK heap = new TopK(2, pkOrder);
    heap.offer(4f, 0);
    heap.offer(4f, 1);
    heap.offer(4f, 2);
    int[] ids = new int[2];
    heap.drainSorted(ids, new float[2], 0);
    assertArrayEquals(new int[] {1, 2}, ids);
  }

  @Test
  void rejectsInfinityAndNaNAndHasAFiniteThresholdBeforeFull() {
    TopK heap = new TopK(3, null);
    assertEquals(Float.MAX_VALUE, heap.threshold());
    assertFalse(heap.offer(Float.POSITIVE_INFINITY, 0));
    assertFalse(heap.offer(Float.NaN, 1));
    assertEquals(0, heap.size());
  }

  private static void shuffle(int[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
