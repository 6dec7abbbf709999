package io.proximace.kernel;

import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Int8BlockedVectors;
import java.util.Arrays;

/**
 * The per-vector terms of the rank formula every kernel computes,
 * {@code rank = dot(q, d) * (scale[q] * scale[d]) + (bias[d] + bias[q])}, precomputed once per vector.
 * Doc terms are padded to a whole block; padding lanes get bias {@code +Inf} so they never rank.
 *
 * @param unitScale whether every scale is 1 (squared euclidean and inner product docs), which lets a
 *     kernel skip a multiply
 */
public record Terms(float[] scale, float[] bias, boolean unitScale) {
  /** Terms of row-major query vectors. */
  public static Terms ofQueries(Distance d, FloatVectors q) {
    return ofQueries(d, q, 0, q.size());
  }

  /** Terms of queries {@code [from, to)} of {@code q}: term {@code i} is query {@code from + i}'s. */
  public static Terms ofQueries(Distance d, FloatVectors q, int from, int to) {
    int dim = q.dim();
    float[] scale = new float[to - from];
    float[] bias = new float[to - from];
    for (int i = from; i < to; i++) {
      scale[i - from] = d.queryScale(q.data(), i * dim, 1, dim);
      bias[i - from] = d.bias(q.data(), i * dim, 1, dim);
    }
    return new Terms(scale, bias, false);
  }

  /** Terms of blocked docs, padded to a multiple of {@link BlockedVectors#BLOCK}. */
  public static Terms ofDocs(Distance d, BlockedVectors docs) {
    int n = docs.size();
    float[] scale = new float[padded(n)];
    float[] bias = new float[scale.length];
    for (int i = 0; i < n; i++) {
      scale[i] = d.docScale(docs.chunkOf(i), docs.offsetOf(i), BlockedVectors.BLOCK, docs.dim());
      bias[i] = d.bias(docs.chunkOf(i), docs.offsetOf(i), BlockedVectors.BLOCK, docs.dim());
    }
    return padding(scale, bias, n);
  }

  /** Terms of int8 docs, the same as {@link #ofDocs(Distance, BlockedVectors)} gives for the same values as floats. */
  public static Terms ofDocs(Distance d, Int8BlockedVectors docs) {
    int n = docs.size();
    float[] scale = new float[padded(n)];
    float[] bias = new float[scale.length];
    float[] row = new float[docs.dim()];
    for (int i = 0; i < n; i++) {
      docs.copyRow(i, row, 0);
      scale[i] = d.docScale(row, 0, 1, row.length);
      bias[i] = d.bias(row, 0, 1, row.length);
    }
    return padding(scale, bias, n);
  }

  private static int padded(int n) {
    return Math.max(BlockedVectors.BLOCK, (n + BlockedVectors.BLOCK - 1) / BlockedVectors.BLOCK * BlockedVectors.BLOCK);
  }

  private static Terms padding(float[] scale, float[] bias, int n) {
    int padded = scale.length;
    Arrays.fill(bias, n, padded, Float.POSITIVE_INFINITY);
    boolean unit = true;
    for (int i = 0; i < n && unit; i++) {
      unit = scale[i] == 1f;
    }
    return new Terms(scale, bias, unit);
  }
}
