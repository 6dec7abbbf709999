package io.proximace.index;

import io.proximace.Progress;
import io.proximace.kernel.Distance;
import io.proximace.kernel.DocRanker;
import io.proximace.kernel.Kernels;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means with k-means++ seeding and a fixed seed, so a training run is reproducible.
 * Assignment, the expensive step, is exact search with the batch kernel (each sample's nearest
 * centroid); an emptied cluster is re-seeded by splitting the largest one, as Faiss does.
 */
public final class KMeans {
  private KMeans() {}

  /** {@code k} centroids of {@code sample} (row-major), by squared euclidean distance. */
  public static FloatVectors train(FloatVectors sample, int k, int iterations, long seed, int threads) {
    int n = sample.size();
    int dim = sample.dim();
    if (n == 0) {
      throw new IllegalArgumentException("no vectors to train on");
    }
    k = Math.min(k, n);
    FloatVectors centroids = seed(sample, k, seed, threads);
    int[] assign = new int[n];
    SplittableRandom random = new SplittableRandom(seed + 1);
    try (Progress progress = Progress.start("k-means", "iterations", iterations)) {
      for (int it = 0; it < iterations; it++) {
        iterate(centroids, sample, threads, assign, random);
        progress.add(1);
      }
    }
    return centroids;
  }

  /** One Lloyd iteration: assign each vector to its nearest centroid, move each centroid to its vectors' mean. */
  private static void iterate(FloatVectors centroids, FloatVectors sample, int threads, int[] assign,
      SplittableRandom random) {
    int n = sample.size();
    int dim = sample.dim();
    int k = centroids.size();
    nearest(centroids, sample, threads, assign);
    double[] sums = new double[k * dim];
    int[] counts = new int[k];
    float[] s = sample.data();
    for (int i = 0; i < n; i++) {
      int c = assign[i];
      counts[c]++;
      for (int j = 0; j < dim; j++) {
        sums[c * dim + j] += s[i * dim + j];
      }
    }
    float[] cd = centroids.data();
    for (int c = 0; c < k; c++) {
      if (counts[c] > 0) {
        for (int j = 0; j < dim; j++) {
          cd[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
        }
      }
    }
    for (int c = 0; c < k; c++) {
      if (counts[c] == 0) {
        split(cd, dim, counts, c, random);
      }
    }
  }

  /** The nearest centroid of each vector, by squared euclidean distance. */
  public static void nearest(FloatVectors centroids, FloatVectors vectors, int threads, int[] out) {
    LinearIndex index = index(centroids, Distance.SQUARED_EUCLIDEAN);
    Neighbors nb = index.nearest(vectors, 1, threads);
    for (int i = 0; i < vectors.size(); i++) {
      out[i] = nb.id(i, 0);
    }
  }

  /** Exact search over centroids: cluster c is doc c. */
  static LinearIndex index(FloatVectors centroids, Distance distance) {
    int k = centroids.size();
    int dim = centroids.dim();
    BlockedVectors b = new BlockedVectors(dim);
    LongPks ids = new LongPks();
    int[] order = new int[k];
    for (int c = 0; c < k; c++) {
      b.appendRow(centroids.data(), c * dim);
      ids.add(c);
      order[c] = c;
    }
    return new LinearIndex(b, ids, order, distance);
  }

  /** Points per task of a seeding step: enough rows per task to amortise handing it out. */
  private static final int SEED_BLOCK = 256;
  /**
   * A point is skipped when its nearest centroid lies at least this many times its squared distance
   * from the new one: 4 by the triangle inequality, plus a margin (1e-3) far above the float rounding
   * of a per-pair distance (at most about {@code dim * 2^-24} relative) for any dimension below ~500k.
   */
  private static final double SKIP_FACTOR = 4 * (1 + 1e-3);

  /**
   * k-means++: each next centroid drawn with probability proportional to its squared distance. A step
   * is one new centroid against every point, a matrix-vector product that streams the sample from
   * memory, so the batch kernel's query x doc tiles have nothing to reuse. Two things cut it instead:
   * a point whose nearest centroid is far from the new one (by the triangle inequality, with a margin
   * for rounding) cannot move and its row is not read, and the points are split over threads. A
   * point's distance is its own pair's whatever skips or threads, and the total is summed in point
   * order, so the picks are the same as computing every pair on one thread.
   */
  private static FloatVectors seed(FloatVectors sample, int k, long seed, int threads) {
    int n = sample.size();
    int dim = sample.dim();
    float[] s = sample.data();
    DocRanker toSample = Distance.SQUARED_EUCLIDEAN.ranker(sample, Kernels.preferred());
    SplittableRandom random = new SplittableRandom(seed);
    FloatVectors centroids = new FloatVectors(dim, k);
    double[] d2 = new double[n];
    Arrays.fill(d2, Double.POSITIVE_INFINITY);
    int[] nearest = new int[n];
    double[] toNew = new double[k];
    int pick = random.nextInt(n);
    int blocks = (n + SEED_BLOCK - 1) / SEED_BLOCK;
    while (true) {
      int c = centroids.appendRow();
      float[] cd = centroids.data();
      System.arraycopy(s, pick * dim, cd, c * dim, dim);
      for (int j = 0; j < c; j++) {
        toNew[j] = squaredDistance(cd, j * dim, cd, c * dim, dim);
      }
      Parallel.forEach(blocks, threads, b -> {
        for (int i = b * SEED_BLOCK, end = Math.min(n, i + SEED_BLOCK); i < end; i++) {
          if (c > 0 && toNew[nearest[i]] >= SKIP_FACTOR * d2[i]) {
            continue;
          }
          double d = toSample.rank(cd, c * dim, i);
          if (d < d2[i]) {
            d2[i] = d;
            nearest[i] = c;
          }
        }
      });
      if (centroids.size() == k) {
        return centroids;
      }
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += d2[i];
      }
      if (total <= 0) {
        pick = random.nextInt(n); // every point coincides with a centroid
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
    }
  }

  /** Squared distance of two rows in double precision, for the few centroid-to-centroid bounds. */
  private static double squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim) {
    double sum = 0;
    for (int j = 0; j < dim; j++) {
      double d = (double) a[aOff + j] - b[bOff + j];
      sum += d * d;
    }
    return sum;
  }

  /** Gives empty cluster {@code empty} half of the largest cluster: a copy of its centroid, nudged apart. */
  private static void split(float[] cd, int dim, int[] counts, int empty, SplittableRandom random) {
    int largest = 0;
    for (int c = 1; c < counts.length; c++) {
      if (counts[c] > counts[largest]) {
        largest = c;
      }
    }
    for (int j = 0; j < dim; j++) {
      float v = cd[largest * dim + j];
      float eps = (random.nextBoolean() ? 1 : -1) * 1e-4f * Math.max(1e-3f, Math.abs(v));
      cd[empty * dim + j] = v + eps;
      cd[largest * dim + j] = v - eps;
    }
    counts[empty] = counts[largest] / 2;
    counts[largest] -= counts[empty];
  }
}
