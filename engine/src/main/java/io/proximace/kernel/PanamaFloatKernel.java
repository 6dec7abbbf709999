package io.proximace.kernel;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel. With 16-float vectors (AVX-512) it computes a register tile of 8 queries x
 * 32 docs: per component, two doc loads and eight query broadcasts feed sixteen FMAs, the shape of a
 * BLAS micro-kernel. Other vector widths take a simpler loop with the same arithmetic.
 */
final class PanamaFloatKernel implements FloatKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int W = BlockedVectors.BLOCK;
  private static final int QT = 8;

  private final ThreadLocal<float[]> lanes = ThreadLocal.withInitial(() -> new float[S.length()]);

  /** Whether this machine's preferred vectors are wide enough to be worth it. */
  static boolean usable() {
    return S.length() >= 8 && W % S.length() == 0;
  }

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize();
  }

  @Override
  public void scan(float[] queries, int dim, int q0, int q1, float[] queryBias, float alpha,
      float[] chunk, int blocks, int firstDoc, float[] docBias, TopK[] heaps, int heapBase) {
    float[] tmp = lanes.get();
    int q = q0;
    if (S.length() == W) {
      for (; q + QT <= q1; q += QT) {
        int b = 0;
        for (; b + 2 <= blocks; b += 2) {
          tile8x32(queries, dim, q, queryBias, alpha, chunk, b, firstDoc, docBias, heaps, heapBase, tmp);
        }
        for (; b < blocks; b++) {
          for (int i = q; i < q + QT; i++) {
            oneByBlock(queries, dim, i, queryBias, alpha, chunk, b, firstDoc, docBias, heaps[i - heapBase], tmp);
          }
        }
      }
    }
    for (; q < q1; q++) {
      for (int b = 0; b < blocks; b++) {
        oneByBlock(queries, dim, q, queryBias, alpha, chunk, b, firstDoc, docBias, heaps[q - heapBase], tmp);
      }
    }
  }

  /** 8 queries x 2 blocks of 16 docs; 16 accumulators stay in registers for the whole dot product. */
  private static void tile8x32(float[] qs, int dim, int q, float[] queryBias, float alpha,
      float[] chunk, int b, int firstDoc, float[] docBias, TopK[] heaps, int heapBase, float[] tmp) {
    int d0 = b * dim * W;
    int d1 = d0 + dim * W;
    int o0 = q * dim;
    int o1 = o0 + dim;
    int o2 = o1 + dim;
    int o3 = o2 + dim;
    int o4 = o3 + dim;
    int o5 = o4 + dim;
    int o6 = o5 + dim;
    int o7 = o6 + dim;
    FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S), a41 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S), a51 = FloatVector.zero(S);
    FloatVector a60 = FloatVector.zero(S), a61 = FloatVector.zero(S);
    FloatVector a70 = FloatVector.zero(S), a71 = FloatVector.zero(S);
    for (int j = 0; j < dim; j++) {
      FloatVector x0 = FloatVector.fromArray(S, chunk, d0 + j * W);
      FloatVector x1 = FloatVector.fromArray(S, chunk, d1 + j * W);
      FloatVector y;
      y = FloatVector.broadcast(S, qs[o0 + j]);
      a00 = y.fma(x0, a00);
      a01 = y.fma(x1, a01);
      y = FloatVector.broadcast(S, qs[o1 + j]);
      a10 = y.fma(x0, a10);
      a11 = y.fma(x1, a11);
      y = FloatVector.broadcast(S, qs[o2 + j]);
      a20 = y.fma(x0, a20);
      a21 = y.fma(x1, a21);
      y = FloatVector.broadcast(S, qs[o3 + j]);
      a30 = y.fma(x0, a30);
      a31 = y.fma(x1, a31);
      y = FloatVector.broadcast(S, qs[o4 + j]);
      a40 = y.fma(x0, a40);
      a41 = y.fma(x1, a41);
      y = FloatVector.broadcast(S, qs[o5 + j]);
      a50 = y.fma(x0, a50);
      a51 = y.fma(x1, a51);
      y = FloatVector.broadcast(S, qs[o6 + j]);
      a60 = y.fma(x0, a60);
      a61 = y.fma(x1, a61);
      y = FloatVector.broadcast(S, qs[o7 + j]);
      a70 = y.fma(x0, a70);
      a71 = y.fma(x1, a71);
    }
    int doc0 = firstDoc + b * W;
    int doc1 = doc0 + W;
    FloatVector bias0 = FloatVector.fromArray(S, docBias, doc0);
    FloatVector bias1 = FloatVector.fromArray(S, docBias, doc1);
    FloatVector al = FloatVector.broadcast(S, alpha);
    offer(a00, al, bias0, queryBias[q], heaps[q - heapBase], doc0, tmp);
    offer(a01, al, bias1, queryBias[q], heaps[q - heapBase], doc1, tmp);
    offer(a10, al, bias0, queryBias[q + 1], heaps[q + 1 - heapBase], doc0, tmp);
    offer(a11, al, bias1, queryBias[q + 1], heaps[q + 1 - heapBase], doc1, tmp);
    offer(a20, al, bias0, queryBias[q + 2], heaps[q + 2 - heapBase], doc0, tmp);
    offer(a21, al, bias1, queryBias[q + 2], heaps[q + 2 - heapBase], doc1, tmp);
    offer(a30, al, bias0, queryBias[q + 3], heaps[q + 3 - heapBase], doc0, tmp);
    offer(a31, al, bias1, queryBias[q + 3], heaps[q + 3 - heapBase], doc1, tmp);
    offer(a40, al, bias0, queryBias[q + 4], heaps[q + 4 - heapBase], doc0, tmp);
    offer(a41, al, bias1, queryBias[q + 4], heaps[q + 4 - heapBase], doc1, tmp);
    offer(a50, al, bias0, queryBias[q + 5], heaps[q + 5 - heapBase], doc0, tmp);
    offer(a51, al, bias1, queryBias[q + 5], heaps[q + 5 - heapBase], doc1, tmp);
    offer(a60, al, bias0, queryBias[q + 6], heaps[q + 6 - heapBase], doc0, tmp);
    offer(a61, al, bias1, queryBias[q + 6], heaps[q + 6 - heapBase], doc1, tmp);
    offer(a70, al, bias0, queryBias[q + 7], heaps[q + 7 - heapBase], doc0, tmp);
    offer(a71, al, bias1, queryBias[q + 7], heaps[q + 7 - heapBase], doc1, tmp);
  }

  /** One query against one block, any vector width. */
  private static void oneByBlock(float[] qs, int dim, int q, float[] queryBias, float alpha,
      float[] chunk, int b, int firstDoc, float[] docBias, TopK heap, float[] tmp) {
    int qo = q * dim;
    int base = b * dim * W;
    FloatVector al = FloatVector.broadcast(S, alpha);
    for (int v = 0; v < W; v += S.length()) {
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < dim; j++) {
        acc = FloatVector.broadcast(S, qs[qo + j]).fma(FloatVector.fromArray(S, chunk, base + j * W + v), acc);
      }
      int doc = firstDoc + b * W + v;
      offer(acc, al, FloatVector.fromArray(S, docBias, doc), queryBias[q], heap, doc, tmp);
    }
  }

  /** Turns dot products into ranks and hands the lanes under the heap's threshold to the heap. */
  private static void offer(FloatVector dot, FloatVector alpha, FloatVector docBias, float queryBias,
      TopK heap, int doc, float[] tmp) {
    FloatVector rank = dot.fma(alpha, docBias.add(queryBias));
    VectorMask<Float> pass = rank.compare(VectorOperators.LE, heap.threshold());
    if (pass.anyTrue()) {
      rank.intoArray(tmp, 0);
      long bits = pass.toLong();
      while (bits != 0) {
        int lane = Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        heap.offer(tmp[lane], doc + lane);
      }
    }
  }
}
