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

  /**
   * {@link #dot} of four weight vectors (four queries) with one code row into {@code out[0, 4)}, each bit for bit what
   * {@code dot} gives it alone, so a scan may group queries however it likes; a SIMD kernel widens the codes once.
   */
  default void dot4Queries(float[] w0, float[] w1, float[] w2, float[] w3, byte[] codes, int off, int dim, float[] out) {
    out[0] = dot(w0, codes, off, dim);
    out[1] = dot(w1, codes, off, dim);
    out[2] = dot(w2, codes, off, dim);
    out[3] = dot(w3, codes, off, dim);
  }

  /**
   * {@link #dot} of one weight vector with four code rows, into {@code out[outOff, outOff + 4)}, each bit for bit what
   * {@code dot} gives it: a walk ranks a node's neighbours four at a time, loading the weights once for the four.
   */
  default void dot4Rows(float[] w, byte[] codes, int off0, int off1, int off2, int off3, int dim, float[] out, int outOff) {
    out[outOff] = dot(w, codes, off0, dim);
    out[outOff + 1] = dot(w, codes, off1, dim);
    out[outOff + 2] = dot(w, codes, off2, dim);
    out[outOff + 3] = dot(w, codes, off3, dim);
  }
}
