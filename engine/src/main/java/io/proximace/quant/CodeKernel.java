package io.proximace.quant;

/**
 * The seam behind which the code ranks' SIMD lives, as {@link io.proximace.kernel.FloatKernel} is for floats:
 * {@link ScalarCodeKernel} is the oracle, {@link PanamaCodeKernel} the fast one, and {@link Int8Codes} picks once
 * per JVM. Implementations agree up to float rounding: the Vector API one sums in lanes, then across them.
 */
public interface CodeKernel {
  /** A short name for logs, such as {@code panama-512} or {@code scalar}. */
  String name();

  /** {@code sum(w[j] * codes[off + j])} over {@code j < dim}, the codes read as signed bytes. */
  float dot(float[] w, byte[] codes, int off, int dim);
}
