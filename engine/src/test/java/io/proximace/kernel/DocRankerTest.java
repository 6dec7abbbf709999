package io.proximace.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.vector.FloatVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each distance's per-pair ranker against the formula computed directly in double, with either kernel. */
class DocRankerTest {
  /** The rank the ranker promises, in double: cosine leaves out the query's norm, which orders nothing. */
  static double expected(Distance d, float[] q, int qOff, float[] docs, int doc, int dim) {
    double dot = 0;
    double dd = 0;
    double sq = 0;
    for (int j = 0; j < dim; j++) {
      double x = q[qOff + j];
      double y = docs[doc * dim + j];
      dot += x * y;
      dd += y * y;
      sq += (x - y) * (x - y);
    }
    return switch (d) {
      case SQUARED_EUCLIDEAN -> sq;
      case INNER_PRODUCT -> -dot;
      case COSINE -> dd == 0 ? 0 : -dot / Math.sqrt(dd);
    };
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void ranksAreTheDistanceOfEachPairWithEitherKernel(Distance d) {
    int dim = 37; // not a multiple of any vector width: the tails count
    int n = 200;
    float[] docs = Vectors.random(n, dim, 1);
    java.util.Arrays.fill(docs, 5 * dim, 6 * dim, 0f); // a zero doc
    float[] qs = Vectors.random(4, dim, 2);
    for (FloatKernel kernel : new FloatKernel[] {Kernels.preferred(), new ScalarFloatKernel()}) {
      DocRanker ranker = d.ranker(FloatVectors.wrap(docs, dim), kernel);
      for (int q = 0; q < 4; q++) {
        for (int doc = 0; doc < n; doc++) {
          double want = expected(d, qs, q * dim, docs, doc, dim);
          assertEquals(want, ranker.rank(qs, q * dim, doc), 1e-5 * Math.max(1, Math.abs(want)) * dim,
              d + " " + kernel.name() + " query " + q + " doc " + doc);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void ranksOrderDocsAsTheExactScoresDo(Distance d) {
    // cosine's ranker leaves out the query's norm, a positive factor: the order must not change
    int dim = 24;
    int n = 300;
    float[] docs = Vectors.random(n, dim, 4);
    float[] q = Vectors.random(1, dim, 5);
    for (int j = 0; j < dim; j++) {
      q[j] *= 3f; // a query far from unit length
    }
    DocRanker r = d.ranker(FloatVectors.wrap(docs, dim), Kernels.preferred());
    int compared = 0;
    for (int a = 0; a < n; a++) {
      int b = (a * 31 + 7) % n;
      float exactA = d.rank(d.exactScore(q, 0, 1, docs, a * dim, 1, dim));
      float exactB = d.rank(d.exactScore(q, 0, 1, docs, b * dim, 1, dim));
      if (Math.abs(exactA - exactB) > 1e-3 * Math.max(1, Math.abs(exactA))) {
        assertEquals(exactA < exactB, r.rank(q, 0, a) < r.rank(q, 0, b), d + " docs " + a + ", " + b);
        compared++;
      }
    }
    assertEquals(true, compared > n / 2, "most pairs are far from a tie");
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void theRankerOverMappedRowsRanksAsTheOneOverTheHeapBitForBit(Distance d) throws java.io.IOException {
    int dim = 37;
    int n = 300;
    float[] docs = Vectors.random(n, dim, 3);
    java.util.Arrays.fill(docs, 7 * dim, 8 * dim, 0f); // a zero doc
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * docs.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(docs);
    io.proximace.vector.MappedRows rows = io.proximace.vector.MappedRows.copyOf(
        new java.io.ByteArrayInputStream(bytes.array()), dim, n);
    float[] qs = Vectors.random(5, dim, 4);
    FloatKernel kernel = Kernels.preferred();
    DocRanker heap = d.ranker(FloatVectors.wrap(docs, dim), kernel);
    DocRanker mapped = d.ranker(rows, kernel);
    for (int q = 0; q < 5; q++) {
      for (int doc = n - 1; doc >= 0; doc--) {
        assertEquals(Float.floatToIntBits(heap.rank(qs, q * dim, doc)), Float.floatToIntBits(mapped.rank(qs, q * dim, doc)),
            d + " query " + q + " doc " + doc);
      }
    }
  }
}
