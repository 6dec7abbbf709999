package io.proximace.kernel;

import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import java.util.Random;

/** Random test data. */
public final class Vectors {
  private Vectors() {}

  /** {@code n} random vectors in row-major order. */
  public static float[] random(int n, int dim, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Row-major {@code rows} in the blocked layout. */
  public static BlockedVectors blocked(float[] rows, int dim) {
    BlockedVectors b = new BlockedVectors(dim);
    for (int i = 0; i < rows.length / dim; i++) {
      int d = b.appendRow();
      for (int j = 0; j < dim; j++) {
        b.chunkOf(d)[b.offsetOf(d) + j * BlockedVectors.BLOCK] = rows[i * dim + j];
      }
    }
    return b;
  }

  public static FloatVectors rows(float[] rows, int dim) {
    return FloatVectors.wrap(rows, dim);
  }

  /** Random int8 values, a tenth of them at the ends of the range. */
  public static float[] int8s(int n, int dim, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * dim];
    for (int i = 0; i < v.length; i++) {
      int x = r.nextInt(20);
      v[i] = x == 0 ? -128 : x == 1 ? 127 : r.nextInt(256) - 128;
    }
    return v;
  }
}
