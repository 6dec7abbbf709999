package io.proximace.kernel;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;

/** Plain loops: the int8 kernel's reference, and the fallback without the Vector API. */
public final class ScalarInt8Kernel implements Int8Kernel {
  private static final int W = BlockedVectors.BLOCK;

  @Override
  public String name() {
    return "scalar-int8";
  }

  @Override
  public QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms) {
    return new QueryBatch(queries, dim, from, to, terms, null);
  }

  @Override
  public void scan(QueryBatch batch, byte[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase) {
    float[] queries = batch.queries();
    int dim = batch.dim();
    Terms queryTerms = batch.terms();
    float[] docScale = docTerms.scale();
    float[] docBias = docTerms.bias();
    for (int q = batch.from(); q < batch.to(); q++) {
      TopK heap = heaps[q - heapBase];
      int qo = q * dim;
      float qs = queryTerms.scale()[q];
      float qb = queryTerms.bias()[q];
      for (int b = 0; b < blocks; b++) {
        int base = b * dim * W;
        for (int lane = 0; lane < W; lane++) {
          float acc = 0f;
          for (int j = 0; j < dim; j++) {
            acc = Math.fma(queries[qo + j], chunk[base + j * W + lane], acc);
          }
          int doc = firstDoc + b * W + lane;
          float rank = Math.fma(acc, qs * docScale[doc], docBias[doc] + qb);
          if (rank <= heap.threshold()) {
            heap.offer(rank, doc);
          }
        }
      }
    }
  }
}
