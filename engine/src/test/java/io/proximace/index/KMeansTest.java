package io.proximace.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.kernel.Vectors;
import io.proximace.vector.FloatVectors;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansTest {
  static double squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim) {
    double s = 0;
    for (int j = 0; j < dim; j++) {
      double d = (double) a[aOff + j] - b[bOff + j];
      s += d * d;
    }
    return s;
  }

  @Test
  void theSameSeedGivesTheSameCentroidsWhateverTheThreadCount() {
    int dim = 12;
    FloatVectors sample = FloatVectors.wrap(Vectors.random(6000, dim, 1), dim);
    float[] one = KMeans.train(sample, 24, 8, 42, 1).data().clone();
    for (int threads : new int[] {2, 3, 8}) {
      assertArrayEquals(one, KMeans.train(sample, 24, 8, 42, threads).data(), threads + " threads");
    }
    assertArrayEquals(one, KMeans.train(sample, 24, 8, 42, 1).data(), "a second run");
    assertTrue(!Arrays.equals(one, KMeans.train(sample, 24, 8, 43, 1).data()), "another seed, other centroids");
  }

  @Test
  void wellSeparatedBlobsGiveOneCentroidPerBlobAtItsMean() {
    int dim = 8;
    int blobs = 5;
    int n = 1000;
    Random r = new Random(2);
    float[] v = new float[n * dim];
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      label[i] = i % blobs;
      for (int j = 0; j < dim; j++) {
        v[i * dim + j] = (float) ((j == label[i] ? 50 : 0) + r.nextGaussian());
      }
    }
    FloatVectors centroids = KMeans.train(FloatVectors.wrap(v, dim), blobs, 10, 7, 2);
    assertEquals(blobs, centroids.size());
    // each centroid is the mean of exactly one blob
    Set<Integer> matched = new HashSet<>();
    for (int c = 0; c < blobs; c++) {
      int blob = -1;
      for (int b = 0; b < blobs; b++) {
        double[] mean = new double[dim];
        for (int i = b; i < n; i += blobs) {
          for (int j = 0; j < dim; j++) {
            mean[j] += v[i * dim + j] / (double) (n / blobs);
          }
        }
        double d = 0;
        for (int j = 0; j < dim; j++) {
          d += Math.pow(mean[j] - centroids.data()[c * dim + j], 2);
        }
        if (d < 1e-6) {
          blob = b;
        }
      }
      assertTrue(blob >= 0, "centroid " + c + " is no blob's mean");
      assertTrue(matched.add(blob), "blob " + blob + " has two centroids");
    }
    // and every point's nearest centroid is its blob's
    int[] assign = new int[n];
    KMeans.nearest(centroids, FloatVectors.wrap(v, dim), 2, assign);
    for (int i = blobs; i < n; i++) {
      assertEquals(assign[label[i]], assign[i], "point " + i);
    }
  }

  @Test
  void moreCentroidsThanPointsGivesThePointsThemselves() {
    int dim = 3;
    float[] v = {1, 2, 3, -4, 5, 6, 7, -8, 9};
    FloatVectors centroids = KMeans.train(FloatVectors.wrap(v, dim), 10, 5, 1, 1);
    assertEquals(3, centroids.size());
    Set<String> want = new HashSet<>();
    Set<String> got = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      want.add(Arrays.toString(Arrays.copyOfRange(v, i * dim, i * dim + dim)));
      got.add(Arrays.toString(Arrays.copyOfRange(centroids.data(), i * dim, i * dim + dim)));
    }
    assertEquals(want, got);
  }

  @Test
  void identicalPointsStillGiveKFiniteCentroidsThere() {
    int dim = 4;
    float[] v = new float[50 * dim];
    for (int i = 0; i < 50; i++) {
      System.arraycopy(new float[] {1, -2, 3, 0}, 0, v, i * dim, dim);
    }
    FloatVectors centroids = KMeans.train(FloatVectors.wrap(v, dim), 3, 4, 5, 1);
    assertEquals(3, centroids.size());
    for (int c = 0; c < 3; c++) {
      double d = squaredDistance(centroids.data(), c * dim, v, 0, dim);
      assertTrue(d < 1e-4, "centroid " + c + " at squared distance " + d); // false for NaN too
    }
  }

  @Test
  void noPointsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> KMeans.train(new FloatVectors(3, 0), 2, 1, 1, 1));
  }

  @Test
  void nearestIsTheClosestCentroid() {
    int dim = 10;
    FloatVectors centroids = FloatVectors.wrap(Vectors.random(37, dim, 3), dim);
    FloatVectors points = FloatVectors.wrap(Vectors.random(2000, dim, 4), dim);
    int[] assign = new int[2000];
    KMeans.nearest(centroids, points, 3, assign);
    for (int i = 0; i < 2000; i++) {
      double best = Double.MAX_VALUE;
      for (int c = 0; c < 37; c++) {
        best = Math.min(best, squaredDistance(points.data(), i * dim, centroids.data(), c * dim, dim));
      }
      double chosen = squaredDistance(points.data(), i * dim, centroids.data(), assign[i] * dim, dim);
      assertEquals(best, chosen, 1e-5 * best, "point " + i); // float rounding of the expanded form only
    }
  }

  /** The nearest centroid by double-precision distance, ties to the lower index; {@code gap[0]} gets second-best minus best. */
  static int oracleNearest(float[] p, int pOff, float[] cs, int k, int dim, double[] gap) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    double second = Double.MAX_VALUE;
    for (int c = 0; c < k; c++) {
      double d = squaredDistance(p, pOff, cs, c * dim, dim);
      if (d < bestD) {
        second = bestD;
        bestD = d;
        best = c;
      } else if (d < second) {
        second = d;
      }
    }
    gap[0] = second - bestD;
    return best;
  }

  @Test
  void nearestAgreesWithADoublePrecisionOracleWhereRoundingCannotDecide() {
    // The kernel ranks by ||p||^2 + ||c||^2 - 2 p.c in float, so its distances are not the oracle's to the
    // last bit: where the best two centroids lie within rounding of each other either may win. Elsewhere
    // the choice must be the oracle's.
    Random r = new Random(11);
    int decided = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int dim = 1 + r.nextInt(trial % 10 == 0 ? 800 : 40);
      int k = 1 + r.nextInt(70);
      int n = 1 + r.nextInt(40);
      float scale = (float) Math.pow(10, r.nextInt(7) - 3);
      float shift = r.nextInt(3) == 0 ? scale * 10 : 0;
      float[] cs = new float[k * dim];
      float[] ps = new float[n * dim];
      for (int i = 0; i < cs.length; i++) {
        cs[i] = (float) r.nextGaussian() * scale + shift;
      }
      for (int i = 0; i < ps.length; i++) {
        ps[i] = (float) r.nextGaussian() * scale + shift;
      }
      int[] assign = new int[n];
      KMeans.nearest(FloatVectors.wrap(cs, dim), FloatVectors.wrap(ps, dim), 1 + trial % 3, assign);
      double[] gap = new double[1];
      for (int i = 0; i < n; i++) {
        int want = oracleNearest(ps, i * dim, cs, k, dim, gap);
        double norms = squaredDistance(ps, i * dim, new float[dim], 0, dim)
            + squaredDistance(cs, want * dim, new float[dim], 0, dim);
        if (gap[0] > 5e-5 * norms + 1e-30) {
          decided++;
          assertEquals(want, assign[i], "trial " + trial + " point " + i + ", gap " + gap[0]);
        }
      }
    }
    assertTrue(decided > 30_000, decided + " decided cases");
  }

  @Test
  void aTieGoesToTheLowerCentroid() {
    Random r = new Random(12);
    for (int trial = 0; trial < 500; trial++) {
      int dim = 1 + r.nextInt(50);
      int k = 2 + r.nextInt(40);
      float[] cs = Vectors.random(k, dim, trial);
      int a = r.nextInt(k - 1);
      int b = a + 1 + r.nextInt(k - 1 - a);
      System.arraycopy(cs, a * dim, cs, b * dim, dim); // centroids a < b coincide
      float[] p = cs.clone(); // each point is a centroid: b's twin is a
      int[] assign = new int[k];
      KMeans.nearest(FloatVectors.wrap(cs, dim), FloatVectors.wrap(p, dim), 2, assign);
      assertEquals(a, assign[b], "trial " + trial);
      assertEquals(a, assign[a], "trial " + trial);
    }
  }

  @Test
  void trainMatchesADoublePrecisionOracleBitForBitOnSeparatedBlobs() {
    // Blobs far apart compared with their spread: every choice (k-means++ draw, nearest centroid) is
    // decided by a margin far above rounding, so the float path must reproduce the oracle exactly.
    for (int round = 0; round < 24; round++) {
      Random r = new Random(100 + round);
      int dim = 2 + r.nextInt(round % 4 == 0 ? 300 : 30);
      int blobs = 2 + r.nextInt(12);
      int n = blobs * (20 + r.nextInt(100));
      float[] centers = new float[blobs * dim];
      for (int i = 0; i < centers.length; i++) {
        centers[i] = (float) r.nextGaussian() * 100;
      }
      float[] v = new float[n * dim];
      for (int i = 0; i < n; i++) {
        int b = r.nextInt(blobs);
        for (int j = 0; j < dim; j++) {
          v[i * dim + j] = centers[b * dim + j] + (float) r.nextGaussian();
        }
      }
      int k = 1 + r.nextInt(blobs);
      int iterations = 1 + r.nextInt(5);
      float[] want = oracleTrain(v, dim, k, iterations, round);
      for (int threads : new int[] {1, 3}) {
        float[] got = KMeans.train(FloatVectors.wrap(v, dim), k, iterations, round, threads).data();
        assertArrayEquals(want, got, "round " + round + ", " + threads + " threads");
      }
    }
  }

  /** KMeans.train spelled out in double precision, one pair at a time, one thread (no empty clusters expected). */
  static float[] oracleTrain(float[] v, int dim, int k, int iterations, long seed) {
    int n = v.length / dim;
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    float[] cs = new float[k * dim];
    double[] d2 = new double[n];
    Arrays.fill(d2, Double.POSITIVE_INFINITY);
    int pick = random.nextInt(n);
    for (int c = 0; ; c++) {
      System.arraycopy(v, pick * dim, cs, c * dim, dim);
      double total = 0;
      for (int i = 0; i < n; i++) {
        d2[i] = Math.min(d2[i], squaredDistance(v, i * dim, cs, c * dim, dim));
        total += d2[i];
      }
      if (c == k - 1) {
        break;
      }
      double target = random.nextDouble() * total;
      double acc = 0;
      pick = n - 1;
      for (int i = 0; i < n; i++) {
        acc += d2[i];
        if (acc >= target) {
          pick = i;
          break;
        }
      }
    }
    double[] gap = new double[1];
    for (int it = 0; it < iterations; it++) {
      double[] sums = new double[k * dim];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        int c = oracleNearest(v, i * dim, cs, k, dim, gap);
        counts[c]++;
        for (int j = 0; j < dim; j++) {
          sums[c * dim + j] += v[i * dim + j];
        }
      }
      for (int c = 0; c < k; c++) {
        assertTrue(counts[c] > 0, "the oracle has no splits: cluster " + c + " emptied");
        for (int j = 0; j < dim; j++) {
          cs[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
        }
      }
    }
    return cs;
  }

  @Test
  void seedingIsEveryPairOnOneThreadBitForBit() {
    // Zero iterations return the k-means++ seeds. The seeding skips points by the triangle inequality
    // and splits them over threads; it must pick what computing every pair in order would.
    Random r = new Random(13);
    for (int trial = 0; trial < 400; trial++) {
      int dim = 1 + r.nextInt(trial % 8 == 0 ? 900 : 24);
      int n = 1 + r.nextInt(trial % 5 == 0 ? 3000 : 300);
      int k = 1 + r.nextInt(Math.min(n, 64));
      float[] v = new float[n * dim];
      int kind = trial % 4;
      int blobs = 1 + r.nextInt(20);
      float[] centers = Vectors.random(blobs, dim, trial);
      for (int i = 0; i < n; i++) {
        int b = r.nextInt(blobs);
        for (int j = 0; j < dim; j++) {
          v[i * dim + j] = switch (kind) {
            case 0 -> (float) r.nextGaussian();
            case 1 -> centers[b * dim + j] * 100 + (float) r.nextGaussian(); // tight blobs: most points skipped
            case 2 -> r.nextInt(3); // a small grid: duplicates and exact ties
            default -> centers[b * dim + j]; // only a few distinct points
          };
        }
      }
      float[] want = everyPairSeeds(FloatVectors.wrap(v, dim), k, trial);
      for (int threads : new int[] {1, 2, 5}) {
        assertArrayEquals(want, KMeans.train(FloatVectors.wrap(v, dim), k, 0, trial, threads).data(),
            "trial " + trial + " kind " + kind + ", " + threads + " threads");
      }
    }
  }

  /** k-means++ as it was: every (new centroid, point) pair by the kernel's per-pair distance, in order. */
  static float[] everyPairSeeds(FloatVectors sample, int k, long seed) {
    int n = sample.size();
    int dim = sample.dim();
    float[] s = sample.data();
    io.proximace.kernel.DocRanker rank = io.proximace.kernel.Distance.SQUARED_EUCLIDEAN.ranker(sample,
        io.proximace.kernel.Kernels.preferred());
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    float[] cs = new float[k * dim];
    double[] d2 = new double[n];
    int first = random.nextInt(n);
    System.arraycopy(s, first * dim, cs, 0, dim);
    double total = 0;
    for (int i = 0; i < n; i++) {
      d2[i] = rank.rank(s, first * dim, i);
      total += d2[i];
    }
    for (int c = 1; c < k; c++) {
      int pick;
      if (total <= 0) {
        pick = random.nextInt(n);
      } else {
        double target = random.nextDouble() * total;
        pick = n - 1;
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += d2[i];
          if (acc >= target) {
            pick = i;
            break;
          }
        }
      }
      System.arraycopy(s, pick * dim, cs, c * dim, dim);
      total = 0;
      for (int i = 0; i < n; i++) {
        double d = rank.rank(cs, c * dim, i);
        if (d < d2[i]) {
          d2[i] = d;
        }
        total += d2[i];
      }
    }
    return cs;
  }
}
