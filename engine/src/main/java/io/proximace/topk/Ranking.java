package io.proximace.topk;

import io.proximace.vector.Pks;

/**
 * The one order of search results, and the merge of ordered lists into the best k. An entry comes first
 * when its rank is smaller (closer); equal ranks, {@code -0.0} and {@code 0.0} included, are broken by pk:
 * UTF-8 bytes unsigned for string keys, signed for BIGINT ({@link Pks#compare(int, Pks, int)}). Ranks are
 * never NaN: {@link TopK} turns NaN away. Inside one key column a key's position in pk order (from
 * {@code PkOrder.ranks}) stands for the key, so the hot paths compare ints.
 */
public final class Ranking {
  private Ranking() {}

  /**
   * Whether (rank {@code ra}, doc {@code a}) comes before (rank {@code rb}, doc {@code b}) of the same column,
   * where {@code tieOrder[doc]} is the doc's position in pk order, or the doc id itself stands for it when
   * {@code tieOrder} is null. {@link TopK}'s heap and every rescoring sort use this.
   */
  public static boolean before(float ra, int a, float rb, int b, int[] tieOrder) {
    if (ra != rb) {
      return ra < rb;
    }
    return tieOrder == null ? a < b : tieOrder[a] < tieOrder[b];
  }

  /** {@link #before} as a comparison: negative, zero or positive. */
  public static int compare(float ra, int a, float rb, int b, int[] tieOrder) {
    return before(ra, a, rb, b, tieOrder) ? -1 : before(rb, b, ra, a, tieOrder) ? 1 : 0;
  }

  /** Orders (rank {@code ra}, key {@code i} of {@code a}) against (rank {@code rb}, key {@code j} of {@code b}). */
  public static int compare(float ra, Pks a, int i, float rb, Pks b, int j) {
    if (ra != rb) {
      return ra < rb ? -1 : 1;
    }
    return a.compare(i, b, j);
  }

  /** How entries of the lists being merged compare. */
  @FunctionalInterface
  public interface EntryOrder {
    /** Orders entry {@code i} of list {@code a} against entry {@code j} of list {@code b} ({@code a != b}). */
    int compare(int a, int i, int b, int j);
  }

  /**
   * Merges lists, each best first by {@code order}, into their best {@code k} entries: list {@code l} holds
   * {@code sizes[l]} entries, and the {@code n}-th best is entry {@code index[n]} of list {@code list[n]};
   * returns how many (at most {@code k}). Entries that compare equal come out in list order.
   */
  public static int merge(int[] sizes, EntryOrder order, int k, int[] list, int[] index) {
    // A binary min-heap of the lists not yet used up, keyed by their next entry.
    int[] heap = new int[sizes.length];
    int[] next = new int[sizes.length];
    int size = 0;
    for (int l = 0; l < sizes.length; l++) {
      if (sizes[l] > 0) {
        heap[size++] = l;
      }
    }
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(order, heap, next, size, i);
    }
    int n = 0;
    while (n < k && size > 0) {
      int l = heap[0];
      list[n] = l;
      index[n] = next[l]++;
      n++;
      if (next[l] == sizes[l]) {
        heap[0] = heap[--size];
      }
      siftDown(order, heap, next, size, 0);
    }
    return n;
  }

  private static void siftDown(EntryOrder order, int[] heap, int[] next, int size, int i) {
    int l = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && first(order, heap[child + 1], heap[child], next)) {
        child++;
      }
      if (!first(order, heap[child], l, next)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = l;
  }

  /** Whether list {@code a}'s next entry comes before list {@code b}'s; equal entries by list number. */
  private static boolean first(EntryOrder order, int a, int b, int[] next) {
    int c = order.compare(a, next[a], b, next[b]);
    return c != 0 ? c < 0 : a < b;
  }
}
