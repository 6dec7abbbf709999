package io.proximace.index;

import io.proximace.kernel.Distance;
import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.QueryBatch;
import io.proximace.kernel.Terms;
import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Lists as floats in the batch kernel's blocked layout, each padded to whole blocks (padding positions hold
 * no doc). A scan turns the probes around, as Faiss does for batches: for each list, the queries probing
 * it are gathered and scanned together, a tile of queries at a time.
 */
final class FloatLists implements ClusterLists {
  private final float[][] lists; // cluster c: its docs in the blocked layout, padded to whole blocks
  private final int[] offsets;
  private final int[] rowOf; // doc id -> position
  private final Terms docTerms;
  private final Distance distance;
  private final int dim;

  private FloatLists(float[][] lists, int[] offsets, int[] docAt, int docs, Distance distance, int dim) {
    this.lists = lists;
    this.offsets = offsets;
    this.distance = distance;
    this.dim = dim;
    this.rowOf = new int[docs];
    for (int p = 0; p < docAt.length; p++) {
      if (docAt[p] >= 0) {
        rowOf[docAt[p]] = p;
      }
    }
    this.docTerms = terms(docAt);
  }

  /** The positions a cluster of {@code count} docs takes: whole blocks. */
  static int padded(int count) {
    return (count + BlockedVectors.BLOCK - 1) / BlockedVectors.BLOCK * BlockedVectors.BLOCK;
  }

  /** Lists of row-major {@code docs} placed at positions {@code docAt} (-1: padding). */
  static FloatLists of(FloatVectors docs, int[] offsets, int[] docAt, Distance distance) {
    int dim = docs.dim();
    int k = offsets.length - 1;
    float[][] lists = new float[k][];
    float[] d = docs.data();
    for (int c = 0; c < k; c++) {
      lists[c] = new float[(offsets[c + 1] - offsets[c]) * dim];
      for (int slot = 0; slot < offsets[c + 1] - offsets[c]; slot++) {
        int doc = docAt[offsets[c] + slot];
        if (doc < 0) {
          continue;
        }
        int base = base(slot, dim);
        for (int j = 0; j < dim; j++) {
          lists[c][base + j * BlockedVectors.BLOCK] = d[doc * dim + j];
        }
      }
    }
    return new FloatLists(lists, offsets, docAt, docs.size(), distance, dim);
  }

  private static int base(int slot, int dim) {
    return (slot / BlockedVectors.BLOCK) * dim * BlockedVectors.BLOCK + slot % BlockedVectors.BLOCK;
  }

  private Terms terms(int[] docAt) {
    float[] scale = new float[Math.max(docAt.length, BlockedVectors.BLOCK)];
    float[] bias = new float[scale.length];
    Arrays.fill(bias, Float.POSITIVE_INFINITY);
    boolean unit = true;
    for (int c = 0; c < lists.length; c++) {
      for (int slot = 0; slot < lists[c].length / dim; slot++) {
        int p = offsets[c] + slot;
        if (docAt[p] < 0) {
          continue;
        }
        int base = base(slot, dim);
        scale[p] = distance.docScale(lists[c], base, BlockedVectors.BLOCK, dim);
        bias[p] = distance.bias(lists[c], base, BlockedVectors.BLOCK, dim);
        unit &= scale[p] == 1f;
      }
    }
    return new Terms(scale, bias, unit);
  }

  @Override
  public void scan(FloatVectors queries, int q0, int q1, IntArrayList[] probing, TopK[] heaps) {
    Terms queryTerms = Terms.ofQueries(distance, queries, q0, q1); // this group's queries only
    FloatKernel kernel = Kernels.preferred();
    float[] gathered = new float[0];
    for (int c = 0; c < lists.length; c++) {
      IntArrayList qs = probing[c];
      if (qs == null || lists[c].length == 0) {
        continue;
      }
      int m = qs.size();
      if (gathered.length < m * dim) {
        gathered = new float[m * dim];
      }
      float[] scale = new float[m];
      float[] bias = new float[m];
      TopK[] h = new TopK[m];
      for (int i = 0; i < m; i++) {
        int q = qs.getInt(i);
        System.arraycopy(queries.data(), q * dim, gathered, i * dim, dim);
        scale[i] = queryTerms.scale()[q - q0];
        bias[i] = queryTerms.bias()[q - q0];
        h[i] = heaps[q - q0];
      }
      QueryBatch batch = kernel.batch(gathered, dim, 0, m, new Terms(scale, bias, false));
      kernel.scan(batch, lists[c], lists[c].length / dim / BlockedVectors.BLOCK, offsets[c], docTerms, h, 0);
    }
  }

  @Override
  public Rescorer.Docs rows() {
    return (doc, dst) -> {
      int position = rowOf[doc];
      int c = cluster(position);
      int base = base(position - offsets[c], dim);
      for (int j = 0; j < dim; j++) {
        dst[j] = lists[c][base + j * BlockedVectors.BLOCK];
      }
    };
  }

  private int cluster(int position) {
    int c = Arrays.binarySearch(offsets, position);
    if (c >= 0) {
      while (c + 1 < offsets.length && offsets[c + 1] == position) {
        c++; // skip empty clusters sharing the offset
      }
      return c;
    }
    return -c - 2;
  }

  @Override
  public long heapBytes() {
    long bytes = 4L * rowOf.length + 8L * docTerms.scale().length;
    for (float[] list : lists) {
      bytes += 4L * list.length;
    }
    return bytes;
  }

  /** Writes the lists, in cluster order. */
  void write(DataOutputStream out) throws IOException {
    for (float[] list : lists) {
      IndexStore.writeFloats(out, list, list.length);
    }
  }

  /** Reads what {@link #write} wrote for the numbering {@code offsets}, {@code docAt}. */
  static FloatLists read(DataInputStream in, int[] offsets, int[] docAt, int docs, Distance distance, int dim) throws IOException {
    int k = offsets.length - 1;
    float[][] lists = new float[k][];
    for (int i = 0; i < k; i++) {
      lists[i] = new float[(offsets[i + 1] - offsets[i]) * dim];
      IndexStore.readFloats(in, lists[i]);
    }
    return new FloatLists(lists, offsets, docAt, docs, distance, dim);
  }
}
