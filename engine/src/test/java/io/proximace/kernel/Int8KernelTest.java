package io.proximace.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.Int8BlockedVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The int8 kernels against the scalar float kernel on the same values as floats: the same docs with the
 * same ranks, bit for bit, for int8 queries and for float ones (Int8QuantizerConverter's); with int8 queries
 * up to 1024 dimensions the dot product inside each rank is the exact integer.
 */
class Int8KernelTest {
  private static final int K = 17;

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 16, 33, 63, 64, 65, 127, 129, 784, 1000, 1024, 1100})
  void int8KernelsRankAsTheFloatKernelOnTheSameValues(int dim) {
    Int8Kernel simd = Kernels.int8();
    assertNotEquals("scalar-int8", simd.name(), "tests run with --add-modules jdk.incubator.vector");
    for (long seed = 1; seed <= 4; seed++) {
      int nq = 21; // two full 8-query tiles and a remainder
      int n = dim > 500 ? 300 : 1000 + (int) seed * 5; // a partial last block
      boolean int8Queries = seed != 4;
      float[] queries = int8Queries ? Vectors.int8s(nq, dim, seed * 31 + dim) : Vectors.random(nq, dim, seed * 31 + dim);
      float[] docRows = Vectors.int8s(n, dim, seed * 37 + dim);
      BlockedVectors floats = Vectors.blocked(docRows, dim);
      Int8BlockedVectors bytes = new Int8BlockedVectors(dim);
      for (int i = 0; i < n; i++) {
        bytes.appendRow(docRows, i * dim);
      }
      for (Distance d : Distance.values()) {
        Terms qt = Terms.ofQueries(d, Vectors.rows(queries, dim));
        Terms ft = Terms.ofDocs(d, floats);
        Terms bt = Terms.ofDocs(d, bytes);
        assertArrayEquals(ft.scale(), bt.scale(), 0f);
        assertArrayEquals(ft.bias(), bt.bias(), 0f);
        String where = d + " dim " + dim + " seed " + seed;
        TopK[] want = scanFloats(new ScalarFloatKernel(), queries, dim, qt, floats, ft);
        TopK[] a = scanBytes(simd, queries, dim, qt, bytes, bt);
        TopK[] b = scanBytes(new ScalarInt8Kernel(), queries, dim, qt, bytes, bt);
        for (int q = 0; q < nq; q++) {
          int[] iw = new int[K];
          float[] rw = new float[K];
          assertEquals(K, want[q].drainSorted(iw, rw, 0));
          for (TopK[] got : new TopK[][] {a, b}) {
            int[] ig = new int[K];
            float[] rg = new float[K];
            assertEquals(K, got[q].drainSorted(ig, rg, 0));
            assertArrayEquals(iw, ig, where + " query " + q);
            assertArrayEquals(rw, rg, 0f, where + " query " + q);
          }
          if (int8Queries && dim <= 1024) {
            for (int i = 0; i < K; i++) {
              long dot = 0;
              for (int j = 0; j < dim; j++) {
                dot += (long) queries[q * dim + j] * (long) docRows[iw[i] * dim + j];
              }
              float rank = Math.fma((float) dot, qt.scale()[q] * bt.scale()[iw[i]], bt.bias()[iw[i]] + qt.bias()[q]);
              assertEquals(rank, rw[i], 0f, where + " query " + q + ": the exact integer dot product");
            }
          }
        }
      }
    }
  }

  /** The largest dot products the float sums hold exactly: 1024 x (-128 x -128) = 2^24. */
  @Test
  void extremeValuesAtTheExactLimit() {
    int dim = 1024;
    float[] q = new float[dim];
    float[] docs = new float[3 * dim];
    java.util.Arrays.fill(q, -128f);
    java.util.Arrays.fill(docs, 0, dim, -128f);
    java.util.Arrays.fill(docs, dim, 2 * dim, 127f);
    for (int j = 0; j < dim; j++) {
      docs[2 * dim + j] = j % 2 == 0 ? -128f : 127f;
    }
    Int8BlockedVectors bytes = new Int8BlockedVectors(dim);
    for (int i = 0; i < 3; i++) {
      bytes.appendRow(docs, i * dim);
    }
    Terms qt = Terms.ofQueries(Distance.INNER_PRODUCT, Vectors.rows(q, dim));
    Terms bt = Terms.ofDocs(Distance.INNER_PRODUCT, bytes);
    for (Int8Kernel k : new Int8Kernel[] {Kernels.int8(), new ScalarInt8Kernel()}) {
      TopK[] h = heaps(1, 3);
      k.scan(k.batch(q, dim, 0, 1, qt), bytes.chunk(0), 1, 0, bt, h, 0);
      int[] ids = new int[3];
      float[] ranks = new float[3];
      assertEquals(3, h[0].drainSorted(ids, ranks, 0));
      assertArrayEquals(new int[] {0, 2, 1}, ids, k.name());
      // inner product ranks are -q.d
      assertArrayEquals(new float[] {-(1 << 24), -(512 * 16384 - 512 * 128 * 127), 1024 * 128 * 127}, ranks, 0f, k.name());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 40})
  void paddingLanesAreNeverReturned(int n) {
    int dim = 5;
    float[] q = new float[dim];
    float[] rows = Vectors.int8s(n, dim, 9);
    Int8BlockedVectors docs = new Int8BlockedVectors(dim);
    for (int i = 0; i < n; i++) {
      docs.appendRow(rows, i * dim);
    }
    Terms dt = Terms.ofDocs(Distance.INNER_PRODUCT, docs);
    Terms qt = Terms.ofQueries(Distance.INNER_PRODUCT, Vectors.rows(q, dim));
    for (Int8Kernel k : new Int8Kernel[] {Kernels.int8(), new ScalarInt8Kernel()}) {
      TopK[] h = heaps(1, 64);
      k.scan(k.batch(q, dim, 0, 1, qt), docs.chunk(0), (n + 15) / 16, 0, dt, h, 0);
      assertEquals(n, h[0].size(), k.name());
    }
  }

  private static TopK[] scanFloats(FloatKernel k, float[] queries, int dim, Terms qt, BlockedVectors docs, Terms dt) {
    TopK[] h = heaps(queries.length / dim, K);
    QueryBatch batch = k.batch(queries, dim, 0, queries.length / dim, qt);
    for (int c = 0; c < docs.chunkCount(); c++) {
      int first = c * docs.chunkDocs();
      k.scan(batch, docs.chunk(c), (Math.min(docs.chunkDocs(), docs.size() - first) + 15) / 16, first, dt, h, 0);
    }
    return h;
  }

  private static TopK[] scanBytes(Int8Kernel k, float[] queries, int dim, Terms qt, Int8BlockedVectors docs, Terms dt) {
    TopK[] h = heaps(queries.length / dim, K);
    QueryBatch batch = k.batch(queries, dim, 0, queries.length / dim, qt);
    for (int c = 0; c < docs.chunkCount(); c++) {
      int first = c * docs.chunkDocs();
      k.scan(batch, docs.chunk(c), (Math.min(docs.chunkDocs(), docs.size() - first) + 15) / 16, first, dt, h, 0);
    }
    return h;
  }

  private static TopK[] heaps(int n, int k) {
    TopK[] h = new TopK[n];
    for (int i = 0; i < n; i++) {
      h[i] = new TopK(k, null);
    }
    return h;
  }
}
