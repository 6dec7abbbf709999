package io.proximace.table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 records: fields joined by a delimiter (a comma unless told), quoted only when they
 * hold the delimiter, a quote or a line break, records ending in LF. Buffers internally; {@link #close()} flushes and closes the stream.
 */
public final class CsvWriter implements RowWriter {
  private final OutputStream out;
  private final byte delimiter;
  private final byte[] buf = new byte[1 << 16];
  private int len;
  private boolean firstField = true;
  private long rows;
  private long written;
  private final StringBuilder text = new StringBuilder();

  /** Writes comma-separated records to {@code out}. */
  public CsvWriter(OutputStream out) {
    this(out, ',');
  }

  /** Writes records with fields separated by {@code delimiter} to {@code out}. */
  public CsvWriter(OutputStream out, char delimiter) {
    if (delimiter > 127 || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("delimiter must be an ASCII character other than a quote or line break");
    }
    this.out = out;
    this.delimiter = (byte) delimiter;
  }

  /** Adds a text field. */
  @Override
  public CsvWriter field(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return field(b, 0, b.length);
  }

  /** Adds the UTF-8 text {@code b[from, to)} as a field. */
  @Override
  public CsvWriter field(byte[] b, int from, int to) throws IOException {
    separate();
    boolean quote = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      put(b, from, to - from);
      return this;
    }
    put((byte) '"');
    for (int i = from; i < to; i++) {
      if (b[i] == '"') {
        put((byte) '"');
      }
      put(b[i]);
    }
    put((byte) '"');
    return this;
  }

  /** Adds a number field. */
  @Override
  public CsvWriter field(long v) throws IOException {
    separate();
    putAscii(Long.toString(v));
    return this;
  }

  /** Adds a float field in its shortest round-trip form ({@code 4.0}, {@code 1.5E-7}). */
  @Override
  public CsvWriter field(float v) throws IOException {
    separate();
    putAscii(Float.toString(v));
    return this;
  }

  /** Adds {@code v[0, n)} as one vector field, joined by {@code separator}, each float as {@link #field(float)} writes it. */
  @Override
  public CsvWriter vector(float[] v, int n, char separator) throws IOException {
    VectorText.requireFinite(v, n);
    separate();
    text.setLength(0);
    putAscii(VectorText.join(text, v, n, separator));
    return this;
  }

  /** Adds {@code v[0, n)} as one vector field of integers (int8 data), joined by {@code separator}. */
  @Override
  public CsvWriter vector(int[] v, int n, char separator) throws IOException {
    separate();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        put((byte) separator);
      }
      putAscii(Integer.toString(v[i]));
    }
    return this;
  }

  /** Ends the record. */
  @Override
  public void endRow() throws IOException {
    put((byte) '\n');
    firstField = true;
    rows++;
  }

  /** Records written so far. */
  @Override
  public long rows() {
    return rows;
  }

  /** Bytes written so far, buffered ones included. */
  public long bytes() {
    return written + len;
  }

  private void separate() throws IOException {
    if (!firstField) {
      put(delimiter);
    }
    firstField = false;
  }

  private void putAscii(CharSequence s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      if (len == buf.length) {
        flushBuffer();
      }
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(byte[] b, int off, int n) throws IOException {
    if (n > buf.length - len) {
      flushBuffer();
      if (n > buf.length) {
        out.write(b, off, n);
        written += n;
        return;
      }
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void put(byte c) throws IOException {
    if (len == buf.length) {
      flushBuffer();
    }
    buf[len++] = c;
  }

  /** Writes out what is buffered. */
  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  private void flushBuffer() throws IOException {
    out.write(buf, 0, len);
    written += len;
    len = 0;
  }

  @Override
  public void close() throws IOException {
    flushBuffer();
    out.close();
  }
}
