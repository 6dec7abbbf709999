package io.proximace.vector;

import io.proximace.table.RowWriter;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** String keys kept as UTF-8 in one byte arena with an end offset per key. */
public final class StringPks implements Pks {
  static final byte KIND = 1;

  private byte[] bytes;
  private int[] ends;
  private int size;

  /** An empty column. */
  public StringPks() {
    this(new byte[1024], new int[64], 0);
  }

  private StringPks(byte[] bytes, int[] ends, int size) {
    this.bytes = bytes;
    this.ends = ends;
    this.size = size;
  }

  /** Appends the key {@code src[from, to)}. */
  public void add(byte[] src, int from, int to) {
    int len = to - from;
    int start = start(size);
    if (start + len > bytes.length) {
      long grown = Math.max((long) start + len, (long) bytes.length * 2);
      bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Integer.MAX_VALUE - 8));
    }
    if (size == ends.length) {
      ends = Arrays.copyOf(ends, ends.length * 2);
    }
    System.arraycopy(src, from, bytes, start, len);
    ends[size++] = start + len;
  }

  /** Appends {@code key}. */
  public void add(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    add(b, 0, b.length);
  }

  @Override
  public int size() {
    return size;
  }

  /** The arena; key {@code i} is {@code bytes()[start(i), end(i))}. */
  public byte[] bytes() {
    return bytes;
  }

  public int start(int i) {
    return i == 0 ? 0 : ends[i - 1];
  }

  public int end(int i) {
    return ends[i];
  }

  @Override
  public PkType type() {
    return PkType.STRING;
  }

  @Override
  public int compare(int i, Pks other, int j) {
    StringPks o = (StringPks) other;
    return Arrays.compareUnsigned(bytes, start(i), end(i), o.bytes, o.start(j), o.end(j));
  }

  @Override
  public void add(Pks from, int i) {
    StringPks s = (StringPks) from;
    add(s.bytes, s.start(i), s.end(i));
  }

  @Override
  public void addParsed(byte[] text, int from, int to, long value) {
    add(text, from, to);
  }

  @Override
  public void clear() {
    size = 0;
  }

  @Override
  public void writeField(RowWriter csv, int i) throws IOException {
    csv.field(bytes, start(i), end(i));
  }

  @Override
  public String text(int i) {
    return new String(bytes, start(i), end(i) - start(i), StandardCharsets.UTF_8);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(KIND);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeInt(ends[i]);
    }
    out.write(bytes, 0, start(size));
  }

  static StringPks readBody(DataInput in) throws IOException {
    int size = in.readInt();
    int[] ends = new int[Math.max(1, size)];
    for (int i = 0; i < size; i++) {
      ends[i] = in.readInt();
    }
    byte[] bytes = new byte[size == 0 ? 1 : ends[size - 1]];
    in.readFully(bytes, 0, size == 0 ? 0 : ends[size - 1]);
    return new StringPks(bytes, ends, size);
  }
}
