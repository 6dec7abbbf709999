package io.proximace.format;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a {@code .npy} array of a shape known up front, float32 ({@code <f4}) or int64 ({@code <i8}),
 * values appended in C order; closing checks that exactly the shape's count was written.
 */
final class NpyWriter implements Closeable {
  private final OutputStream out;
  private final long expected;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long written;

  private NpyWriter(OutputStream out, String descr, long[] shape) throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    this.expected = n;
    new NpyHeader(descr, false, shape).write(this.out);
  }

  /** A float32 array of {@code shape}. */
  static NpyWriter float32(OutputStream out, long... shape) throws IOException {
    return new NpyWriter(out, "<f4", shape);
  }

  /** An int64 array of {@code shape}. */
  static NpyWriter int64(OutputStream out, long... shape) throws IOException {
    return new NpyWriter(out, "<i8", shape);
  }

  void add(float v) throws IOException {
    room(4);
    buf.putFloat(v);
  }

  void add(long v) throws IOException {
    room(8);
    buf.putLong(v);
  }

  private void room(int bytes) throws IOException {
    if (buf.remaining() < bytes) {
      out.write(buf.array(), 0, buf.position());
      buf.clear();
    }
    written++;
  }

  @Override
  public void close() throws IOException {
    out.write(buf.array(), 0, buf.position());
    buf.clear();
    out.close();
    if (written != expected) {
      throw new IllegalStateException("wrote " + written + " values into an array of " + expected);
    }
  }
}
