package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.ParquetRowReader;
import io.proximace.table.RowWriter;
import io.proximace.table.Schema;
import io.proximace.table.TableFormat;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file as pandas, pyarrow and Spark write it, through the table package's own Parquet reader: the
 * target table's columns found by name (any case; other columns ignored). The vector column may be a LIST of FLOAT,
 * a LIST of DOUBLE (each narrowed to the nearest float, as numpy's {@code astype(float32)} and the Parquet table
 * reader do), the legacy 2-level list, or a STRING of components joined by {@code ~} (written through as text, as a
 * CSV import does). Other columns arrive as text: a STRING column's bytes, a number's decimal text, each checked
 * against its column's type by {@link FileImport}; a null reads as empty text, as a Parquet table reads it. A null or
 * empty list, a NaN or an infinity (a double beyond the float range) is refused, naming the row and the column.
 */
final class ParquetReader implements VectorSource {
  private final String name;
  private final ParquetRowReader rows;
  private final Schema read;
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
    MessageType file;
    try {
      file = ParquetRowReader.fileSchema(source.fs(), source.file());
    } catch (IOException | RuntimeException e) {
      throw new ProximaException(name + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
    this.vector = table.indexOf("vector");
    List<Column> columns = new ArrayList<>();
    boolean isList = false;
    for (int c = 0; c < table.columns().size(); c++) {
      Column col = table.columns().get(c);
      Type t = field(file, col.name());
      if (t == null) {
        throw new ProximaException(name + ": the Parquet file has no column " + col.name() + " (it has "
            + file.getFields().stream().map(Type::getName).toList() + "; the table has " + table.columnsDdl() + ")");
      }
      ColumnType as = col.type();
      if (c == vector) {
        isList = !t.isPrimitive();
        if (t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
          throw new ProximaException(name + ": column " + col.name() + " is " + t.toString().trim() + " in the Parquet file; a vector "
              + "column must be a LIST of FLOAT or DOUBLE, or a STRING of components joined by ~");
        }
        as = isList ? ColumnType.ARRAY_FLOAT : ColumnType.STRING;
      } else if (t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
        as = ColumnType.STRING; // text, checked against the column's type row by row, as CSV is
      }
      columns.add(new Column(col.name(), as));
    }
    this.list = isList;
    this.read = new Schema(columns, table.partition(), TableFormat.PARQUET);
    try {
      this.rows = new ParquetRowReader(source.fs(), source.file(), read, name);
    } catch (ProximaException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ProximaException(name + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
  }

  private static Type field(MessageType file, String column) {
    for (Type t : file.getFields()) {
      if (t.getName().equalsIgnoreCase(column)) {
        return t;
      }
    }
    return null;
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
    return new ProximaException(where() + ", column " + read.columns().get(vector).name() + ": " + why);
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
    int c = read.indexOf(column);
    return c < 0 ? null : rows.field(c);
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
