package io.proximace.kernel;

import io.proximace.topk.TopK;

/**
 * The batch kernel over int8 docs ({@link io.proximace.vector.Int8BlockedVectors}, one byte per component):
 * the same ranks as {@link FloatKernel} on the same values as floats, bit for bit. Each doc component is
 * widened to a float (exactly) and the dot product accumulated by one fused multiply-add per component in
 * component order, as the float kernel does; with int8 queries the products and the partial sums are
 * integers below 2^24 up to 1024 dimensions, so there the dot product is the exact integer.
 */
public interface Int8Kernel {
  /** A short name for logs, such as {@code panama-512-int8} or {@code scalar-int8}. */
  String name();

  /** Prepares queries {@code [from, to)} of row-major {@code queries}, with their terms, for {@link #scan}. */
  QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms);

  /**
   * Scores a batch of queries against the first {@code blocks} blocks of one chunk of int8 docs, offering
   * every doc whose rank passes the heap's threshold to {@code heaps[q - heapBase]}, as {@link FloatKernel#scan}.
   */
  void scan(QueryBatch batch, byte[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase);
}
