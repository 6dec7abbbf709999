package io.proximace.kernel;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API int8 kernel: widens each pair of doc blocks (32 docs) from bytes to floats once, into a
 * per-thread scratch of {@code 32 x dim} floats (16 KB at d=128, in L1), and runs {@link PanamaFloatKernel}'s register tiles over it for every
 * query of the batch. A quarter of the float kernel's doc bytes come from memory; the widening (vpmovsxbd,
 * vcvtdq2ps) is paid once per doc per batch, not once per query tile; the arithmetic is the float kernel's,
 * so the ranks are too.
 */
final class PanamaInt8Kernel implements Int8Kernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Bytes of one float vector's lanes: 16 bytes for 16 floats. */
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, S.length() * 8)));
  private static final int W = BlockedVectors.BLOCK;
  private static final int QT = PanamaFloatKernel.QT;

  /** Per thread: the tile's dot products and ranks, as the float kernel's. */
  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[QT * 2 * W + S.length()]);
  /** Per thread: two blocks widened to floats. */
  private final ThreadLocal<float[][]> widened = ThreadLocal.withInitial(() -> new float[1][0]);

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
    float[][] holder = widened.get();
    float[] queries = batch.queries();
    int dim = batch.dim();
    int q0 = batch.from();
    int q1 = batch.to();
    Terms queryTerms = batch.terms();
    float[] packed = batch.packed();
    int q8 = packed == null ? q0 : q0 + (q1 - q0) / QT * QT;
    if (holder[0].length < 2 * dim * W) {
      holder[0] = new float[2 * dim * W];
    }
    float[] wide = holder[0];
    for (int b = 0; b < blocks; b += 2) {
      int n = Math.min(2, blocks - b);
      widen(chunk, b * dim * W, wide, n * dim * W);
      int first = firstDoc + b * W;
      for (int q = q0; q < q8; q += QT) {
        if (n == 2) {
          PanamaFloatKernel.tile8x32(packed, (q - q0) * dim, dim, q, queryTerms, wide, 0, first, docTerms, heaps, heapBase, tmp);
        } else {
          for (int i = q; i < q + QT; i++) {
            PanamaFloatKernel.oneByBlock(queries, dim, i, queryTerms, wide, 0, first, docTerms, heaps, heapBase, tmp);
          }
        }
      }
      for (int q = q8; q < q1; q++) {
        for (int bl = 0; bl < n; bl++) {
          PanamaFloatKernel.oneByBlock(queries, dim, q, queryTerms, wide, bl, first, docTerms, heaps, heapBase, tmp);
        }
      }
    }
  }

  /** {@code src[from, from + n)} as floats in {@code dst[0, n)}; {@code n} is a multiple of the vector length. */
  private static void widen(byte[] src, int from, float[] dst, int n) {
    for (int i = 0; i < n; i += S.length()) {
      ((FloatVector) ByteVector.fromArray(B, src, from + i).convertShape(VectorOperators.B2F, S, 0)).intoArray(dst, i);
    }
  }
}
