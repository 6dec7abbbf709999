package io.proximace.kernel;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;

/** Plain loops (the float kernel's): the int8 kernel's reference, and the fallback without the Vector API. */
public final class ScalarInt8Kernel implements Int8Kernel {
  private static final int W = BlockedVectors.BLOCK;
  private static final ScalarFloatKernel FLOATS = new ScalarFloatKernel();

  @Override
  public String name() {
    return "scalar-int8";
  }

  @Override
  public QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms) {
    return new QueryBatch(queries, dim, from, to, terms, null);
  }

  /** The blocks widened to floats (exactly), then the float kernel's reference loops: one home for the arithmetic. */
  @Override
  public void scan(QueryBatch batch, byte[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase) {
    float[] widened = new float[blocks * batch.dim() * W];
    for (int i = 0; i < widened.length; i++) {
      widened[i] = chunk[i];
    }
    FLOATS.scan(batch, widened, blocks, firstDoc, docTerms, heaps, heapBase);
  }
}
