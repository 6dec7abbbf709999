package io.proximace.quant;

/**
 * One float query prepared for ranking against {@link Int8Codes}: {@code rank = constant + sum(weights[j] * code[j])}
 * before the doc's own term. Mutable scratch, one per searching thread, refilled by {@link Int8Codes#prepare}, so
 * a search allocates nothing.
 */
public final class CodeQuery {
  final float[] weights;
  float constant;

  CodeQuery(int dim) {
    this.weights = new float[dim];
  }
}
