package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.ParquetRowReader;
import io.proximace.table.RowWriter;
import io.proximace.table.Schema;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.IOException;

/**
 * Reads a Parquet file as pandas, pyarrow and Spark write it, through the table package's own Parquet reader: the
 * target table's columns found by name (any case; other columns ignored). The vector column may be a LIST of FLOAT,
 * a LIST of DOUBLE (each narrowed to the nearest float, as numpy's {@code astype(float32)} and the Parquet table
 * reader do), the legacy 2-level list, or a STRING of components joined by {@code ~} (written through as text, as a
 * CSV import does). Other columns arrive as text: a STRING column's bytes, a number's decimal text, each checked
 * against its column's type by {@link FileImport}; a null is no value, refused as a JSON line's is. A null or
 * empty list, a NaN or an infinity (a double beyond the float range) is refused, naming the row and the column.
 */
final class ParquetReader implements VectorSource {
  private final String name;
  private final ParquetRowReader rows;
  private final Schema table;
  private final int vector;
  private final boolean list;
  private final VectorParser parser = new VectorParser('~');
  private float[] floats = new float[16];
  private int dim;

  ParquetReader(Source source, Schema table) throws IOException {
    this.name = source.name();
    if (source.file() == null) {
      throw new ProximaException(name + ": a Parquet file is read by position (its footer comes last): name the file, not a stream");
    }
    if (!Compression.stripExtension(name).equals(name)) {
      throw new ProximaException(name + ": a Parquet file compresses its own pages; import the .parquet file itself, not a compressed copy");
    }
    try {
      this.rows = ParquetRowReader.forImport(source.fs(), source.file(), table, name);
    } catch (ProximaException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ProximaException(name + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
    this.table = table;
    this.vector = table.indexOf("vector");
    this.list = rows.isArray(vector);
  }

  @Override
  public boolean next() throws IOException {
    try {
      if (!rows.next()) {
        return false;
      }
    } catch (ParquetRowReader.BadValue e) {
      throw new ProximaException(name + " row " + (rows.row() + 1) + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProximaException) {
        throw e;
      }
      throw new ProximaException(name + ", after row " + rows.row() + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
    if (list) {
      dim = rows.floats(vector, floats, floats.length);
      if (dim > floats.length) {
        floats = new float[Math.max(dim, 2 * floats.length)];
        rows.floats(vector, floats, floats.length);
      }
      String why = FloatVectors.nonFinite(floats, dim); // here, to name the file and row
      if (why != null) {
        throw bad(why);
      }
    } else {
      byte[] b = rows.buffer();
      int from = rows.start(vector);
      int to = rows.end(vector);
      try {
        dim = to == from ? 0 : parser.parseFloats(b, from, to, floats, 0, 1, floats.length);
      } catch (VectorFormatException e) {
        throw bad(e.getMessage());
      }
    }
    if (dim == 0) {
      throw bad("the vector is empty or null");
    }
    return true;
  }

  private ProximaException bad(String why) {
    return new ProximaException(where() + ", column " + table.columns().get(vector).name() + ": " + why);
  }

  @Override
  public String pk() {
    return field("pk");
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void writeVector(RowWriter out) throws IOException {
    if (list) {
      out.vector(floats, dim, '~');
    } else {
      int from = rows.start(vector); // before buffer(), as the row reader asks
      int to = rows.end(vector);
      out.field(rows.buffer(), from, to);
    }
  }

  @Override
  public String field(String column) {
    int c = table.indexOf(column);
    return c < 0 || rows.isNull(c) ? null : rows.field(c); // a null is no value, as a JSON line's null is
  }

  @Override
  public String where() {
    return name + " row " + rows.row();
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
