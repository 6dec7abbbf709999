package io.proximace.vector;

import io.proximace.table.RowWriter;
import java.io.DataInput;
import java.io.DataOutput;
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
  public PkType type() {
    return PkType.INT64;
  }

  @Override
  public int compare(int i, Pks other, int j) {
    return Long.compare(values[i], ((LongPks) other).values[j]);
  }

  @Override
  public void add(Pks from, int i) {
    add(((LongPks) from).values[i]);
  }

  @Override
  public void addParsed(byte[] text, int from, int to, long value) {
    add(value);
  }

  @Override
  public void clear() {
    size = 0;
  }

  @Override
  public void writeField(RowWriter csv, int i) throws IOException {
    csv.field(values[i]);
  }

  @Override
  public String text(int i) {
    return Long.toString(values[i]);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(KIND);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(values[i]);
    }
  }

  static LongPks readBody(DataInput in) throws IOException {
    int size = in.readInt();
    long[] values = new long[Math.max(1, size)];
    for (int i = 0; i < size; i++) {
      values[i] = in.readLong();
    }
    return new LongPks(values, size);
  }
}
