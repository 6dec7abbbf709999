package io.proximace.vector;

import java.util.Arrays;

/** Float vectors stored row after row in one array: row {@code i} starts at {@code i * dim}. */
public final class FloatVectors {
  private final int dim;
  private float[] data;
  private int size;

  /** An empty set of {@code dim}-dimensional vectors with room for {@code capacity} rows. */
  public FloatVectors(int dim, int capacity) {
    if (dim <= 0) {
      throw new IllegalArgumentException("dimension must be positive: " + dim);
    }
    this.dim = dim;
    this.data = new float[Math.multiplyExact(dim, Math.max(1, capacity))];
  }

  /** Wraps row-major {@code data} holding {@code data.length / dim} vectors. */
  public static FloatVectors wrap(float[] data, int dim) {
    if (dim <= 0 || data.length % dim != 0) {
      throw new IllegalArgumentException("data length " + data.length + " is not a multiple of dimension " + dim);
    }
    FloatVectors v = new FloatVectors(dim, 1);
    v.data = data;
    v.size = data.length / dim;
    return v;
  }

  /** Adds a zeroed row and returns its index; its components start at {@code index * dim()}. */
  public int appendRow() {
    long needed = (long) (size + 1) * dim;
    if (needed > data.length) {
      long grown = Math.max(needed, Math.min((long) data.length * 3 / 2 + dim, Integer.MAX_VALUE - 8));
      if (grown < needed || grown > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("more than " + (Integer.MAX_VALUE / dim) + " vectors of dimension " + dim + " in one array");
      }
      data = Arrays.copyOf(data, (int) grown);
    }
    return size++;
  }

  /** Drops spare capacity. */
  public void trim() {
    if (data.length != size * dim) {
      data = Arrays.copyOf(data, size * dim);
    }
  }

  public int dim() {
    return dim;
  }

  public int size() {
    return size;
  }

  /** The backing array, row-major; valid up to {@code size() * dim()}. */
  public float[] data() {
    return data;
  }

  /** The rows at {@code rows}, in that order, as a new set. */
  public FloatVectors select(int[] rows) {
    FloatVectors out = new FloatVectors(dim, rows.length);
    for (int r : rows) {
      System.arraycopy(data, r * dim, out.data, out.appendRow() * dim, dim);
    }
    return out;
  }

  /** Scales {@code v[off, off + dim)} to unit length; a zero vector stays zero. */
  public static void normalize(float[] v, int off, int dim) {
    double norm2 = 0;
    for (int j = 0; j < dim; j++) {
      norm2 += (double) v[off + j] * v[off + j];
    }
    if (norm2 > 0) {
      double inv = 1 / Math.sqrt(norm2);
      for (int j = 0; j < dim; j++) {
        v[off + j] = (float) (v[off + j] * inv);
      }
    }
  }

  /**
   * Why {@code v[0, n)} is no vector a table may hold: its first NaN or infinite component (counted from 1), which no
   * vector text spells and which has no place in the (score, pk) order; null when every component is finite.
   */
  public static String nonFinite(float[] v, int n) {
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(v[i])) {
        return "component " + (i + 1) + " (" + v[i] + ") is not a finite number";
      }
    }
    return null;
  }
}
