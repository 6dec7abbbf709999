package io.proximace.kernel;

/**
 * Queries {@code [from, to)} of a row-major array, prepared once by a kernel for scans against many doc
 * chunks: {@code packed} holds the kernel's own layout of them (null when it needs none).
 */
public record QueryBatch(float[] queries, int dim, int from, int to, Terms terms, float[] packed) {}
