package io.proximace.bench.jmh;

import io.proximace.index.KMeans;
import io.proximace.kernel.Distance;
import io.proximace.kernel.DocRanker;
import io.proximace.kernel.Kernels;
import io.proximace.vector.FloatVectors;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * k-means training at d=784 (by default 20,000 points of a 64-blob mixture, 256 centroids, 3 Lloyd iterations) on
 * {@code threads} threads, milliseconds per run: {@code train} is {@link KMeans#train}, {@code baseline}
 * the previous version, whose k-means++ seeding computed every (centroid, point) pair on one thread
 * (same per-pair distances, so the same centroids bit for bit); {@code seedOnly} is the new seeding
 * alone (zero iterations) and {@code assignOnly} one assignment step, the batch kernel's share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow"})
public class KMeansBenchmark {
  static final int DIM = 784;
  static final long SEED = 42;

  @Param({"2"})
  int threads;

  /** Points trained on; qc's default at 60,000 docs is all of them, with 980 centroids and 10 iterations. */
  @Param({"20000"})
  int points;

  @Param({"256"})
  int centroids;

  @Param({"3"})
  int iterations;

  FloatVectors sample;
  FloatVectors trained;
  int[] assign;

  @Setup
  public void setUp() {
    Random r = new Random(1);
    float[] centers = new float[64 * DIM];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) r.nextGaussian() * 4;
    }
    float[] v = new float[points * DIM];
    for (int i = 0; i < points; i++) {
      int b = r.nextInt(64);
      for (int j = 0; j < DIM; j++) {
        v[i * DIM + j] = centers[b * DIM + j] + (float) r.nextGaussian();
      }
    }
    sample = FloatVectors.wrap(v, DIM);
    trained = KMeans.train(sample, centroids, 1, SEED, threads);
    assign = new int[points];
  }

  @Benchmark
  public FloatVectors train() {
    return KMeans.train(sample, centroids, iterations, SEED, threads);
  }

  @Benchmark
  public FloatVectors baseline() {
    return Baseline.train(sample, centroids, iterations, SEED, threads);
  }

  @Benchmark
  public FloatVectors seedOnly() {
    return KMeans.train(sample, centroids, 0, SEED, threads);
  }

  @Benchmark
  public int[] assignOnly() {
    KMeans.nearest(trained, sample, threads, assign);
    return assign;
  }

  /** KMeans.train as of commit 5cb6fac, before its seeding skipped points and used threads: the side-by-side baseline. */
  static final class Baseline {
    static FloatVectors train(FloatVectors sample, int k, int iterations, long seed, int threads) {
      int n = sample.size();
      int dim = sample.dim();
      k = Math.min(k, n);
      FloatVectors centroids = seed(sample, k, seed);
      int[] assign = new int[n];
      SplittableRandom random = new SplittableRandom(seed + 1);
      for (int it = 0; it < iterations; it++) {
        KMeans.nearest(centroids, sample, threads, assign);
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
      return centroids;
    }

    static FloatVectors seed(FloatVectors sample, int k, long seed) {
      int n = sample.size();
      int dim = sample.dim();
      float[] s = sample.data();
      DocRanker toSample = Distance.SQUARED_EUCLIDEAN.ranker(sample, Kernels.preferred());
      SplittableRandom random = new SplittableRandom(seed);
      FloatVectors centroids = new FloatVectors(dim, k);
      double[] d2 = new double[n];
      int first = random.nextInt(n);
      int c0 = centroids.appendRow();
      System.arraycopy(s, first * dim, centroids.data(), c0 * dim, dim);
      double total = 0;
      for (int i = 0; i < n; i++) {
        d2[i] = toSample.rank(s, first * dim, i);
        total += d2[i];
      }
      while (centroids.size() < k) {
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
        int c = centroids.appendRow();
        System.arraycopy(s, pick * dim, centroids.data(), c * dim, dim);
        total = 0;
        for (int i = 0; i < n; i++) {
          double d = toSample.rank(centroids.data(), c * dim, i);
          if (d < d2[i]) {
            d2[i] = d;
          }
          total += d2[i];
        }
      }
      return centroids;
    }

    static void split(float[] cd, int dim, int[] counts, int empty, SplittableRandom random) {
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
}
