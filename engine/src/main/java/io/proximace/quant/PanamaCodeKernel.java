package io.proximace.quant;

import io.proximace.kernel.Lanes;
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
    return L >= 8 && Integer.bitCount(L) == 1; // Lanes.sum folds halves
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
    float sum = Lanes.sum(acc0.add(acc1));
    for (; j < dim; j++) {
      sum = Math.fma(w[j], codes[off + j], sum);
    }
    return sum;
  }

  @Override
  public void dot4Queries(float[] w0, float[] w1, float[] w2, float[] w3, byte[] codes, int off, int dim, float[] out) {
    // dot's loop, four queries abreast: the same two accumulators per query and the same order, so the same bits
    int j = 0;
    int bound = F.loopBound(dim);
    FloatVector a0 = FloatVector.zero(F);
    FloatVector b0 = a0;
    FloatVector a1 = a0;
    FloatVector b1 = a0;
    FloatVector a2 = a0;
    FloatVector b2 = a0;
    FloatVector a3 = a0;
    FloatVector b3 = a0;
    for (; j + L < bound; j += 2 * L) {
      FloatVector c0 = (FloatVector) ByteVector.fromArray(B, codes, off + j).convertShape(VectorOperators.B2F, F, 0);
      FloatVector c1 = (FloatVector) ByteVector.fromArray(B, codes, off + j + L).convertShape(VectorOperators.B2F, F, 0);
      a0 = FloatVector.fromArray(F, w0, j).fma(c0, a0);
      b0 = FloatVector.fromArray(F, w0, j + L).fma(c1, b0);
      a1 = FloatVector.fromArray(F, w1, j).fma(c0, a1);
      b1 = FloatVector.fromArray(F, w1, j + L).fma(c1, b1);
      a2 = FloatVector.fromArray(F, w2, j).fma(c0, a2);
      b2 = FloatVector.fromArray(F, w2, j + L).fma(c1, b2);
      a3 = FloatVector.fromArray(F, w3, j).fma(c0, a3);
      b3 = FloatVector.fromArray(F, w3, j + L).fma(c1, b3);
    }
    for (; j < bound; j += L) {
      FloatVector c0 = (FloatVector) ByteVector.fromArray(B, codes, off + j).convertShape(VectorOperators.B2F, F, 0);
      a0 = FloatVector.fromArray(F, w0, j).fma(c0, a0);
      a1 = FloatVector.fromArray(F, w1, j).fma(c0, a1);
      a2 = FloatVector.fromArray(F, w2, j).fma(c0, a2);
      a3 = FloatVector.fromArray(F, w3, j).fma(c0, a3);
    }
    float s0 = Lanes.sum(a0.add(b0));
    float s1 = Lanes.sum(a1.add(b1));
    float s2 = Lanes.sum(a2.add(b2));
    float s3 = Lanes.sum(a3.add(b3));
    for (; j < dim; j++) {
      byte c = codes[off + j];
      s0 = Math.fma(w0[j], c, s0);
      s1 = Math.fma(w1[j], c, s1);
      s2 = Math.fma(w2[j], c, s2);
      s3 = Math.fma(w3[j], c, s3);
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
  }

  /** Four rows with the same lanes, steps and sums per row as {@link #dot}, so each rank equals its {@link #dot}. */
  @Override
  public void dot4Rows(float[] w, byte[] codes, int off0, int off1, int off2, int off3, int dim, float[] out, int outOff) {
    int j = 0;
    int bound = F.loopBound(dim);
    FloatVector a0 = FloatVector.zero(F);
    FloatVector b0 = a0;
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
    out[outOff] = tail(w, codes, off0, j, dim, Lanes.sum(a0.add(b0)));
    out[outOff + 1] = tail(w, codes, off1, j, dim, Lanes.sum(a1.add(b1)));
    out[outOff + 2] = tail(w, codes, off2, j, dim, Lanes.sum(a2.add(b2)));
    out[outOff + 3] = tail(w, codes, off3, j, dim, Lanes.sum(a3.add(b3)));
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
