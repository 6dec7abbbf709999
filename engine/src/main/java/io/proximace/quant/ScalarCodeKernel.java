package io.proximace.quant;

/** The plain code kernel: one fused multiply-add per component, in component order; the tests' oracle. */
public final class ScalarCodeKernel implements CodeKernel {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] w, byte[] codes, int off, int dim) {
    float sum = 0f;
    for (int j = 0; j < dim; j++) {
      sum = Math.fma(w[j], codes[off + j], sum);
    }
    return sum;
  }
}
