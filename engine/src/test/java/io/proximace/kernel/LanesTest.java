package io.proximace.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel's per-pair products against a plain-Java replay of its exact arithmetic (lane-wise FMA
 * chains in two accumulators, the lanes folded in half, then in half again, then the tail), bit for bit, on every
 * call of a loop long enough for the JIT to compile the kernel: the same pair never rounds differently before and
 * after compilation (reduceLanes, used before, sums lane by lane when interpreted and as a tree when compiled).
 */
class LanesTest {
  static final int L = FloatVector.SPECIES_PREFERRED.length();

  /** The fold {@link Lanes#sum} makes, in plain Java. */
  static float fold(float[] v) {
    float[] x = v.clone();
    for (int h = L / 2; h >= 1; h /= 2) {
      float[] y = new float[L];
      for (int i = 0; i < L; i++) {
        y[i] = x[i] + x[i ^ h];
      }
      x = y;
    }
    return x[0];
  }

  /** PanamaFloatKernel's loop structure replayed per lane; {@code squared}: (a - b)^2 terms, else a * b. */
  static float replay(float[] a, float[] b, int dim, boolean squared) {
    float[] acc0 = new float[L];
    float[] acc1 = new float[L];
    int bound = dim / L * L;
    int j = 0;
    for (; j + L < bound; j += 2 * L) {
      for (int l = 0; l < L; l++) {
        acc0[l] = term(a[j + l], b[j + l], acc0[l], squared);
        acc1[l] = term(a[j + L + l], b[j + L + l], acc1[l], squared);
      }
    }
    for (; j < bound; j += L) {
      for (int l = 0; l < L; l++) {
        acc0[l] = term(a[j + l], b[j + l], acc0[l], squared);
      }
    }
    float[] v = new float[L];
    for (int l = 0; l < L; l++) {
      v[l] = acc0[l] + acc1[l];
    }
    float sum = fold(v);
    for (; j < dim; j++) {
      sum = term(a[j], b[j], sum, squared);
    }
    return sum;
  }

  private static float term(float x, float y, float acc, boolean squared) {
    if (squared) {
      float d = x - y;
      return Math.fma(d, d, acc);
    }
    return Math.fma(x, y, acc);
  }

  @Test
  void perPairProductsAreTheSameBitsInEveryTier() {
    FloatKernel kernel = new PanamaFloatKernel();
    Random r = new Random(5);
    int[] dims = {1, 15, 16, 17, 31, 32, 33, 48, 100, 128, 784};
    float[][] as = new float[dims.length][];
    float[][] bs = new float[dims.length][];
    for (int i = 0; i < dims.length; i++) {
      as[i] = new float[dims[i]];
      bs[i] = new float[dims[i]];
      for (int j = 0; j < dims[i]; j++) {
        // magnitudes spread over many orders, so that summing in another order rounds differently
        as[i][j] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        bs[i][j] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
      }
    }
    for (int round = 0; round < 20_000; round++) {
      int i = round % dims.length;
      assertEquals(Float.floatToIntBits(replay(as[i], bs[i], dims[i], true)),
          Float.floatToIntBits(kernel.squaredDistance(as[i], 0, bs[i], 0, dims[i])), "squared distance, dim " + dims[i] + ", call " + round);
      assertEquals(Float.floatToIntBits(replay(as[i], bs[i], dims[i], false)),
          Float.floatToIntBits(kernel.dot(as[i], 0, bs[i], 0, dims[i])), "dot, dim " + dims[i] + ", call " + round);
    }
  }
}
