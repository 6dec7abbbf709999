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
}
