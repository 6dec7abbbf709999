package io.proximace.table;

import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes one Parquet file of a table partition: STRING as UTF-8 BINARY, BIGINT as INT64, DOUBLE as DOUBLE,
 * ARRAY&lt;FLOAT&gt; as the standard 3-level LIST of FLOAT (Spark's {@code array<float>}, DuckDB's
 * {@code FLOAT[]}). Fields arrive as {@link RowWriter} gives them and are converted to the column's type: a
 * float written to a DOUBLE column keeps the value of its shortest text, the value a CSV table holds, so both
 * formats give the same rows; a value the column's type cannot hold is an {@link IllegalArgumentException}.
 * Compressed with ZSTD, whose codec parquet brings (no Hadoop native library).
 */
final class ParquetRowWriter implements RowWriter {
  private static final String ELEMENT_PATH = ".list.element";

  private final List<Column> columns;
  private final ParquetWriter<Row> writer;
  private final Row row;
  private final VectorParser components = new VectorParser('~');
  private int field;
  private long rows;

  /** Writes {@code out}, with the columns of {@code schema}. */
  ParquetRowWriter(OutputStream out, Schema schema, Configuration conf) throws IOException {
    this.columns = schema.columns();
    this.row = new Row(columns.size());
    Builder b = new Builder(new StreamFile(out), messageType(schema), columns)
        .withConf(conf == null ? new Configuration() : conf)
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    for (Column c : columns) {
      if (c.type() == ColumnType.ARRAY_FLOAT) {
        b = b.withDictionaryEncoding(c.name() + ELEMENT_PATH, false); // random floats do not repeat
      }
    }
    this.writer = b.build();
  }

  /** The Parquet schema of a table's data columns. */
  static MessageType messageType(Schema schema) {
    Types.MessageTypeBuilder m = Types.buildMessage();
    for (Column c : schema.columns()) {
      m.addField(switch (c.type()) {
        case STRING -> Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
        case BIGINT -> Types.required(PrimitiveTypeName.INT64).named(c.name());
        case DOUBLE -> Types.required(PrimitiveTypeName.DOUBLE).named(c.name());
        case ARRAY_FLOAT -> Types.requiredList().requiredElement(PrimitiveTypeName.FLOAT).named(c.name());
      });
    }
    return m.named("row");
  }

  @Override
  public RowWriter field(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return field(b, 0, b.length);
  }

  @Override
  public RowWriter field(byte[] b, int from, int to) {
    int f = nextField();
    switch (columns.get(f).type()) {
      case STRING -> row.setBytes(f, b, from, to);
      case BIGINT -> {
        String t = new String(b, from, to - from, StandardCharsets.UTF_8).trim();
        try {
          row.longs[f] = Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + t + "' is not a BIGINT");
        }
      }
      case DOUBLE -> {
        String t = new String(b, from, to - from, StandardCharsets.UTF_8).trim();
        try {
          row.doubles[f] = Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + t + "' is not a DOUBLE");
        }
      }
      case ARRAY_FLOAT -> parseComponents(f, b, from, to);
    }
    return this;
  }

  @Override
  public RowWriter field(long v) {
    int f = nextField();
    switch (columns.get(f).type()) {
      case STRING -> {
        byte[] t = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        row.setBytes(f, t, 0, t.length);
      }
      case BIGINT -> row.longs[f] = v;
      case DOUBLE -> row.doubles[f] = v;
      case ARRAY_FLOAT -> throw new IllegalArgumentException("a number cannot go into ARRAY<FLOAT> column " + columns.get(f).name());
    }
    return this;
  }

  @Override
  public RowWriter field(float v) {
    int f = nextField();
    String text = Float.toString(v);
    switch (columns.get(f).type()) {
      case STRING -> {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        row.setBytes(f, t, 0, t.length);
      }
      case DOUBLE -> row.doubles[f] = Double.parseDouble(text); // the value CSV's text holds, not the float widened
      case BIGINT, ARRAY_FLOAT -> throw new IllegalArgumentException("a float cannot go into " + columns.get(f) + " column");
    }
    return this;
  }

  /**
   * A vector into an ARRAY&lt;FLOAT&gt; column goes straight into the list, the same floats its text would parse to
   * (-0.0 and subnormals included); as text would, a NaN or an infinity is refused. Any other column takes its text.
   */
  @Override
  public RowWriter vector(float[] v, int n, char separator) throws IOException {
    if (field == columns.size() || columns.get(field).type() != ColumnType.ARRAY_FLOAT) {
      return RowWriter.super.vector(v, n, separator);
    }
    VectorText.requireFinite(v, n);
    System.arraycopy(v, 0, components(nextField(), n), 0, n);
    return this;
  }

  /** Whole numbers (int8, bytes, int32) into an ARRAY&lt;FLOAT&gt; column: each the float its text would parse to. */
  @Override
  public RowWriter vector(int[] v, int n, char separator) throws IOException {
    if (field == columns.size() || columns.get(field).type() != ColumnType.ARRAY_FLOAT) {
      return RowWriter.super.vector(v, n, separator);
    }
    float[] out = components(nextField(), n);
    for (int i = 0; i < n; i++) {
      out[i] = v[i]; // rounds to nearest, ties to even, as Float.parseFloat of the integer's text
    }
    return this;
  }

  /** Room for {@code n} components of column {@code f}, which this row's field will hold. */
  private float[] components(int f, int n) {
    if (row.floats[f].length < n) {
      row.floats[f] = new float[Math.max(n, 2 * row.floats[f].length)];
    }
    row.counts[f] = n;
    return row.floats[f];
  }

  /** An ARRAY&lt;FLOAT&gt; field from CSV text: components joined by {@code ~}. */
  private void parseComponents(int f, byte[] b, int from, int to) {
    float[] out = row.floats[f];
    try {
      int n = components.parseFloats(b, from, to, out, 0, 1, out.length);
      if (n > out.length) {
        out = row.floats[f] = new float[Math.max(n, 2 * out.length)];
        n = components.parseFloats(b, from, to, out, 0, 1, out.length);
      }
      row.counts[f] = n;
    } catch (VectorFormatException e) {
      throw new IllegalArgumentException("not a vector of floats joined by ~: " + e.getMessage());
    }
  }

  private int nextField() {
    if (field == columns.size()) {
      throw new IllegalStateException("more fields than the " + columns.size() + " columns in one row");
    }
    return field++;
  }

  @Override
  public void endRow() throws IOException {
    if (field != columns.size()) {
      throw new IllegalStateException("a row of " + field + " fields for " + columns.size() + " columns");
    }
    writer.write(row);
    field = 0;
    rows++;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** One row's values, reused: each column uses the slot of its type. */
  static final class Row {
    final byte[][] bytes;
    final int[] lengths;
    final long[] longs;
    final double[] doubles;
    final float[][] floats;
    final int[] counts;

    Row(int columns) {
      bytes = new byte[columns][64];
      lengths = new int[columns];
      longs = new long[columns];
      doubles = new double[columns];
      floats = new float[columns][16];
      counts = new int[columns];
    }

    void setBytes(int f, byte[] b, int from, int to) {
      int n = to - from;
      if (bytes[f].length < n) {
        bytes[f] = new byte[Math.max(n, 2 * bytes[f].length)];
      }
      System.arraycopy(b, from, bytes[f], 0, n);
      lengths[f] = n;
    }
  }

  /** Drives parquet's record consumer straight from a {@link Row}: no Group objects. */
  private static final class RowSupport extends WriteSupport<Row> {
    private final MessageType type;
    private final ColumnType[] types;
    private RecordConsumer out;

    RowSupport(MessageType type, List<Column> columns) {
      this.type = type;
      this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
    }

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> meta = new HashMap<>();
      meta.put("writer", "proxima-ce");
      return new WriteContext(type, meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Row r) {
      out.startMessage();
      for (int i = 0; i < types.length; i++) {
        String name = type.getFieldName(i);
        out.startField(name, i);
        switch (types[i]) {
          case STRING -> out.addBinary(Binary.fromReusedByteArray(r.bytes[i], 0, r.lengths[i]));
          case BIGINT -> out.addLong(r.longs[i]);
          case DOUBLE -> out.addDouble(r.doubles[i]);
          case ARRAY_FLOAT -> writeList(r.floats[i], r.counts[i]);
        }
        out.endField(name, i);
      }
      out.endMessage();
    }

    private void writeList(float[] v, int n) {
      out.startGroup();
      if (n > 0) { // an empty repeated field is left out, never started
        out.startField("list", 0);
        for (int j = 0; j < n; j++) {
          out.startGroup();
          out.startField("element", 0);
          out.addFloat(v[j]);
          out.endField("element", 0);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final MessageType type;
    private final List<Column> columns;

    Builder(OutputFile file, MessageType type, List<Column> columns) {
      super(file);
      this.type = type;
      this.columns = columns;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new RowSupport(type, columns);
    }
  }

  /**
   * An already open stream as parquet's output file: the caller opened it on the table's own file system
   * (and may watch it for a full disk), so parquet never looks a file system up by the path's scheme.
   */
  private record StreamFile(OutputStream out) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
