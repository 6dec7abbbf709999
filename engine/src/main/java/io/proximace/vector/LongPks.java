package io.proximace.vector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** BIGINT keys ({@code -pk_type int64}): no dictionary, compared as numbers. */
public final class LongPks implements Pks {
  static final byte KIND = 2;

  private long[] values;
  private int size;

  /** An empty column. */
  public LongPks() {
    this(new long[64], 0);
  }

  private LongPks(long[] values, int size) {
    this.values = values;
    this.size = size;
  }

  /** Appends {@code key}. */
  public void add(long key) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = key;
  }

  public long get(int i) {
    return values[i];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int compare(int a, int b) {
    return Long.compare(values[a], values[b]);
  }

  @Override
  public String text(int i) {
    return Long.toString(values[i]);
  }

  @Override
  public void write(DataOutputStream out) throws IOException {
    out.writeByte(KIND);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(values[i]);
    }
  }

  static LongPks readBody(DataInputStream in) throws IOException {
    int size = in.readInt();
    long[] values = new long[Math.max(1, size)];
    for (int i = 0; i < size; i++) {
      values[i] = in.readLong();
    }
    return new LongPks(values, size);
  }
}
