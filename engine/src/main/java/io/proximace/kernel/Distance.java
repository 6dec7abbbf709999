package io.proximace.kernel;

import io.proximace.ProximaException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How close two vectors are ({@code -distance_method}). Kernels work with a <em>rank</em>, where
 * smaller is always closer; the <em>score</em> is what users see in the output table.
 */
public enum Distance {
  /** Sum of squared differences; the score is the distance, smaller is closer. */
  SQUARED_EUCLIDEAN("squared_euclidean"),
  /** Dot product; the score is the dot product, larger is closer. */
  INNER_PRODUCT("inner_product");

  private final String optionName;

  Distance(String optionName) {
    this.optionName = optionName;
  }

  /** The option's spelling. */
  public String optionName() {
    return optionName;
  }

  /** Whether a smaller score means closer. */
  public boolean smallerIsCloser() {
    return this != INNER_PRODUCT;
  }

  /** The rank (smaller is closer) of a score. */
  public float rank(float score) {
    return smallerIsCloser() ? score : -score;
  }

  /**
   * The batch kernels compute {@code rank = dot(q, d) * alpha + (docBias(d) + queryBias(q))}: for
   * squared euclidean that is {@code ||q||^2 + ||d||^2 - 2 q.d}, for inner product {@code -q.d}.
   */
  public float alpha() {
    return this == SQUARED_EUCLIDEAN ? -2f : -1f;
  }

  /** The bias term of one vector ({@code v[off + j * stride]}), computed the same way by every kernel. */
  public float bias(float[] v, int off, int stride, int dim) {
    if (this != SQUARED_EUCLIDEAN) {
      return 0f;
    }
    float sum = 0f;
    for (int j = 0; j < dim; j++) {
      float x = v[off + j * stride];
      sum = Math.fma(x, x, sum);
    }
    return sum;
  }

  /**
   * The score of {@code a} and {@code b}, summed in double the direct way (no expanded form), so
   * that the output is as exact as a float can hold: identical vectors score exactly 0.
   */
  public float exactScore(float[] a, int aOff, int aStride, float[] b, int bOff, int bStride, int dim) {
    double sum = 0;
    if (this == SQUARED_EUCLIDEAN) {
      for (int j = 0; j < dim; j++) {
        double d = (double) a[aOff + j * aStride] - b[bOff + j * bStride];
        sum += d * d;
      }
    } else {
      for (int j = 0; j < dim; j++) {
        sum += (double) a[aOff + j * aStride] * b[bOff + j * bStride];
      }
    }
    return (float) sum;
  }

  /** Parses {@code -distance_method}, case-insensitively. */
  public static Distance parse(String text) {
    for (Distance d : values()) {
      if (d.optionName.equalsIgnoreCase(text.trim())) {
        return d;
      }
    }
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("mips_squared_euclidean") || lower.equals("hamming")) {
      throw new ProximaException("not supported yet: -distance_method " + lower);
    }
    throw new ProximaException("unknown -distance_method '" + text + "': expected one of "
        + Arrays.stream(values()).map(Distance::optionName).collect(Collectors.joining(", ")));
  }
}
