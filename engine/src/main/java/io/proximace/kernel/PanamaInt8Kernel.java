package io.proximace.kernel;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API int8 kernel: {@link PanamaFloatKernel}'s register tile of 8 queries x 32 docs, where
 * each doc load reads 16 bytes and widens them to 16 floats in registers (vpmovsxbd, vcvtdq2ps) before
 * the same sixteen FMAs. A quarter of the float kernel's doc bytes cross the caches; the arithmetic is
 * the float kernel's, so the ranks are too.
 */
final class PanamaInt8Kernel implements Int8Kernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Bytes of one float vector's lanes: 16 bytes for 16 floats. */
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, S.length() * 8)));
  private static final int W = BlockedVectors.BLOCK;
  private static final int QT = PanamaFloatKernel.QT;

  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[QT * 2 * W + S.length()]);

  /** Whether this machine's preferred vectors are wide enough to be worth it. */
  static boolean usable() {
    return PanamaFloatKernel.usable() && B.length() == S.length();
  }

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize() + "-int8";
  }

  @Override
  public QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms) {
    return new QueryBatch(queries, dim, from, to, terms,
        S.length() == W ? PanamaFloatKernel.pack(queries, dim, from, from + (to - from) / QT * QT) : null);
  }

  @Override
  public void scan(QueryBatch batch, byte[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase) {
    float[] tmp = scratch.get();
    float[] queries = batch.queries();
    int dim = batch.dim();
    int q0 = batch.from();
    int q1 = batch.to();
    Terms queryTerms = batch.terms();
    int q8 = q0;
    if (batch.packed() != null) {
      q8 = q0 + (q1 - q0) / QT * QT;
      float[] packed = batch.packed();
      int b = 0;
      for (; b + 2 <= blocks; b += 2) {
        for (int q = q0; q < q8; q += QT) {
          tile8x32(packed, (q - q0) * dim, dim, q, queryTerms, chunk, b, firstDoc, docTerms, heaps, heapBase, tmp);
        }
      }
      for (; b < blocks; b++) {
        for (int q = q0; q < q8; q++) {
          oneByBlock(queries, dim, q, queryTerms, chunk, b, firstDoc, docTerms, heaps, heapBase, tmp);
        }
      }
    }
    for (int q = q8; q < q1; q++) {
      for (int b = 0; b < blocks; b++) {
        oneByBlock(queries, dim, q, queryTerms, chunk, b, firstDoc, docTerms, heaps, heapBase, tmp);
      }
    }
  }

  private static FloatVector load(byte[] chunk, int at) {
    return (FloatVector) ByteVector.fromArray(B, chunk, at).convertShape(VectorOperators.B2F, S, 0);
  }

  /** 8 queries x 2 blocks of 16 docs, as {@link PanamaFloatKernel}'s tile, loading bytes. */
  private static void tile8x32(float[] packed, int tile, int dim, int q, Terms queryTerms, byte[] chunk, int b,
      int firstDoc, Terms docTerms, TopK[] heaps, int heapBase, float[] tmp) {
    int d0 = b * dim * W;
    int d1 = d0 + dim * W;
    FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S), a41 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S), a51 = FloatVector.zero(S);
    FloatVector a60 = FloatVector.zero(S), a61 = FloatVector.zero(S);
    FloatVector a70 = FloatVector.zero(S), a71 = FloatVector.zero(S);
    for (int j = 0, t = tile; j < dim; j++, t += QT) {
      FloatVector x0 = load(chunk, d0 + j * W);
      FloatVector x1 = load(chunk, d1 + j * W);
      FloatVector y;
      y = FloatVector.broadcast(S, packed[t]);
      a00 = y.fma(x0, a00);
      a01 = y.fma(x1, a01);
      y = FloatVector.broadcast(S, packed[t + 1]);
      a10 = y.fma(x0, a10);
      a11 = y.fma(x1, a11);
      y = FloatVector.broadcast(S, packed[t + 2]);
      a20 = y.fma(x0, a20);
      a21 = y.fma(x1, a21);
      y = FloatVector.broadcast(S, packed[t + 3]);
      a30 = y.fma(x0, a30);
      a31 = y.fma(x1, a31);
      y = FloatVector.broadcast(S, packed[t + 4]);
      a40 = y.fma(x0, a40);
      a41 = y.fma(x1, a41);
      y = FloatVector.broadcast(S, packed[t + 5]);
      a50 = y.fma(x0, a50);
      a51 = y.fma(x1, a51);
      y = FloatVector.broadcast(S, packed[t + 6]);
      a60 = y.fma(x0, a60);
      a61 = y.fma(x1, a61);
      y = FloatVector.broadcast(S, packed[t + 7]);
      a70 = y.fma(x0, a70);
      a71 = y.fma(x1, a71);
    }
    a00.intoArray(tmp, 0);
    a01.intoArray(tmp, W);
    a10.intoArray(tmp, 2 * W);
    a11.intoArray(tmp, 3 * W);
    a20.intoArray(tmp, 4 * W);
    a21.intoArray(tmp, 5 * W);
    a30.intoArray(tmp, 6 * W);
    a31.intoArray(tmp, 7 * W);
    a40.intoArray(tmp, 8 * W);
    a41.intoArray(tmp, 9 * W);
    a50.intoArray(tmp, 10 * W);
    a51.intoArray(tmp, 11 * W);
    a60.intoArray(tmp, 12 * W);
    a61.intoArray(tmp, 13 * W);
    a70.intoArray(tmp, 14 * W);
    a71.intoArray(tmp, 15 * W);
    PanamaFloatKernel.offerTile(tmp, q, QT, 2, firstDoc + b * W, queryTerms, docTerms, heaps, heapBase);
  }

  /** One query against one block, any vector width. */
  private static void oneByBlock(float[] qs, int dim, int q, Terms queryTerms, byte[] chunk, int b, int firstDoc,
      Terms docTerms, TopK[] heaps, int heapBase, float[] tmp) {
    int qo = q * dim;
    int base = b * dim * W;
    for (int v = 0; v < W; v += S.length()) {
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < dim; j++) {
        acc = FloatVector.broadcast(S, qs[qo + j]).fma(load(chunk, base + j * W + v), acc);
      }
      acc.intoArray(tmp, v);
    }
    PanamaFloatKernel.offerTile(tmp, q, 1, 1, firstDoc + b * W, queryTerms, docTerms, heaps, heapBase);
  }
}
