package io.proximace.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API kernel must agree with the scalar reference bit for bit. */
class FloatKernelTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 16, 33, 129, 784, 960})
  void simdAndScalarSelectTheSameDocsWithTheSameRanks(int dim) {
    FloatKernel simd = Kernels.preferred();
    assertNotEquals("scalar", simd.name(), "tests run with --add-modules jdk.incubator.vector");
    FloatKernel scalar = new ScalarFloatKernel();
    int nq = 21; // two full 8-query tiles and a remainder
    int n = dim > 500 ? 300 : 1000;
    float[] queries = Vectors.random(nq, dim, dim);
    BlockedVectors docs = Vectors.blocked(Vectors.random(n, dim, dim + 1), dim);
    for (Distance d : Distance.values()) {
      Terms qt = Terms.ofQueries(d, Vectors.rows(queries, dim));
      Terms dt = Terms.ofDocs(d, docs);
      TopK[] a = heaps(nq, 17);
      TopK[] b = heaps(nq, 17);
      for (int c = 0; c < docs.chunkCount(); c++) {
        int first = c * docs.chunkDocs();
        int blocks = (Math.min(docs.chunkDocs(), n - first) + 15) / 16;
        simd.scan(simd.batch(queries, dim, 0, nq, qt), docs.chunk(c), blocks, first, dt, a, 0);
        scalar.scan(scalar.batch(queries, dim, 0, nq, qt), docs.chunk(c), blocks, first, dt, b, 0);
      }
      for (int q = 0; q < nq; q++) {
        int[] ia = new int[17];
        int[] ib = new int[17];
        float[] ra = new float[17];
        float[] rb = new float[17];
        assertEquals(17, a[q].drainSorted(ia, ra, 0));
        assertEquals(17, b[q].drainSorted(ib, rb, 0));
        assertArrayEquals(ib, ia, d + " dim " + dim + " query " + q);
        assertArrayEquals(rb, ra, 0f, d + " dim " + dim + " query " + q);
        // and the ranks are the distances, up to float rounding of the expanded form
        for (int i = 0; i < 17; i++) {
          float exact = d.rank(d.exactScore(queries, q * dim, 1, docs.chunkOf(ia[i]), docs.offsetOf(ia[i]), 16, dim));
          assertEquals(exact, ra[i], (d == Distance.COSINE ? 1e-5 : 1e-4) * dim, "rank of doc " + ia[i]);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 40})
  void paddingLanesAreNeverReturned(int n) {
    int dim = 5;
    float[] q = new float[dim];
    BlockedVectors docs = Vectors.blocked(Vectors.random(n, dim, 9), dim);
    Terms dt = Terms.ofDocs(Distance.INNER_PRODUCT, docs);
    Terms qt = Terms.ofQueries(Distance.INNER_PRODUCT, Vectors.rows(q, dim));
    for (FloatKernel k : new FloatKernel[] {Kernels.preferred(), new ScalarFloatKernel()}) {
      TopK[] h = heaps(1, 64);
      k.scan(k.batch(q, dim, 0, 1, qt), docs.chunk(0), (n + 15) / 16, 0, dt, h, 0);
      assertEquals(n, h[0].size(), k.name());
    }
  }

  private static TopK[] heaps(int n, int k) {
    TopK[] h = new TopK[n];
    for (int i = 0; i < n; i++) {
      h[i] = new TopK(k, null);
    }
    return h;
  }
}
