/**
 * Distances and the kernels that compute them in bulk. {@link io.proximace.kernel.FloatKernel} is the
 * one seam behind which SIMD lives, as jvector's VectorizationProvider: {@link
 * io.proximace.kernel.ScalarFloatKernel} is the plain reference (and the tests' oracle), the Vector API
 * kernel is the fast one, and {@link io.proximace.kernel.Kernels} picks once per JVM and logs which.
 * Exact search uses the expanded form {@code ||q||^2 + ||d||^2 - 2 q.d}, a tile of queries against a
 * tile of docs held in registers, and rejects a candidate against the heap's threshold in SIMD before
 * the heap is touched.
 */
package io.proximace.kernel;
