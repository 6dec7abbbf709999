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

  /**
   * Scores queries {@code [q0, q1)} against the first {@code blocks} blocks of one chunk of
   * {@link io.proximace.vector.BlockedVectors}, offering every doc whose rank passes the heap's
   * threshold to {@code heaps[q - heapBase]}.
   *
   * @param queries row-major queries of {@code dim} floats
   * @param queryTerms terms of each query, indexed like {@code queries}
   * @param chunk one chunk of blocked docs
   * @param firstDoc id of the chunk's first doc
   * @param docTerms terms of each doc by id, padded to whole blocks
   */
  void scan(float[] queries, int dim, int q0, int q1, Terms queryTerms,
      float[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase);
}
