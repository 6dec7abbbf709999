package io.proximace.format;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes {@code .fvecs} or {@code .ivecs} records: a little-endian int32 count, then the values. */
final class VecsWriter implements Closeable {
  private final OutputStream out;
  private ByteBuffer buf = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);

  VecsWriter(OutputStream out) {
    this.out = new BufferedOutputStream(out, 1 << 16);
  }

  /** One float32 record of {@code v[0, n)}. */
  void record(float[] v, int n) throws IOException {
    start(n);
    for (int i = 0; i < n; i++) {
      buf.putFloat(v[i]);
    }
    out.write(buf.array(), 0, buf.position());
  }

  /** One int32 record of {@code v[0, n)}. */
  void record(int[] v, int n) throws IOException {
    start(n);
    for (int i = 0; i < n; i++) {
      buf.putInt(v[i]);
    }
    out.write(buf.array(), 0, buf.position());
  }

  private void start(int n) {
    if (buf.capacity() < 4 + 4 * n) {
      buf = ByteBuffer.allocate(4 + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
    }
    buf.clear();
    buf.putInt(n);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
