package io.proximace.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API code kernel: per step, one byte load of as many codes as a float vector has lanes (16 bytes
 * for AVX-512), widened to floats in registers ({@code B2F}: a sign extension and a conversion), and one fused
 * multiply-add with the query's weights; two accumulators hide the FMA latency. A tail shorter than a vector
 * is summed one component at a time.
 */
public final class PanamaCodeKernel implements CodeKernel {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
  private static final int L = F.length();

  /** Whether this machine's preferred vectors are wide enough to be worth it. */
  public static boolean usable() {
    return L >= 8;
  }

  @Override
  public String name() {
    return "panama-" + F.vectorBitSize();
  }

  @Override
  public float dot(float[] w, byte[] codes, int off, int dim) {
    int j = 0;
    int bound = F.loopBound(dim);
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    for (; j + L < bound; j += 2 * L) {
      FloatVector c0 = (FloatVector) ByteVector.fromArray(B, codes, off + j).convertShape(VectorOperators.B2F, F, 0);
      FloatVector c1 = (FloatVector) ByteVector.fromArray(B, codes, off + j + L).convertShape(VectorOperators.B2F, F, 0);
      acc0 = FloatVector.fromArray(F, w, j).fma(c0, acc0);
      acc1 = FloatVector.fromArray(F, w, j + L).fma(c1, acc1);
    }
    for (; j < bound; j += L) {
      FloatVector c0 = (FloatVector) ByteVector.fromArray(B, codes, off + j).convertShape(VectorOperators.B2F, F, 0);
      acc0 = FloatVector.fromArray(F, w, j).fma(c0, acc0);
    }
    float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; j < dim; j++) {
      sum = Math.fma(w[j], codes[off + j], sum);
    }
    return sum;
  }
}
