package io.proximace.quant;

import io.proximace.vector.FloatVectors;

/**
 * An 8-bit scalar quantizer: component {@code j} of a vector is coded as the signed byte {@code c} with
 * {@code x ~ offset[j] + step[j] * c}, where {@code offset = min + 128 step} and {@code step = (max - min) / 255}
 * over the training docs. Signed codes convert to floats in one instruction (no mask for the sign). A constant
 * dimension has step 0 and codes 0, so it is reproduced exactly.
 *
 * @param offset per dimension, the value of code 0
 * @param step per dimension, the value of one code step
 */
public record ScalarQuantizer(float[] offset, float[] step) {
  /** The quantizer of row-major {@code docs}: their per-dimension range, so no training doc is clipped. */
  public static ScalarQuantizer train(FloatVectors docs) {
    int dim = docs.dim();
    int n = docs.size();
    float[] data = docs.data();
    float[] min = new float[dim];
    float[] max = new float[dim];
    java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      for (int j = 0, o = i * dim; j < dim; j++, o++) {
        min[j] = Math.min(min[j], data[o]);
        max[j] = Math.max(max[j], data[o]);
      }
    }
    float[] offset = new float[dim];
    float[] step = new float[dim];
    for (int j = 0; j < dim; j++) {
      if (n == 0) {
        continue;
      }
      double s = ((double) max[j] - min[j]) / 255;
      step[j] = (float) s;
      offset[j] = (float) (min[j] + 128 * s);
    }
    return new ScalarQuantizer(offset, step);
  }

  public int dim() {
    return step.length;
  }

  /** The code of component {@code j} with value {@code x}: the nearest step, clamped to the byte's range. */
  public byte encode(int j, float x) {
    if (step[j] == 0f) {
      return 0;
    }
    long c = Math.round(((double) x - offset[j]) / step[j]);
    return (byte) Math.max(-128, Math.min(127, c));
  }

  /** The value code {@code c} of component {@code j} stands for. */
  public float decode(int j, byte c) {
    return offset[j] + step[j] * c;
  }
}
