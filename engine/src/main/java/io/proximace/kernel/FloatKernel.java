package io.proximace.kernel;

import io.proximace.topk.TopK;

/**
 * The one seam behind which SIMD lives. Every implementation computes, for each (query, doc) pair,
 * {@code rank = fma(dot, qScale * dScale, dBias + qBias)} (see {@link Terms}) with {@code dot}
 * accumulated by one fused multiply-add per component in component order, so all implementations
 * agree bit for bit and the scalar one is the oracle for the others.
 */
public interface FloatKernel {
  /** A short name for logs, such as {@code panama-512} or {@code scalar}. */
  String name();

  /** Prepares queries {@code [from, to)} of row-major {@code queries}, with their terms, for {@link #scan}. */
  QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms);

  /**
   * Scores a batch of queries against the first {@code blocks} blocks of one chunk of
   * {@link io.proximace.vector.BlockedVectors}, offering every doc whose rank passes the heap's
   * threshold to {@code heaps[q - heapBase]}.
   *
   * @param chunk one chunk of blocked docs
   * @param firstDoc id of the chunk's first doc
   * @param docTerms terms of each doc by id, padded to whole blocks
   */
  void scan(QueryBatch batch, float[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase);

  /** {@code sum((a[i] - b[i])^2)} of two row-major vectors, one pair at a time (see {@link DocRanker}). */
  float squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim);

  /** {@code sum(a[i] * b[i])} of two row-major vectors. */
  float dot(float[] a, int aOff, float[] b, int bOff, int dim);
}
