package io.proximace.bench;

import io.proximace.ProximaException;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code .fvecs} / {@code .ivecs} files of the ANN benchmarks (TEXMEX, ann-benchmarks): each record
 * is a little-endian int32 dimension followed by that many float32 (or int32) values.
 */
public final class Fvecs {
  private Fvecs() {}

  /** A file's shape, checked: every record has the first record's dimension and the length divides evenly. */
  record Shape(int dim, int count) {}

  static Shape shape(Path file) throws IOException {
    long size;
    int dim;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
      if (size < 4) {
        throw new ProximaException(file + ": " + size + " bytes is not even one record");
      }
      ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(head, 0);
      dim = head.getInt(0);
    } catch (NoSuchFileException e) {
      throw new ProximaException("no such file: " + file);
    }
    if (dim <= 0 || dim > 1 << 20) {
      throw new ProximaException(file + ": record 0 declares dimension " + dim + "; not a .fvecs/.ivecs file?");
    }
    long record = 4L + 4L * dim;
    if (size % record != 0) {
      throw new ProximaException(file + ": " + size + " bytes is not a whole number of records of dimension " + dim
          + " (" + record + " bytes each): " + size / record + " records and " + size % record + " bytes left over");
    }
    if (size / record > Integer.MAX_VALUE) {
      throw new ProximaException(file + ": more than 2^31 records");
    }
    return new Shape(dim, (int) (size / record));
  }

  /** Calls {@code row(i, values)} for the first {@code limit} records; {@code values} is reused. */
  interface RowSink {
    void row(int index, ByteBuffer values);
  }

  static Shape read(Path file, int limit, RowSink sink) throws IOException {
    Shape s = shape(file);
    int n = Math.min(limit, s.count());
    int record = 4 + 4 * s.dim();
    int perRead = Math.max(1, (1 << 20) / record);
    ByteBuffer buf = ByteBuffer.allocateDirect(perRead * record).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int done = 0;
      while (done < n) {
        int batch = Math.min(perRead, n - done);
        buf.clear().limit(batch * record);
        while (buf.hasRemaining()) {
          if (ch.read(buf) < 0) {
            throw new ProximaException(file + ": ends early at record " + done);
          }
        }
        buf.flip();
        for (int r = 0; r < batch; r++) {
          int at = r * record;
          int d = buf.getInt(at);
          if (d != s.dim()) {
            throw new ProximaException(file + ": record " + (done + r) + " has dimension " + d + ", record 0 has " + s.dim());
          }
          ByteBuffer values = buf.slice(at + 4, 4 * s.dim()).order(ByteOrder.LITTLE_ENDIAN);
          sink.row(done + r, values);
        }
        done += batch;
      }
    }
    return new Shape(s.dim(), n);
  }

  /** Reads up to {@code limit} float vectors row after row. */
  static FloatVectors readRows(Path file, int limit) throws IOException {
    Shape s = shape(file);
    FloatVectors v = new FloatVectors(s.dim(), Math.min(limit, s.count()));
    read(file, limit, (i, values) -> {
      int row = v.appendRow(); // may grow the array: take data() after it
      values.asFloatBuffer().get(v.data(), row * s.dim(), s.dim());
    });
    return v;
  }

  /** Reads up to {@code limit} float vectors into the doc layout. */
  static BlockedVectors readBlocked(Path file, int limit) throws IOException {
    Shape s = shape(file);
    BlockedVectors v = new BlockedVectors(s.dim());
    float[] row = new float[s.dim()];
    read(file, limit, (i, values) -> {
      values.asFloatBuffer().get(row);
      v.appendRow(row, 0);
    });
    return v;
  }

  /** Reads the first {@code k} ids of each of up to {@code limit} records of an {@code .ivecs} file. */
  static int[][] readIds(Path file, int limit, int k) throws IOException {
    Shape s = shape(file);
    if (s.dim() < k) {
      throw new ProximaException(file + ": holds " + s.dim() + " neighbours per query, fewer than --k " + k);
    }
    int[][] ids = new int[Math.min(limit, s.count())][k];
    read(file, limit, (i, values) -> values.asIntBuffer().get(ids[i], 0, k));
    return ids;
  }

  /** Writes float vectors. */
  static void writeFloats(Path file, FloatVectors v) throws IOException {
    write(file, v.size(), v.dim(), (i, buf) -> buf.asFloatBuffer().put(v.data(), i * v.dim(), v.dim()));
  }

  /** Writes int vectors (ground truth). */
  static void writeInts(Path file, int[][] rows) throws IOException {
    write(file, rows.length, rows.length == 0 ? 1 : rows[0].length, (i, buf) -> buf.asIntBuffer().put(rows[i]));
  }

  private interface RowWriter {
    void row(int index, ByteBuffer values);
  }

  private static void write(Path file, int n, int dim, RowWriter rows) throws IOException {
    byte[] record = new byte[4 + 4 * dim];
    ByteBuffer buf = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      for (int i = 0; i < n; i++) {
        buf.putInt(0, dim);
        rows.row(i, buf.slice(4, 4 * dim).order(ByteOrder.LITTLE_ENDIAN));
        out.write(record);
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
