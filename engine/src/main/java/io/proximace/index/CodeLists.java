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
  private final MappedRows mapped; // or null: the floats as built
  private final long rowBytesOnHeap;

  CodeLists(Int8Codes codes, int[] offsets, Rescorer.Docs rows, MappedRows mapped, long rowBytesOnHeap) {
    this.codes = codes;
    this.mapped = mapped;
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
    return new CodeLists(codes, offsets, (doc, dst) -> System.arraycopy(docs.data(), doc * dim, dst, 0, dim), null,
        4L * docs.size() * dim);
  }

  /** Lists whose floats are {@code rows}, by doc id, mapped from a file. */
  static CodeLists of(Int8Codes codes, int[] offsets, MappedRows rows) {
    return new CodeLists(codes, offsets, rows::copy, rows, 0);
  }

  /** Unmaps the floats of loaded lists. */
  void close() {
    if (mapped != null) {
      mapped.close();
    }
  }

  Int8Codes codes() {
    return codes;
  }

  @Override
  public void scan(FloatVectors queries, int q0, int q1, IntArrayList[] probing, TopK[] heaps) {
    int dim = queries.dim();
    CodeQuery[] prepared = new CodeQuery[q1 - q0];
    CodeQuery[] group = new CodeQuery[4];
    TopK[] groupHeaps = new TopK[4];
    float[] four = new float[4];
    for (int c = 0; c < counts.length; c++) {
      IntArrayList qs = probing[c];
      if (qs == null || counts[c] == 0) {
        continue;
      }
      // four queries at a time read each code row once; ranks are each query's alone, whatever the grouping
      for (int i = 0; i < qs.size(); i += 4) {
        int m = Math.min(4, qs.size() - i);
        for (int g = 0; g < m; g++) {
          int q = qs.getInt(i + g);
          if (prepared[q - q0] == null) {
            prepared[q - q0] = codes.newQuery();
            codes.prepare(queries.data(), q * dim, prepared[q - q0]);
          }
          group[g] = prepared[q - q0];
          groupHeaps[g] = heaps[q - q0];
        }
        for (int p = offsets[c]; p < offsets[c + 1]; p++) {
          if (m == 4) {
            codes.rank4(group[0], group[1], group[2], group[3], p, four);
          } else {
            for (int g = 0; g < m; g++) {
              four[g] = codes.rank(group[g], p);
            }
          }
          for (int g = 0; g < m; g++) {
            if (four[g] <= groupHeaps[g].threshold()) {
              groupHeaps[g].offer(four[g], p);
            }
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
