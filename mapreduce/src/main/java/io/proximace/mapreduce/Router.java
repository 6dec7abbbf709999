package io.proximace.mapreduce;

import io.proximace.vector.FloatVectors;

/**
 * Sends docs and queries to doc shards: by a hash of the pk ({@code -sharding_mode hash}), or by the
 * nearest k-means centroid in the index's space ({@code cluster}), where a query visits only its
 * {@code ceil(-kmeans_seek_ratio x shards)} nearest shards.
 */
final class Router {
  private final int shards;
  private final FloatVectors centroids;

  private Router(int shards, FloatVectors centroids) {
    this.shards = shards;
    this.centroids = centroids;
  }

  static Router hash(int shards) {
    return new Router(shards, null);
  }

  /** Routing by nearest centroid; vectors given to it must be in the index's space. */
  static Router byCentroids(FloatVectors centroids) {
    return new Router(centroids.size(), centroids);
  }

  boolean byCentroid() {
    return centroids != null;
  }

  /** The shard of a string pk. */
  int shardOf(byte[] buf, int from, int to) {
    long h = 0xcbf29ce484222325L; // FNV-1a, then a finalizer so that similar keys spread
    for (int i = from; i < to; i++) {
      h = (h ^ (buf[i] & 0xff)) * 0x100000001b3L;
    }
    return (int) Long.remainderUnsigned(mix(h), shards);
  }

  /** The shard of a BIGINT pk. */
  int shardOf(long pk) {
    return (int) Long.remainderUnsigned(mix(pk), shards);
  }

  /** The shard of the doc {@code v[off, off + dim)} in the index's space: its nearest centroid. */
  int nearest(float[] v, int off) {
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int c = 0; c < shards; c++) {
      double d = distance(v, off, c);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  /** Whether the query {@code v[off, off + dim)} visits {@code shard}: it is among its {@code visits} nearest. */
  boolean visits(float[] v, int off, int shard, int visits) {
    if (visits >= shards) {
      return true;
    }
    double own = distance(v, off, shard);
    int closer = 0;
    for (int c = 0; c < shards && closer < visits; c++) {
      double d = distance(v, off, c);
      if (d < own || (d == own && c < shard)) {
        closer++;
      }
    }
    return closer < visits;
  }

  private double distance(float[] v, int off, int c) {
    int dim = centroids.dim();
    float[] cd = centroids.data();
    double s = 0;
    for (int j = 0; j < dim; j++) {
      double x = v[off + j] - cd[c * dim + j];
      s += x * x;
    }
    return s;
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
