/**
 * Distances and the kernels that compute them in bulk. {@link io.proximace.kernel.FloatKernel} is the
 * one seam behind which SIMD lives: {@link
 * io.proximace.kernel.ScalarFloatKernel} is the plain reference (and the tests' oracle), the Vector API
 * kernel is the fast one, and {@link io.proximace.kernel.Kernels} picks once per JVM and logs which.
 * Exact search uses the expanded form {@code ||q||^2 + ||d||^2 - 2 q.d}, a tile of queries against a
 * tile of docs held in registers, and rejects a candidate against the heap's threshold in SIMD before
 * the heap is touched. {@link io.proximace.kernel.Int8Kernel} scans int8 docs kept one byte per component,
 * widened to floats a tile at a time, with the float kernel's arithmetic and so its ranks.
 *
 * <p>{@link io.proximace.kernel.Distance} is the one home of what each distance means: the per-vector
 * terms of the batch rank ({@link io.proximace.kernel.Terms}), the per-pair {@link
 * io.proximace.kernel.DocRanker} a graph walk or k-means++ uses, chosen once per index so no hot loop
 * asks which distance it is, and the exact score users see.
 */
package io.proximace.kernel;
