package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.CsvWriter;
import io.proximace.table.RowWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a 2-d {@code .npy} array, one row per record: float32 ({@code <f4}) or int8 ({@code |i1}), C order.
 * Anything else (another dtype, big-endian, Fortran order, not 2-d, data shorter or longer than the
 * shape) is refused naming the file and what it found.
 */
final class NpyReader implements VectorSource {
  private final InputStream in;
  private final String name;
  private final NpyHeader header;
  private final boolean int8;
  private final long rows;
  private final int cols;
  private final byte[] bytes;
  private final float[] floats;
  private final int[] ints;
  private long row = -1;

  NpyReader(InputStream in, String name) throws IOException {
    this.in = in;
    this.name = name;
    try {
      this.header = NpyHeader.read(in, name);
    } catch (RuntimeException | IOException e) {
      in.close();
      throw e;
    }
    String d = header.descr();
    boolean f32 = d.equals("<f4") || d.equals("f4");
    this.int8 = d.equals("|i1") || d.equals("<i1") || d.equals("i1");
    String problem = null;
    if (!f32 && !int8) {
      problem = "dtype '" + d + "' is not float32 ('<f4') or int8 ('|i1'); convert it with a.astype(numpy.float32)";
    } else if (header.fortranOrder()) {
      problem = "it is in Fortran order; save numpy.ascontiguousarray(a) instead";
    } else if (header.shape().length != 2) {
      problem = "shape " + header.shapeText() + " is not 2-d (rows, dimension)";
    } else if (header.shape()[1] < 1 || header.shape()[1] > 1 << 20) {
      problem = "shape " + header.shapeText() + " has a dimension of " + header.shape()[1];
    }
    if (problem != null) {
      in.close();
      throw new ProximaException(name + ": " + problem);
    }
    this.rows = header.shape()[0];
    this.cols = (int) header.shape()[1];
    this.bytes = new byte[cols * (int8 ? 1 : 4)];
    this.floats = int8 ? null : new float[cols];
    this.ints = int8 ? new int[cols] : null;
  }

  @Override
  public boolean next() throws IOException {
    if (row + 1 >= rows) {
      if (row + 1 == rows && in.read() >= 0) {
        row = rows;
        throw new ProximaException(name + ": there is more data after the " + rows + " rows that shape " + header.shapeText() + " holds");
      }
      row = rows;
      return false;
    }
    row++;
    int n = in.readNBytes(bytes, 0, bytes.length);
    if (n < bytes.length) {
      throw new ProximaException(name + ": the data ends in row " + row + " of the " + rows + " that shape " + header.shapeText()
          + " promises (the file is truncated)");
    }
    if (int8) {
      for (int i = 0; i < cols; i++) {
        ints[i] = bytes[i];
      }
    } else {
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
    }
    return true;
  }

  @Override
  public String pk() {
    return null;
  }

  @Override
  public int dim() {
    return cols;
  }

  @Override
  public void writeVector(RowWriter out) throws IOException {
    if (int8) {
      out.vector(ints, cols, '~');
    } else {
      out.vector(floats, cols, '~');
    }
  }

  @Override
  public String where() {
    return name + " row " + row;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
