package io.proximace.index;

import io.proximace.kernel.Distance;
import io.proximace.topk.Neighbors;
import io.proximace.topk.TopK;
import io.proximace.vector.BinaryVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;

/**
 * Exact hamming search over binary docs ({@code -data_type binary}): XOR and popcount, 64 components
 * per instruction. Queries arrive as 0/1 floats and are packed the same way; the distance between 0/1
 * vectors equals their squared euclidean distance, which is what {@link #distance()} reports.
 */
public final class BinaryIndex implements VectorIndex {
  private final BinaryVectors docs;
  private final Pks pks;
  private final int[] pkOrder;

  public BinaryIndex(BinaryVectors docs, Pks pks, int[] pkOrder) {
    this.docs = docs;
    this.pks = pks;
    this.pkOrder = pkOrder;
  }

  @Override
  public int size() {
    return docs.size();
  }

  @Override
  public int dim() {
    return docs.dim();
  }

  @Override
  public Distance distance() {
    return Distance.SQUARED_EUCLIDEAN;
  }

  @Override
  public Pks pks() {
    return pks;
  }

  BinaryVectors docs() {
    return docs;
  }

  int[] pkOrder() {
    return pkOrder;
  }

  /** Packs 0/1 floats into bits. */
  static long[] pack(float[] rows, int off, int dim, long[] out) {
    java.util.Arrays.fill(out, 0L);
    for (int j = 0; j < dim; j++) {
      if (rows[off + j] != 0f) {
        out[j >>> 6] |= 1L << (j & 63);
      }
    }
    return out;
  }

  /** Hamming distance of two packed vectors. */
  static int hamming(long[] a, int aOff, long[] b, int bOff, int words) {
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(a[aOff + w] ^ b[bOff + w]);
    }
    return d;
  }

  @Override
  public Neighbors search(FloatVectors queries, int k, Params params, int threads) {
    int nq = queries.size();
    int n = docs.size();
    int words = docs.words();
    int dim = docs.dim();
    long[] d = docs.data();
    Neighbors out = new Neighbors(nq, k);
    int batch = 32;
    Parallel.forEach((nq + batch - 1) / batch, threads, b -> {
      long[] q = new long[words];
      TopK heap = new TopK(Math.min(Math.max(n, 1), k), pkOrder);
      int[] ids = new int[k];
      float[] ranks = new float[k];
      for (int qi = b * batch; qi < Math.min(nq, (b + 1) * batch); qi++) {
        pack(queries.data(), qi * dim, dim, q);
        heap.clear();
        for (int i = 0; i < n; i++) {
          float r = hamming(q, 0, d, i * words, words);
          if (r <= heap.threshold()) {
            heap.offer(r, i);
          }
        }
        int m = heap.drainSorted(ids, ranks, 0);
        out.set(qi, ids, ranks, 0, m); // integer distances are exact already
      }
    });
    return out;
  }
}
