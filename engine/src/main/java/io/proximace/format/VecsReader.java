package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.CsvWriter;
import io.proximace.table.RowWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the ANN benchmarks' {@code .fvecs}, {@code .bvecs} and {@code .ivecs}: records of a little-endian
 * int32 dimension followed by that many float32s, unsigned bytes or int32s. Floats become the table's
 * float text; bytes and int32s become integers. A record cut short names the file and record.
 */
final class VecsReader implements VectorSource {
  /** A larger dimension means the file is not vecs at all (or is another endianness). */
  private static final int MAX_DIM = 1 << 20;

  private final InputStream in;
  private final String name;
  private final FileFormat format;
  private final int width;
  private final byte[] head = new byte[4];
  private byte[] bytes = new byte[0];
  private float[] floats = new float[0];
  private int[] ints = new int[0];
  private int dim;
  private long record = -1;

  VecsReader(InputStream in, String name, FileFormat format) {
    this.in = in;
    this.name = name;
    this.format = format;
    this.width = format == FileFormat.BVECS ? 1 : 4;
  }

  @Override
  public boolean next() throws IOException {
    int n = in.readNBytes(head, 0, 4);
    if (n == 0) {
      return false;
    }
    record++;
    if (n < 4) {
      throw truncated("its dimension (" + n + " of 4 bytes)");
    }
    dim = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (dim < 1 || dim > MAX_DIM) {
      throw new ProximaException(name + " record " + record + " (counting from 0): dimension " + dim
          + " is not between 1 and " + MAX_DIM + "; is it a " + format.extension() + " file (little-endian int32 dimension, then the values)?");
    }
    if (bytes.length != dim * width) {
      bytes = new byte[dim * width];
      floats = format == FileFormat.FVECS ? new float[dim] : floats;
      ints = format == FileFormat.FVECS ? ints : new int[dim];
    }
    int got = in.readNBytes(bytes, 0, bytes.length);
    if (got < bytes.length) {
      throw truncated("its " + dim + " values (" + got + " of " + bytes.length + " bytes)");
    }
    switch (format) {
      case FVECS -> ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
      case IVECS -> ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(ints);
      default -> {
        for (int i = 0; i < dim; i++) {
          ints[i] = bytes[i] & 0xff;
        }
      }
    }
    return true;
  }

  private ProximaException truncated(String what) {
    return new ProximaException(name + ": record " + record + " (counting from 0) is truncated: the file ends in " + what);
  }

  @Override
  public String pk() {
    return null;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void writeVector(RowWriter out) throws IOException {
    if (format == FileFormat.FVECS) {
      out.vector(floats, dim, '~');
    } else {
      out.vector(ints, dim, '~');
    }
  }

  @Override
  public String where() {
    return name + " record " + record + " (counting from 0)";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
