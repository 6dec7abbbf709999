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

  /** Four rows with the same lanes, steps and sums per row as {@link #dot}, so each rank equals its {@link #dot}. */
  @Override
  public void dot4(float[] w, byte[] codes, int off0, int off1, int off2, int off3, int dim, float[] out, int outOff) {
    int j = 0;
    int bound = F.loopBound(dim);
    FloatVector a0 = FloatVector.zero(F);
    FloatVector b0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector b1 = a0;
    FloatVector a2 = a0;
    FloatVector b2 = a0;
    FloatVector a3 = a0;
    FloatVector b3 = a0;
    for (; j + L < bound; j += 2 * L) {
      FloatVector w0 = FloatVector.fromArray(F, w, j);
      FloatVector w1 = FloatVector.fromArray(F, w, j + L);
      a0 = w0.fma(codes(codes, off0 + j), a0);
      b0 = w1.fma(codes(codes, off0 + j + L), b0);
      a1 = w0.fma(codes(codes, off1 + j), a1);
      b1 = w1.fma(codes(codes, off1 + j + L), b1);
      a2 = w0.fma(codes(codes, off2 + j), a2);
      b2 = w1.fma(codes(codes, off2 + j + L), b2);
      a3 = w0.fma(codes(codes, off3 + j), a3);
      b3 = w1.fma(codes(codes, off3 + j + L), b3);
    }
    for (; j < bound; j += L) {
      FloatVector w0 = FloatVector.fromArray(F, w, j);
      a0 = w0.fma(codes(codes, off0 + j), a0);
      a1 = w0.fma(codes(codes, off1 + j), a1);
      a2 = w0.fma(codes(codes, off2 + j), a2);
      a3 = w0.fma(codes(codes, off3 + j), a3);
    }
    out[outOff] = tail(w, codes, off0, j, dim, a0.add(b0).reduceLanes(VectorOperators.ADD));
    out[outOff + 1] = tail(w, codes, off1, j, dim, a1.add(b1).reduceLanes(VectorOperators.ADD));
    out[outOff + 2] = tail(w, codes, off2, j, dim, a2.add(b2).reduceLanes(VectorOperators.ADD));
    out[outOff + 3] = tail(w, codes, off3, j, dim, a3.add(b3).reduceLanes(VectorOperators.ADD));
  }

  private static FloatVector codes(byte[] codes, int off) {
    return (FloatVector) ByteVector.fromArray(B, codes, off).convertShape(VectorOperators.B2F, F, 0);
  }

  private static float tail(float[] w, byte[] codes, int off, int from, int dim, float sum) {
    for (int j = from; j < dim; j++) {
      sum = Math.fma(w[j], codes[off + j], sum);
    }
    return sum;
  }
}
