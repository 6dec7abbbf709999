package io.proximace.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.kernel.Distance;
import io.proximace.vector.FloatVectors;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The quantizer's round trip, the Vector API code kernel against the scalar oracle, and the ranks' formulas. */
class Int8CodesTest {
  private static final CodeKernel PANAMA = new PanamaCodeKernel();
  private static final CodeKernel SCALAR = new ScalarCodeKernel();

  /** Docs with a constant dimension (0), a huge-range one (1) and an outlier, the rest Gaussian. */
  private static FloatVectors docs(int n, int dim, long seed) {
    Random r = new Random(seed);
    FloatVectors v = new FloatVectors(dim, n);
    for (int i = 0; i < n; i++) {
      int o = v.appendRow() * dim;
      for (int j = 0; j < dim; j++) {
        v.data()[o + j] = (float) (j == 0 ? 3.25 : j == 1 ? r.nextGaussian() * 1e4 : r.nextGaussian() * (1 + j % 5));
      }
    }
    if (n > 3 && dim > 2) {
      v.data()[3 * dim + 2] = 1e3f; // one outlier: under a thousand docs, the range is the whole range
    }
    return v;
  }

  @Test
  void panamaAgreesWithTheScalarOracleUpToFloatRounding() {
    assertTrue(PanamaCodeKernel.usable(), "tests run where the Vector API is wide");
    Random r = new Random(5);
    for (int t = 0; t < 3000; t++) {
      int dim = 1 + r.nextInt(t % 3 == 0 ? 20 : 300); // many non-multiples of 16 and 64
      int off = r.nextInt(40);
      float[] w = new float[dim];
      byte[] codes = new byte[off + dim];
      double magnitude = 0;
      for (int j = 0; j < dim; j++) {
        w[j] = switch (t % 4) {
          case 0 -> (float) r.nextGaussian();
          case 1 -> (float) (r.nextGaussian() * 1e6);
          case 2 -> r.nextBoolean() ? Float.MAX_VALUE / 1e6f : -Float.MAX_VALUE / 1e6f;
          default -> 0f;
        };
        codes[off + j] = (byte) (t % 5 == 0 ? (r.nextBoolean() ? -128 : 127) : r.nextInt(256));
        magnitude += Math.abs((double) w[j] * codes[off + j]);
      }
      float fast = PANAMA.dot(w, codes, off, dim);
      float oracle = SCALAR.dot(w, codes, off, dim);
      double exact = 0;
      for (int j = 0; j < dim; j++) {
        exact += (double) w[j] * codes[off + j];
      }
      // each sum's rounding is at most dim ulps of the magnitude
      double tolerance = magnitude * dim * 0x1p-23 + 1e-30;
      assertEquals(exact, oracle, tolerance, "scalar, dim " + dim);
      assertEquals(oracle, fast, tolerance, "panama, dim " + dim);
    }
  }

  @Test
  void codesRoundTripWithinHalfAStepAndAConstantDimensionExactly() {
    FloatVectors d = docs(500, 37, 1);
    ScalarQuantizer qz = ScalarQuantizer.train(d);
    assertEquals(0f, qz.step()[0], "constant dimension");
    for (int i = 0; i < d.size(); i++) {
      for (int j = 0; j < d.dim(); j++) {
        float x = d.data()[i * d.dim() + j];
        float back = qz.decode(j, qz.encode(j, x));
        if (j == 0) {
          assertEquals(x, back, 0f);
        } else {
          assertEquals(x, back, qz.step()[j] * 0.5 + Math.ulp(x) * 4, "doc " + i + " dim " + j);
        }
      }
    }
  }

  /** Ranking docs four at a time ({@link CodeKernel#dot4Rows}) gives each doc bit for bit its one-at-a-time rank. */
  @ParameterizedTest
  @EnumSource(Distance.class)
  void batchRanksEqualSingleRanksBitForBit(Distance distance) {
    Random r = new Random(7);
    for (int dim : new int[] {5, 16, 45, 128, 200}) {
      FloatVectors d = docs(60, dim, dim);
      FloatVectors q = docs(5, dim, dim + 1);
      for (CodeKernel kernel : new CodeKernel[] {PANAMA, SCALAR}) {
        Int8Codes codes = Int8Codes.of(d, distance, kernel);
        CodeQuery cq = codes.newQuery();
        for (int qi = 0; qi < q.size(); qi++) {
          codes.prepare(q.data(), qi * dim, cq);
          for (int count = 0; count <= 11; count++) {
            int[] docs = new int[count];
            for (int i = 0; i < count; i++) {
              docs[i] = r.nextInt(d.size());
            }
            float[] batch = new float[count];
            codes.rank(cq, docs, count, batch);
            for (int i = 0; i < count; i++) {
              assertEquals(Float.floatToIntBits(codes.rank(cq, docs[i])), Float.floatToIntBits(batch[i]),
                  kernel.name() + " dim " + dim + " count " + count + " at " + i);
            }
          }
        }
      }
    }
  }

  /** The rank a prepared query gives, plus the per-query constant it drops, is the distance to the decoded doc. */
  @ParameterizedTest
  @EnumSource(Distance.class)
  void ranksAreTheDistanceToTheDecodedDocUpToAPerQueryConstant(Distance distance) {
    int dim = 45;
    FloatVectors d = docs(300, dim, 2);
    FloatVectors q = docs(20, dim, 3);
    for (CodeKernel kernel : new CodeKernel[] {PANAMA, SCALAR}) {
      Int8Codes codes = Int8Codes.of(d, distance, kernel);
      ScalarQuantizer qz = codes.quantizer();
      CodeQuery cq = codes.newQuery();
      float[] ranks = new float[d.size()];
      for (int qi = 0; qi < q.size(); qi++) {
        codes.prepare(q.data(), qi * dim, cq);
        for (int i = 0; i < d.size(); i++) {
          ranks[i] = codes.rank(cq, i);
        }
        double dropped = 0; // the per-query constant the rank leaves out
        for (int j = 0; j < dim; j++) {
          double x = q.data()[qi * dim + j];
          dropped += distance == Distance.SQUARED_EUCLIDEAN ? (x - qz.offset()[j]) * (x - qz.offset()[j])
              : distance == Distance.INNER_PRODUCT ? -x * qz.offset()[j] : 0;
        }
        for (int i = 0; i < d.size(); i++) {
          double se = 0;
          double dot = 0;
          double dd = 0;
          double scale = 0;
          for (int j = 0; j < dim; j++) {
            double x = q.data()[qi * dim + j];
            double y = qz.decode(j, codes.codes()[i * dim + j]);
            double t = d.data()[i * dim + j];
            se += (x - y) * (x - y);
            dot += x * y;
            dd += t * t;
            scale += Math.abs(x * y) + x * x + y * y;
          }
          double want = switch (distance) {
            case SQUARED_EUCLIDEAN -> se;
            case INNER_PRODUCT -> -dot;
            case COSINE -> -dot / Math.sqrt(dd);
          };
          double norm = distance == Distance.COSINE ? 1 / Math.sqrt(dd) : 1;
          float rank = codes.rank(cq, i);
          assertEquals(rank, ranks[i], 0f, "the range rank is the per-doc rank");
          assertEquals(want, rank + dropped, scale * norm * 1e-5, kernel.name() + " query " + qi + " doc " + i);
        }
      }
    }
  }

  /** Four queries ranked together give each one's rank alone, bit for bit, so a scan's grouping changes nothing. */
  @ParameterizedTest
  @EnumSource(Distance.class)
  void fourQueriesAtOnceRankAsEachAlone(Distance distance) {
    for (int dim : new int[] {1, 7, 16, 31, 32, 33, 64, 100, 128, 784}) {
      FloatVectors d = docs(60, dim, dim);
      FloatVectors q = docs(4, dim, dim + 1);
      for (CodeKernel kernel : new CodeKernel[] {PANAMA, SCALAR}) {
        Int8Codes codes = Int8Codes.of(d, distance, kernel);
        CodeQuery[] cq = new CodeQuery[4];
        for (int i = 0; i < 4; i++) {
          cq[i] = codes.newQuery();
          codes.prepare(q.data(), i * dim, cq[i]);
        }
        float[] four = new float[4];
        for (int doc = 0; doc < d.size(); doc++) {
          codes.rank4(cq[0], cq[1], cq[2], cq[3], doc, four);
          for (int i = 0; i < 4; i++) {
            assertEquals(Float.floatToIntBits(codes.rank(cq[i], doc)), Float.floatToIntBits(four[i]),
                kernel.name() + " dim " + dim + " doc " + doc + " query " + i);
          }
        }
      }
    }
  }

  /** Past a thousand docs the rarest extremes are clipped: an outlier takes the end code, the others keep fine steps. */
  @Test
  void aFarOutlierIsClippedAndTheOtherDocsKeepTheirSteps() {
    FloatVectors d = docs(20_000, 8, 4);
    java.util.Arrays.fill(d.data(), 123 * 8, 124 * 8, 2000f);
    ScalarQuantizer qz = ScalarQuantizer.train(d);
    for (int j = 2; j < 8; j++) { // the Gaussian dimensions, of scale 1 + j % 5
      assertTrue(qz.step()[j] < 0.1 * (1 + j % 5), "dimension " + j + " keeps a fine step: " + qz.step()[j]);
      assertEquals(127, qz.encode(j, 2000f), "the outlier takes the end code");
    }
  }
}
