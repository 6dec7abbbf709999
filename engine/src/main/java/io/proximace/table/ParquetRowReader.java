package io.proximace.table;

import io.proximace.ProximaException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Streams the rows of one Parquet file of a table partition (or of a file {@code table import} reads), the
 * table's columns found by name (any case; other columns are not read). Text columns land as UTF-8 in one
 * buffer, numbers as their text;
 * an ARRAY&lt;FLOAT&gt; column lands as floats, with no text in between, and is written out as
 * {@code ~}-joined text only when a caller asks for its text. A file that lacks a column, or holds it as
 * a type that does not fit, fails before any row, naming the file and the column. For {@code table import}
 * ({@link #forImport}) a text field is read as text whatever its column's type, checked row by row as CSV is,
 * and a null is told apart from empty text ({@link #isNull}); a table's own file reads a null as empty text.
 */
public final class ParquetRowReader implements Closeable {
  private final Current current;
  private final ParquetFileReader file;
  private final MessageType requested;
  private final int[] columnOf;
  private final ColumnReader[] readers;
  private final ParquetFloatPages[] fast; // the ARRAY columns read without the column reader, this row group
  private final long[] left; // values each column reader has left in the row group
  private int group = -1;
  private final String createdBy;
  private long groupRows;
  private long row;

  /** Opens {@code file} on {@code fs} for a table of {@code schema}; {@code name} names the file in messages. */
  ParquetRowReader(FileSystem fs, FileStatus status, Schema schema, String name) throws IOException {
    this(fs, status, schema, name, false);
  }

  private ParquetRowReader(FileSystem fs, FileStatus status, Schema schema, String name, boolean imported) throws IOException {
    List<Column> columns = schema.columns();
    this.file = ParquetFileReader.open(new FsFile(fs, status));
    try {
      MessageType inFile = file.getFooter().getFileMetaData().getSchema();
      this.columnOf = new int[columns.size()];
      int[] fieldOf = fields(inFile, columns, name);
      List<Column> read = imported ? importAs(inFile, fieldOf, columns, name) : columns;
      this.current = new Current(read);
      this.requested = project(inFile, fieldOf, columns, read, name, columnOf);
      file.setRequestedSchema(requested);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
    this.readers = new ColumnReader[columns.size()];
    this.fast = new ParquetFloatPages[columns.size()];
    this.left = new long[columns.size()];
    this.createdBy = file.getFooter().getFileMetaData().getCreatedBy();
  }

  /**
   * Opens a file {@code table import} reads into a table of {@code schema}: a text field is read as text whatever
   * its column's type, the vector column as the file holds it (a LIST as floats, a STRING as text), a null as null.
   */
  public static ParquetRowReader forImport(FileSystem fs, FileStatus status, Schema schema, String name) throws IOException {
    return new ParquetRowReader(fs, status, schema, name, true);
  }

  /** The rows {@code file}'s footer records, without reading them. */
  static long rowCount(FileSystem fs, FileStatus file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new FsFile(fs, file))) {
      return r.getRecordCount();
    }
  }

  /**
   * Advances to the next row; false after the last. Values come straight from parquet's column readers, one
   * column at a time: a list's elements are the values up to the next repetition level 0.
   */
  public boolean next() throws IOException {
    while (groupRows == 0) {
      PageReadStore pages = file.readNextRowGroup();
      if (pages == null) {
        return false;
      }
      groupRows = pages.getRowCount();
      group++;
      ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Unused(requested), requested, createdBy);
      List<ColumnDescriptor> leaves = requested.getColumns();
      for (int i = 0; i < leaves.size(); i++) {
        ColumnDescriptor leaf = leaves.get(i);
        fast[i] = current.array[columnOf[i]] && ParquetFloatPages.fits(leaf, chunk(leaf))
            ? ParquetFloatPages.of(pages.getPageReader(leaf), leaf) : null;
        readers[i] = fast[i] != null ? null : store.getColumnReader(leaf);
        left[i] = fast[i] != null ? 0 : readers[i].getTotalValueCount();
      }
    }
    groupRows--;
    current.reset();
    for (int i = 0; i < requested.getFieldCount(); i++) {
      int c = columnOf[i];
      if (fast[i] != null) {
        fast[i].readRow(current, c);
        continue;
      }
      ColumnReader r = readers[i];
      int defined = r.getDescriptor().getMaxDefinitionLevel();
      PrimitiveTypeName type = r.getDescriptor().getPrimitiveType().getPrimitiveTypeName();
      if (current.array[c]) {
        boolean nullable = r.getDescriptor().getPrimitiveType().isRepetition(Type.Repetition.OPTIONAL);
        do { // an empty or null list has a lower definition level: no component; a null element is refused
          if (r.getCurrentDefinitionLevel() == defined) {
            current.addFloat(c, type == PrimitiveTypeName.FLOAT ? r.getFloat() : (float) r.getDouble());
          } else if (nullable && r.getCurrentDefinitionLevel() == defined - 1) {
            throw new BadValue("a null element in list column " + r.getDescriptor().getPath()[0]);
          }
          r.consume();
        } while (--left[i] > 0 && r.getCurrentRepetitionLevel() > 0);
      } else {
        if (r.getCurrentDefinitionLevel() < defined) {
          current.nulls[c] = true; // and empty text, as a table's own file reads it
        } else {
          switch (type) {
            case BINARY -> current.bytes(c, r.getBinary().toByteBuffer());
            case INT64 -> current.ascii(c, Long.toString(r.getLong()));
            case INT32 -> current.ascii(c, Integer.toString(r.getInteger()));
            case DOUBLE -> current.ascii(c, Double.toString(r.getDouble()));
            case FLOAT -> current.ascii(c, Float.toString(r.getFloat()));
            default -> throw new IllegalStateException("unchecked type " + type);
          }
        }
        r.consume();
        left[i]--;
      }
    }
    row++;
    return true;
  }

  /** The current row group's metadata of column {@code leaf}. */
  private ColumnChunkMetaData chunk(ColumnDescriptor leaf) {
    for (ColumnChunkMetaData c : file.getRowGroups().get(group).getColumns()) {
      if (java.util.Arrays.equals(c.getPath().toArray(), leaf.getPath())) {
        return c;
      }
    }
    throw new IllegalStateException("no chunk for column " + String.join(".", leaf.getPath()));
  }

  /** Row number within the file, from 1. */
  public long row() {
    return row;
  }

  int fieldCount() {
    return current.starts.length;
  }

  /** The current row's text; an ARRAY column's text is made when asked for, which may move the buffer. */
  public byte[] buffer() {
    return current.buf;
  }

  /** Where field {@code f}'s text starts in {@link #buffer}; ask before {@code buffer()}, as it may move it. */
  public int start(int f) {
    current.text(f);
    return current.starts[f];
  }

  /** Where field {@code f}'s text ends in {@link #buffer}; ask before {@code buffer()}, as it may move it. */
  public int end(int f) {
    current.text(f);
    return current.ends[f];
  }

  /** Field {@code f}'s text: empty for a null. */
  public String field(int f) {
    current.text(f);
    return new String(current.buf, current.starts[f], current.ends[f] - current.starts[f], StandardCharsets.UTF_8);
  }

  /** Whether field {@code f} (not an ARRAY column) is null in the current row. */
  public boolean isNull(int f) {
    return current.nulls[f];
  }

  /** Whether column {@code f} is read as floats ({@link #floats}): a LIST in the file. */
  public boolean isArray(int f) {
    return current.array[f];
  }

  /** Copies up to {@code max} floats of ARRAY column {@code f} into {@code out}; returns how many the row holds. */
  public int floats(int f, float[] out, int max) {
    int n = current.counts[f];
    System.arraycopy(current.floats[f], 0, out, 0, Math.min(n, max));
    return n;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** The row being read, reused from row to row. */
  static final class Current {
    final boolean[] array;
    final int[] starts;
    final int[] ends;
    final float[][] floats;
    final int[] counts;
    final boolean[] hasText;
    final boolean[] nulls;
    byte[] buf = new byte[256];
    int len;
    /** Scratch for an ARRAY column's text, reused row after row. */
    private final StringBuilder text = new StringBuilder();

    Current(List<Column> columns) {
      int n = columns.size();
      array = new boolean[n];
      for (int i = 0; i < n; i++) {
        array[i] = columns.get(i).type() == ColumnType.ARRAY_FLOAT;
      }
      starts = new int[n];
      ends = new int[n];
      floats = new float[n][];
      for (int i = 0; i < n; i++) {
        floats[i] = array[i] ? new float[16] : null;
      }
      counts = new int[n];
      hasText = new boolean[n];
      nulls = new boolean[n];
    }

    void reset() {
      len = 0;
      java.util.Arrays.fill(starts, 0);
      java.util.Arrays.fill(ends, 0); // a null reads as empty text, as CSV has it
      java.util.Arrays.fill(counts, 0);
      java.util.Arrays.fill(hasText, false);
      java.util.Arrays.fill(nulls, false);
    }

    void bytes(int f, ByteBuffer b) {
      int n = b.remaining();
      room(n);
      b.get(buf, len, n);
      starts[f] = len;
      len += n;
      ends[f] = len;
    }

    void ascii(int f, String s) {
      starts[f] = len;
      append(s);
      ends[f] = len;
    }

    void addFloat(int f, float v) {
      float[] a = floats[f];
      if (counts[f] == a.length) {
        a = floats[f] = java.util.Arrays.copyOf(a, 2 * a.length);
      }
      a[counts[f]++] = v;
    }

    /** Makes ARRAY column {@code f}'s text, components joined by {@code ~}, once per row. */
    void text(int f) {
      if (!array[f] || hasText[f]) {
        return;
      }
      hasText[f] = true;
      starts[f] = len;
      text.setLength(0);
      append(VectorText.join(text, floats[f], counts[f], '~'));
      ends[f] = len;
    }

    private void append(CharSequence s) {
      room(s.length());
      for (int i = 0; i < s.length(); i++) {
        buf[len++] = (byte) s.charAt(i);
      }
    }

    private void room(int n) {
      if (len + n > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(len + n, 2 * buf.length));
      }
    }
  }

  /** The file's field of each table column, by name in any case; fails naming a column the file lacks. */
  private static int[] fields(MessageType file, List<Column> columns, String name) {
    int[] fieldOf = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      fieldOf[c] = fieldIndex(file, columns.get(c).name());
      if (fieldOf[c] < 0) {
        throw new ProximaException(name + ": the Parquet file has no column " + columns.get(c).name() + " (it has "
            + file.getFields().stream().map(Type::getName).toList() + "; the table has "
            + columns.stream().map(Column::toString).collect(Collectors.joining(", ")) + ")");
      }
    }
    return fieldOf;
  }

  /**
   * The types an imported file's fields are read as: text (BINARY) as STRING, to be checked against the column's
   * type row by row; the vector column as ARRAY&lt;FLOAT&gt; when the file holds a list, STRING when text.
   */
  private static List<Column> importAs(MessageType file, int[] fieldOf, List<Column> columns, String name) {
    List<Column> read = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      Column col = columns.get(c);
      Type t = file.getType(fieldOf[c]);
      boolean text = t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
      ColumnType as = col.type();
      if (col.name().equalsIgnoreCase("vector")) {
        if (t.isPrimitive() && !text) {
          throw new ProximaException(name + ": column " + col.name() + " is " + t.toString().trim() + " in the Parquet file; a vector "
              + "column must be a LIST of FLOAT or DOUBLE, or a STRING of components joined by ~");
        }
        as = text ? ColumnType.STRING : ColumnType.ARRAY_FLOAT;
      } else if (text) {
        as = ColumnType.STRING;
      }
      read.add(new Column(col.name(), as));
    }
    return read;
  }

  /**
   * The table's columns in the file, each checked to fit the type it is {@code read} as (messages name the table's
   * type), then requested in the file's order (parquet's projection); {@code columnOf} maps each requested field to
   * its table column.
   */
  private static MessageType project(MessageType file, int[] fieldOf, List<Column> columns, List<Column> read, String name, int[] columnOf) {
    for (int c = 0; c < columns.size(); c++) {
      check(file.getType(fieldOf[c]), read.get(c).type(), columns.get(c), name);
    }
    List<Type> requested = new ArrayList<>();
    for (int i = 0; i < file.getFieldCount(); i++) {
      for (int c = 0; c < columns.size(); c++) {
        if (fieldOf[c] == i) {
          columnOf[requested.size()] = c;
          requested.add(file.getType(i));
        }
      }
    }
    return new MessageType(file.getName(), requested);
  }

  private static int fieldIndex(GroupType t, String column) {
    for (int i = 0; i < t.getFieldCount(); i++) {
      if (t.getFieldName(i).equalsIgnoreCase(column)) {
        return i;
      }
    }
    return -1;
  }

  /** A value of the row being read that cannot be taken as it is (a null list element). */
  public static final class BadValue extends RuntimeException {
    BadValue(String message) {
      super(message);
    }
  }

  /**
   * Whether {@code t} holds plain values: no logical type, text, or a signed integer. A DECIMAL's unscaled integer, an
   * unsigned integer, a DATE's day number or raw bytes would read as the wrong value.
   */
  private static boolean plain(Type t) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned();
  }

  /** Fails unless the file's field {@code t} can be read {@code as} that type, naming {@code column}'s own type. */
  private static void check(Type t, ColumnType as, Column column, String name) {
    boolean ok = !t.isRepetition(Type.Repetition.REPEATED) && (as == ColumnType.ARRAY_FLOAT || plain(t)) && switch (as) {
      case STRING -> primitive(t, PrimitiveTypeName.BINARY, PrimitiveTypeName.INT64, PrimitiveTypeName.INT32);
      case BIGINT -> primitive(t, PrimitiveTypeName.INT64, PrimitiveTypeName.INT32);
      case DOUBLE -> primitive(t, PrimitiveTypeName.DOUBLE, PrimitiveTypeName.FLOAT, PrimitiveTypeName.INT64, PrimitiveTypeName.INT32);
      case ARRAY_FLOAT -> element(t) != null;
    };
    if (!ok) {
      throw new ProximaException(name + ": column " + column.name() + " is " + t.toString().trim().replaceAll("\\s+", " ")
          + " in the Parquet file, which does not fit the table's " + column.type()
          + (as == ColumnType.ARRAY_FLOAT ? " (a LIST of FLOAT or DOUBLE)" : ""));
    }
  }

  private static boolean primitive(Type t, PrimitiveTypeName... names) {
    return t.isPrimitive() && List.of(names).contains(t.asPrimitiveType().getPrimitiveTypeName());
  }

  /**
   * The float or double element of a LIST: the standard 3-level layout {@code group (LIST) { repeated group
   * list { element; } }}, or the legacy 2-level one {@code group (LIST) { repeated float array; }}; else null.
   */
  private static Type element(Type t) {
    if (t.isPrimitive() || !(t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
        || t.asGroupType().getFieldCount() != 1) {
      return null;
    }
    Type repeated = t.asGroupType().getType(0);
    if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
      return null;
    }
    Type e = repeated.isPrimitive() ? repeated
        : repeated.asGroupType().getFieldCount() == 1 ? repeated.asGroupType().getType(0) : null;
    return e != null && primitive(e, PrimitiveTypeName.FLOAT, PrimitiveTypeName.DOUBLE) ? e : null;
  }

  /**
   * Converters that take nothing: values are read from the column readers directly, but parquet's column store
   * wants a converter for each column it reads.
   */
  private static final class Unused extends GroupConverter {
    private final Converter[] fields;

    Unused(GroupType t) {
      fields = new Converter[t.getFieldCount()];
      for (int i = 0; i < fields.length; i++) {
        fields[i] = t.getType(i).isPrimitive() ? new PrimitiveConverter() {} : new Unused(t.getType(i).asGroupType());
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  /** A file of the table's own file system as parquet's input file. */
  private record FsFile(FileSystem fs, FileStatus status) implements InputFile {
    @Override
    public long getLength() {
      return status.getLen();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      return HadoopStreams.wrap(fs.open(status.getPath()));
    }
  }
}
