package io.proximace.topk;

import java.util.Arrays;

/**
 * The {@code capacity} best (smallest rank) doc ids seen, as a bounded max-heap in {@link Ranking}'s order:
 * equal ranks are ordered by {@code tieOrder[id]} (a doc's position in pk order), so which of several
 * equally distant docs make the cut never depends on scan order, thread count or sharding.
 *
 * <p>Callers reject by {@link #threshold()} before calling {@link #offer}: it is the worst rank
 * kept once the heap is full, and {@code Float.MAX_VALUE} before, so infinite ranks (padding lanes)
 * are never admitted.
 */
public final class TopK {
  private final int capacity;
  private final float[] ranks;
  private final int[] ids;
  private final int[] tieOrder;
  private int size;

  /** A heap keeping {@code capacity} ids; ties broken by {@code tieOrder[id]}, or by id when null. */
  public TopK(int capacity, int[] tieOrder) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.ranks = new float[capacity];
    this.ids = new int[capacity];
    this.tieOrder = tieOrder;
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return size;
  }

  /** Ranks above this cannot enter. */
  public float threshold() {
    return size < capacity ? Float.MAX_VALUE : ranks[0];
  }

  /** Offers {@code id} at {@code rank}; returns whether it was kept. */
  public boolean offer(float rank, int id) {
    if (!(rank <= Float.MAX_VALUE)) {
      return false; // +Inf padding or NaN
    }
    if (size < capacity) {
      int i = size++;
      siftUp(i, rank, id);
      return true;
    }
    if (!worse(ranks[0], ids[0], rank, id)) {
      return false;
    }
    siftDown(rank, id);
    return true;
  }

  /** Empties the heap for reuse. */
  public void clear() {
    size = 0;
  }

  /**
   * Moves the kept entries, best first, into {@code idsOut} and {@code ranksOut} from {@code off}; returns
   * how many. The heap is empty afterwards.
   */
  public int drainSorted(int[] idsOut, float[] ranksOut, int off) {
    int n = size;
    for (int i = n - 1; i >= 0; i--) {
      idsOut[off + i] = ids[0];
      ranksOut[off + i] = ranks[0];
      int lastId = ids[size - 1];
      float lastRank = ranks[size - 1];
      size--;
      if (size > 0) {
        siftDown(lastRank, lastId);
      }
    }
    return n;
  }

  /** Whether (ra, ia) ranks after (rb, ib). */
  private boolean worse(float ra, int ia, float rb, int ib) {
    return Ranking.before(rb, ib, ra, ia, tieOrder);
  }

  private void siftUp(int i, float rank, int id) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(rank, id, ranks[parent], ids[parent])) {
        break;
      }
      ranks[i] = ranks[parent];
      ids[i] = ids[parent];
      i = parent;
    }
    ranks[i] = rank;
    ids[i] = id;
  }

  /** Replaces the root with (rank, id) and restores the heap. */
  private void siftDown(float rank, int id) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && worse(ranks[right], ids[right], ranks[child], ids[child])) {
        child = right;
      }
      if (!worse(ranks[child], ids[child], rank, id)) {
        break;
      }
      ranks[i] = ranks[child];
      ids[i] = ids[child];
      i = child;
    }
    ranks[i] = rank;
    ids[i] = id;
  }

  @Override
  public String toString() {
    return "TopK" + Arrays.toString(Arrays.copyOf(ids, size));
  }
}
