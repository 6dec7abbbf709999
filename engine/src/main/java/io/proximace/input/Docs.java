package io.proximace.input;

import io.proximace.vector.BinaryVectors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.DataType;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Int8BlockedVectors;
import io.proximace.vector.Pks;

/**
 * A doc collection in the layout its index wants: packed bits for binary, the batch kernel's blocks for
 * linear search of untransformed docs (one byte per component for int8), rows otherwise. Filled row by row, from a partition or a shuffle.
 */
public final class Docs {
  private final int dim;
  private final Pks pks;
  private final BinaryVectors bits;
  private final BlockedVectors blocked;
  private final Int8BlockedVectors int8;
  private final FloatVectors rows;
  private java.util.function.IntFunction<String> rowNames;

  /**
   * An empty collection of docs written as {@code format}; {@code blockedLayout} keeps float and int8 docs in the
   * batch kernels' blocks (exact search of untransformed docs), else row after row.
   */
  public Docs(RowFormat format, boolean blockedLayout) {
    this.dim = format.dimension();
    this.pks = format.pkType().newColumn();
    boolean binary = format.dataType() == DataType.BINARY;
    blockedLayout &= !binary;
    this.bits = binary ? new BinaryVectors(dim) : null;
    boolean int8Layout = blockedLayout && format.dataType() == DataType.INT8;
    this.blocked = blockedLayout && !int8Layout ? new BlockedVectors(dim) : null;
    this.int8 = int8Layout ? new Int8BlockedVectors(dim) : null;
    this.rows = binary || blockedLayout ? null : new FloatVectors(dim, 1024);
  }

  /** Adds one doc, as a {@link VectorInput.RowSink} receives it. */
  public void add(byte[] buf, int pkStart, int pkEnd, long longPk, float[] vector) {
    pks.addParsed(buf, pkStart, pkEnd, longPk);
    if (bits != null) {
      int d = bits.appendRow();
      for (int j = 0; j < dim; j++) {
        if (vector[j] != 0f) {
          bits.set(d, j);
        }
      }
    } else if (blocked != null) {
      blocked.appendRow(vector, 0);
    } else if (int8 != null) {
      int8.appendRow(vector, 0); // the reader has checked the components are int8
    } else {
      int r = rows.appendRow(); // may grow the array: take data() after it
      System.arraycopy(vector, 0, rows.data(), r * dim, dim);
    }
  }

  /** Adds one binary doc, as a {@link VectorInput.BitsSink} receives it. */
  public void addBits(byte[] buf, int pkStart, int pkEnd, long longPk, long[] packed) {
    pks.addParsed(buf, pkStart, pkEnd, longPk);
    int d = bits.appendRow(); // may grow the array: take data() after it
    System.arraycopy(packed, 0, bits.data(), d * bits.words(), bits.words());
  }

  public int size() {
    return pks.size();
  }

  public Pks pks() {
    return pks;
  }

  /** Names each doc's source row for messages (e.g. its file and row), when the docs came from several files. */
  public void nameRows(java.util.function.IntFunction<String> names) {
    rowNames = names;
  }

  /** The names of the docs' source rows, or null when a doc's position is its row in the partition. */
  public java.util.function.IntFunction<String> rowNames() {
    return rowNames;
  }

  /** Packed binary docs, or null. */
  public BinaryVectors bits() {
    return bits;
  }

  /** Docs in the batch kernel's layout, or null. */
  public BlockedVectors blocked() {
    return blocked;
  }

  /** Int8 docs in the int8 kernel's layout, or null. */
  public Int8BlockedVectors int8() {
    return int8;
  }

  /** Docs row after row, or null. */
  public FloatVectors rows() {
    if (rows != null) {
      rows.trim();
    }
    return rows;
  }
}
