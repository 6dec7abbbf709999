package io.proximace.vector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Binary vectors ({@code -data_type binary}) packed 64 components to a {@code long}: component
 * {@code j} is bit {@code j % 64} of word {@code j / 64}, the last word padded with zeros. Hamming
 * distance is then a popcount of XORs.
 */
public final class BinaryVectors {
  private final int dim;
  private final int words;
  private long[] data;
  private int size;

  /** An empty set of {@code dim}-bit vectors. */
  public BinaryVectors(int dim) {
    if (dim <= 0) {
      throw new IllegalArgumentException("dimension must be positive: " + dim);
    }
    this.dim = dim;
    this.words = (dim + 63) / 64;
    this.data = new long[words * 64];
  }

  public int dim() {
    return dim;
  }

  /** Longs per vector. */
  public int words() {
    return words;
  }

  public int size() {
    return size;
  }

  /** The packed bits; vector {@code i} is {@code data()[i * words(), (i + 1) * words())}. */
  public long[] data() {
    return data;
  }

  /** Adds an all-zero vector and returns its index. */
  public int appendRow() {
    long needed = (long) (size + 1) * words;
    if (needed > data.length) {
      long grown = Math.max(needed, Math.min((long) data.length * 3 / 2, Integer.MAX_VALUE - 8));
      data = Arrays.copyOf(data, (int) grown);
    }
    return size++;
  }

  /** Sets component {@code j} of vector {@code i} to 1. */
  public void set(int i, int j) {
    data[i * words + (j >>> 6)] |= 1L << (j & 63);
  }

  /** Component {@code j} of vector {@code i}. */
  public boolean get(int i, int j) {
    return (data[i * words + (j >>> 6)] & (1L << (j & 63))) != 0;
  }

  /** Writes the vectors. */
  public void write(DataOutputStream out) throws IOException {
    for (int i = 0; i < size * words; i++) {
      out.writeLong(data[i]);
    }
  }

  /** Reads {@code size} vectors written by {@link #write}. */
  public static BinaryVectors read(DataInputStream in, int dim, int size) throws IOException {
    BinaryVectors v = new BinaryVectors(dim);
    v.data = new long[Math.max(1, size * v.words)];
    for (int i = 0; i < size * v.words; i++) {
      v.data[i] = in.readLong();
    }
    v.size = size;
    return v;
  }
}
