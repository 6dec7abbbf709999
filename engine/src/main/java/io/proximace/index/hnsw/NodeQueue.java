package io.proximace.index.hnsw;

import java.util.Arrays;

/**
 * A binary heap of (rank, node) pairs packed into longs, as Lucene's NeighborQueue does: the rank's
 * bits made sortable in the high half, the node in the low half, so one long comparison orders both.
 * A min-queue pops the closest first (the walk's frontier); a max-queue pops the farthest (the results).
 */
public final class NodeQueue {
  private final boolean max;
  private long[] heap;
  private int size;

  /** An empty queue; {@code max} chooses which end {@link #topNode} is. */
  public NodeQueue(int capacity, boolean max) {
    this.heap = new long[Math.max(capacity, 4)];
    this.max = max;
  }

  private long encode(float rank, int node) {
    int bits = Float.floatToIntBits(rank);
    bits ^= (bits >> 31) & 0x7fffffff; // order-preserving as a signed int
    long key = ((long) bits << 32) | (node & 0xffffffffL);
    return max ? ~key : key;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /** Adds a pair. */
  public void push(int node, float rank) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    long key = encode(rank, node);
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= key) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  }

  /** The node at the top (closest for a min-queue, farthest for a max-queue). */
  public int topNode() {
    long key = max ? ~heap[0] : heap[0];
    return (int) key;
  }

  /** The rank at the top. */
  public float topRank() {
    long key = max ? ~heap[0] : heap[0];
    int bits = (int) (key >> 32);
    bits ^= (bits >> 31) & 0x7fffffff;
    return Float.intBitsToFloat(bits);
  }

  /** Removes the top. */
  public void pop() {
    long last = heap[--size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= last) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    if (size > 0) {
      heap[i] = last;
    }
  }
}
