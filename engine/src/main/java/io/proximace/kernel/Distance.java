package io.proximace.kernel;

import io.proximace.ProximaException;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.MappedRows;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How close two vectors are ({@code -distance_method}). Kernels work with a <em>rank</em>, where
 * smaller is always closer; the <em>score</em> is what users see in the output table.
 *
 * <p>The batch kernels compute {@code rank = dot(q, d) * (scale(q) * scale(d)) + (bias(d) + bias(q))}:
 * for squared euclidean that is {@code ||q||^2 + ||d||^2 - 2 q.d}, for inner product {@code -q.d}, for
 * cosine {@code -q.d / (||q|| ||d||)}. A walk that scores one pair at a time gets the same ranks from
 * {@link #ranker}, up to the expanded form's rounding; {@link #exactScore} gives the scores users see.
 */
public enum Distance {
  /** Sum of squared differences; the score is the distance, smaller is closer. */
  SQUARED_EUCLIDEAN("squared_euclidean"),
  /** Dot product; the score is the dot product, larger is closer. */
  INNER_PRODUCT("inner_product"),
  /** Cosine similarity (ours); the score is the cosine, larger is closer; a zero vector scores 0. */
  COSINE("cosine");

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
    return this == SQUARED_EUCLIDEAN;
  }

  /** The rank (smaller is closer) of a score. */
  public float rank(float score) {
    return smallerIsCloser() ? score : -score;
  }

  /** The bias term of one vector ({@code v[off + j * stride]}), computed the same way by every kernel. */
  public float bias(float[] v, int off, int stride, int dim) {
    return this == SQUARED_EUCLIDEAN ? squaredNorm(v, off, stride, dim) : 0f;
  }

  /** The scale term of a query. */
  public float queryScale(float[] v, int off, int stride, int dim) {
    return switch (this) {
      case SQUARED_EUCLIDEAN -> -2f;
      case INNER_PRODUCT -> -1f;
      case COSINE -> -inverseNorm(v, off, stride, dim);
    };
  }

  /** The scale term of a doc. */
  public float docScale(float[] v, int off, int stride, int dim) {
    return this == COSINE ? inverseNorm(v, off, stride, dim) : 1f;
  }

  /**
   * This distance's per-pair ranker over row-major {@code docs} (kept, not copied), with {@code kernel}'s
   * products: squared euclidean is the kernel's squared distance, inner product its negated dot product,
   * cosine the negated dot product times the doc's inverse norm (computed here, once; the query's norm
   * does not change a query's order).
   */
  public DocRanker ranker(FloatVectors docs, FloatKernel kernel) {
    return switch (this) {
      case SQUARED_EUCLIDEAN -> new SquaredEuclideanRanker(kernel, docs.data(), docs.dim());
      case INNER_PRODUCT -> new InnerProductRanker(kernel, docs.data(), docs.dim());
      case COSINE -> {
        float[] inverseNorm = new float[docs.size()];
        for (int i = 0; i < inverseNorm.length; i++) {
          inverseNorm[i] = docScale(docs.data(), i * docs.dim(), 1, docs.dim());
        }
        yield new CosineRanker(kernel, docs.data(), docs.dim(), inverseNorm);
      }
    };
  }

  /**
   * A per-pair ranker over {@code rows} read one at a time from a mapped file into a scratch row of its own, so
   * one per thread; its ranks are {@link #ranker(FloatVectors, FloatKernel)}'s bit for bit (cosine computes the
   * doc's inverse norm from the row it reads, as that one does once for all docs).
   */
  public DocRanker ranker(MappedRows rows, FloatKernel kernel) {
    return new MappedRanker(this, kernel, rows, new float[rows.dim()]);
  }

  private record MappedRanker(Distance distance, FloatKernel kernel, MappedRows rows, float[] row) implements DocRanker {
    @Override
    public float rank(float[] q, int qOff, int doc) {
      rows.copy(doc, row);
      int dim = row.length;
      return switch (distance) {
        case SQUARED_EUCLIDEAN -> kernel.squaredDistance(q, qOff, row, 0, dim);
        case INNER_PRODUCT -> -kernel.dot(q, qOff, row, 0, dim);
        case COSINE -> -kernel.dot(q, qOff, row, 0, dim) * distance.docScale(row, 0, 1, dim);
      };
    }
  }

  // Named classes, not lambdas: a lambda's body is one more method to inline, on top of the kernel's
  // Vector API code, whose inlining is deep already.
  private record SquaredEuclideanRanker(FloatKernel kernel, float[] docs, int dim) implements DocRanker {
    @Override
    public float rank(float[] q, int qOff, int doc) {
      return kernel.squaredDistance(q, qOff, docs, doc * dim, dim);
    }
  }

  private record InnerProductRanker(FloatKernel kernel, float[] docs, int dim) implements DocRanker {
    @Override
    public float rank(float[] q, int qOff, int doc) {
      return -kernel.dot(q, qOff, docs, doc * dim, dim);
    }
  }

  private record CosineRanker(FloatKernel kernel, float[] docs, int dim, float[] inverseNorm) implements DocRanker {
    @Override
    public float rank(float[] q, int qOff, int doc) {
      return -kernel.dot(q, qOff, docs, doc * dim, dim) * inverseNorm[doc];
    }
  }

  private static float squaredNorm(float[] v, int off, int stride, int dim) {
    float sum = 0f;
    for (int j = 0; j < dim; j++) {
      float x = v[off + j * stride];
      sum = Math.fma(x, x, sum);
    }
    return sum;
  }

  private static float inverseNorm(float[] v, int off, int stride, int dim) {
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      double x = v[off + j * stride];
      sum += x * x;
    }
    return sum == 0 ? 0f : (float) (1 / Math.sqrt(sum));
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
      return (float) sum;
    }
    double aa = 0;
    double bb = 0;
    for (int j = 0; j < dim; j++) {
      double x = a[aOff + j * aStride];
      double y = b[bOff + j * bStride];
      sum += x * y;
      aa += x * x;
      bb += y * y;
    }
    if (this == INNER_PRODUCT) {
      return (float) sum;
    }
    return aa == 0 || bb == 0 ? 0f : (float) (sum / Math.sqrt(aa * bb));
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
