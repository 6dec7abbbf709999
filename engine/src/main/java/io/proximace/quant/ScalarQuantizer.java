package io.proximace.quant;

import io.proximace.vector.FloatVectors;

/**
 * An 8-bit scalar quantizer: component {@code j} of a vector is coded as the signed byte {@code c} with
 * {@code x ~ offset[j] + step[j] * c}, where {@code offset = low + 128 step} and {@code step = (high - low) / 255}
 * for the range {@code [low, high]} of the training docs' dimension {@code j}, without its far outliers (see
 * {@link #train}); values outside it take the nearest end's code. Signed codes convert to floats in one instruction
 * (no mask for the sign). A constant dimension has step 0 and codes 0, so it is reproduced exactly.
 *
 * @param offset per dimension, the value of code 0
 * @param step per dimension, the value of one code step
 */
public record ScalarQuantizer(float[] offset, float[] step) {
  /** Rows sampled, evenly spaced, to find each dimension's range. */
  static final int SAMPLE = 16_384;
  /** The quantiles that measure a dimension's spread: 0.1% and 99.9%. */
  static final double TRIM = 0.001;
  /** How far past those quantiles, in spreads, the range may reach before the rest is clipped. */
  static final double REACH = 0.5;

  /**
   * The quantizer of row-major {@code docs}: per dimension, the range of up to {@value #SAMPLE} evenly spaced docs,
   * but reaching no further than half the spread between their 0.1% and 99.9% quantiles past either of them. A
   * dimension's ordinary tails stay inside; one far outlier, which would stretch the steps until every other doc
   * shares a code or two, is clipped instead. The searches that use codes rank their final candidates again with
   * the floats.
   */
  public static ScalarQuantizer train(FloatVectors docs) {
    int dim = docs.dim();
    int n = docs.size();
    float[] data = docs.data();
    int m = Math.min(n, SAMPLE);
    float[] offset = new float[dim];
    float[] step = new float[dim];
    if (m == 0) {
      return new ScalarQuantizer(offset, step);
    }
    int lowRank = (int) Math.floor(TRIM * (m - 1));
    int highRank = (int) Math.ceil((1 - TRIM) * (m - 1));
    float[] column = new float[m];
    for (int j = 0; j < dim; j++) {
      for (int i = 0; i < m; i++) {
        column[i] = data[(int) ((long) i * n / m) * dim + j];
      }
      java.util.Arrays.sort(column);
      double span = (double) column[highRank] - column[lowRank];
      double low = Math.max(column[0], column[lowRank] - REACH * span);
      double high = Math.min(column[m - 1], column[highRank] + REACH * span);
      double s = (high - low) / 255;
      step[j] = (float) s;
      offset[j] = (float) (low + 128 * s);
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
