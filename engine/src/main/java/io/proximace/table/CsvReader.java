package io.proximace.table;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Streams RFC 4180 records from bytes: fields split by a delimiter, optionally quoted with
 * {@code "}, a quote inside a quoted field written twice, records ending in LF or CRLF. A record's
 * fields are slices of one reused buffer ({@link #buffer()}, {@link #start}, {@link #end}), so
 * reading allocates nothing per row. Blank lines are skipped, and so is a UTF-8 byte order mark before the first record.
 */
public final class CsvReader implements Closeable {
  private final InputStream in;
  private final byte delimiter;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;

  private byte[] record = new byte[1024];
  private int recordLength;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private int fields;
  private long line;
  private long recordLine;

  /** Reads records from {@code in} with fields split by {@code delimiter}. */
  public CsvReader(InputStream in, char delimiter) {
    if (delimiter > 127 || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("delimiter must be an ASCII character other than a quote or line break");
    }
    this.in = in;
    this.delimiter = (byte) delimiter;
  }

  /** Reads the next record; returns false at the end of the input. */
  public boolean next() throws IOException, CsvFormatException {
    while (true) {
      if (pos == limit && !fill()) {
        return false;
      }
      line++;
      recordLine = line;
      recordLength = 0;
      fields = 0;
      if (buf[pos] == '\n' || buf[pos] == '\r') {
        skipLineEnd();
        continue; // blank line
      }
      readRecord();
      return true;
    }
  }

  /** Number of fields in the current record. */
  public int fieldCount() {
    return fields;
  }

  /** The buffer holding the current record's fields. */
  public byte[] buffer() {
    return record;
  }

  /** Start of field {@code f} in {@link #buffer()}. */
  public int start(int f) {
    return starts[f];
  }

  /** End (exclusive) of field {@code f} in {@link #buffer()}. */
  public int end(int f) {
    return ends[f];
  }

  /** Field {@code f} as a string. */
  public String field(int f) {
    return new String(record, starts[f], ends[f] - starts[f], StandardCharsets.UTF_8);
  }

  /** Line number (1-based) where the current record starts. */
  public long line() {
    return recordLine;
  }

  private void readRecord() throws IOException, CsvFormatException {
    while (true) {
      int fieldStart = recordLength;
      if (pos == limit) {
        fill();
      }
      boolean ended;
      if (pos < limit && buf[pos] == '"') {
        pos++;
        ended = readQuoted();
      } else {
        ended = readPlain();
      }
      addField(fieldStart, recordLength);
      if (ended) {
        return;
      }
    }
  }

  /** Reads an unquoted field; returns true when the record ended after it. */
  private boolean readPlain() throws IOException {
    while (true) {
      if (pos == limit && !fill()) {
        return true;
      }
      int p = pos;
      int lim = limit;
      byte[] b = buf;
      byte d = delimiter;
      while (p < lim) {
        byte c = b[p];
        if (c == d || c == '\n' || c == '\r') {
          break;
        }
        p++;
      }
      append(b, pos, p - pos);
      pos = p;
      if (p < lim) {
        if (b[p] == d) {
          pos++;
          return false;
        }
        skipLineEnd();
        return true;
      }
    }
  }

  /** Reads a quoted field after its opening quote; returns true when the record ended after it. */
  private boolean readQuoted() throws IOException, CsvFormatException {
    long startLine = line;
    while (true) {
      if (pos == limit && !fill()) {
        throw new CsvFormatException("line " + startLine + ": a quoted field is not closed before the end of the file");
      }
      byte c = buf[pos++];
      if (c == '"') {
        if (pos == limit) {
          fill();
        }
        if (pos < limit && buf[pos] == '"') {
          append(c);
          pos++;
          continue;
        }
        // closing quote: a delimiter, a line end or the end of input must follow
        if (pos == limit) {
          return true;
        }
        byte n = buf[pos];
        if (n == delimiter) {
          pos++;
          return false;
        }
        if (n == '\n' || n == '\r') {
          skipLineEnd();
          return true;
        }
        throw new CsvFormatException("line " + recordLine + ": text after the closing quote of field " + (fields + 1));
      }
      if (c == '\n') {
        line++;
      }
      append(c);
    }
  }

  private void skipLineEnd() throws IOException {
    if (buf[pos] == '\r') {
      pos++;
      if (pos == limit) {
        fill();
      }
      if (pos < limit && buf[pos] == '\n') {
        pos++;
      }
    } else {
      pos++;
    }
  }

  private void addField(int s, int e) {
    if (fields == starts.length) {
      starts = Arrays.copyOf(starts, fields * 2);
      ends = Arrays.copyOf(ends, fields * 2);
    }
    starts[fields] = s;
    ends[fields] = e;
    fields++;
  }

  private void append(byte[] b, int off, int len) {
    if (recordLength + len > record.length) {
      record = Arrays.copyOf(record, Math.max(record.length * 2, recordLength + len));
    }
    System.arraycopy(b, off, record, recordLength, len);
    recordLength += len;
  }

  private void append(byte c) {
    if (recordLength == record.length) {
      record = Arrays.copyOf(record, record.length * 2);
    }
    record[recordLength++] = c;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.readNBytes(buf, 0, buf.length);
    // a UTF-8 byte order mark (Excel, Notepad) starts the text; it is not part of the first field
    pos = line == 0 && n >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF ? 3 : 0;
    eof = n < buf.length;
    limit = n;
    return n > pos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
