package io.proximace.bench;

import io.proximace.vector.FloatVectors;
import java.util.SplittableRandom;

/**
 * Synthetic data anyone can regenerate from a seed. {@code gmm}: a mixture of Gaussians, cluster
 * centres drawn from N(0, 1) per component with {@code centersSeed} (so docs and queries generated
 * with different seeds share the clusters), each point a centre plus N(0, spread^2) noise: an easy set,
 * like real embeddings. {@code uniform}: every component from U[0, 1), and {@code normal}: every
 * component from N(0, 1): hard sets, with no structure for an index to exploit.
 */
final class Generator {
  enum Kind { gmm, uniform, normal }

  private Generator() {}

  static FloatVectors generate(Kind kind, int n, int dim, long seed, int clusters, long centersSeed, double spread) {
    FloatVectors out = new FloatVectors(dim, n);
    SplittableRandom r = new SplittableRandom(seed);
    if (kind == Kind.uniform) {
      for (int i = 0; i < n; i++) {
        int off = out.appendRow() * dim;
        for (int j = 0; j < dim; j++) {
          out.data()[off + j] = (float) r.nextDouble();
        }
      }
      return out;
    }
    if (kind == Kind.normal) {
      java.util.Random g = new java.util.Random(seed);
      for (int i = 0; i < n; i++) {
        int off = out.appendRow() * dim;
        for (int j = 0; j < dim; j++) {
          out.data()[off + j] = (float) g.nextGaussian();
        }
      }
      return out;
    }
    float[] centers = new float[clusters * dim];
    java.util.Random cr = new java.util.Random(centersSeed);
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) cr.nextGaussian();
    }
    java.util.Random noise = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(clusters);
      int off = out.appendRow() * dim;
      for (int j = 0; j < dim; j++) {
        out.data()[off + j] = (float) (centers[c * dim + j] + spread * noise.nextGaussian());
      }
    }
    return out;
  }
}
