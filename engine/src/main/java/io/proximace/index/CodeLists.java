package io.proximace.index;

import io.proximace.quant.CodeQuery;
import io.proximace.quant.Int8Codes;
import io.proximace.topk.TopK;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.MappedRows;
import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * Lists as 8-bit codes ({@link Int8Codes}, code row {@code p} is the doc at position {@code p}, no padding): a
 * scan ranks a query against the codes of each list it probes, a quarter of the floats' memory traffic, and
 * keeps its best candidates; only those are read as floats, to rescore them exactly. The floats are the
 * docs as built, or, for a loaded index, a memory-mapped file ({@link MappedRows}) the heap never holds.
 */
final class CodeLists implements ClusterLists {
  private final Int8Codes codes;
  private final int[] offsets;
  private final int[] counts;
  private final Rescorer.Docs rows;
  private final long rowBytesOnHeap;

  CodeLists(Int8Codes codes, int[] offsets, Rescorer.Docs rows, long rowBytesOnHeap) {
    this.codes = codes;
    this.offsets = offsets;
    this.counts = new int[offsets.length - 1];
    for (int c = 0; c < counts.length; c++) {
      counts[c] = offsets[c + 1] - offsets[c];
    }
    this.rows = rows;
    this.rowBytesOnHeap = rowBytesOnHeap;
  }

  /** Lists of row-major {@code docs} placed at positions {@code docAt}; the docs stay the floats to rescore with. */
  static CodeLists of(FloatVectors docs, int[] offsets, int[] docAt, io.proximace.kernel.Distance distance) {
    Int8Codes codes = Int8Codes.of(docs.select(docAt), distance);
    int dim = docs.dim();
    return new CodeLists(codes, offsets, (doc, dst) -> System.arraycopy(docs.data(), doc * dim, dst, 0, dim),
        4L * docs.size() * dim);
  }

  /** Lists whose floats are {@code rows}, by doc id, mapped from a file. */
  static CodeLists of(Int8Codes codes, int[] offsets, MappedRows rows) {
    return new CodeLists(codes, offsets, rows::copy, 0);
  }

  Int8Codes codes() {
    return codes;
  }

  @Override
  public void scan(FloatVectors queries, int q0, int q1, IntArrayList[] probing, TopK[] heaps) {
    int dim = queries.dim();
    CodeQuery[] prepared = new CodeQuery[q1 - q0];
    int longest = 0;
    for (int c : counts) {
      longest = Math.max(longest, c);
    }
    float[] ranks = new float[longest];
    for (int c = 0; c < counts.length; c++) {
      IntArrayList qs = probing[c];
      if (qs == null || counts[c] == 0) {
        continue;
      }
      for (int i = 0; i < qs.size(); i++) {
        int q = qs.getInt(i);
        CodeQuery cq = prepared[q - q0];
        if (cq == null) {
          cq = prepared[q - q0] = codes.newQuery();
          codes.prepare(queries.data(), q * dim, cq);
        }
        TopK heap = heaps[q - q0];
        for (int p = offsets[c], r = 0; p < offsets[c + 1]; p++, r++) {
          ranks[r] = codes.rank(cq, p);
        }
        for (int r = 0; r < counts[c]; r++) {
          if (ranks[r] <= heap.threshold()) {
            heap.offer(ranks[r], offsets[c] + r);
          }
        }
      }
    }
  }

  @Override
  public Rescorer.Docs rows() {
    return rows;
  }

  @Override
  public long heapBytes() {
    return codes.bytes() + rowBytesOnHeap;
  }
}
