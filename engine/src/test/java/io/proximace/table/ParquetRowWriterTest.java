package io.proximace.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A float array written to an ARRAY&lt;FLOAT&gt; column goes straight into the list: the floats its text would parse to,
 * bit for bit, with the text path ({@link RowWriter}'s default, {@link VectorText} then the parser) as the oracle.
 */
class ParquetRowWriterTest {
  private static final Schema SCHEMA = Schema.parse("pk STRING, vector ARRAY<FLOAT>, note STRING", "pt STRING", TableFormat.PARQUET);

  @TempDir
  Path tmp;

  private interface Rows {
    void write(RowWriter out) throws IOException;
  }

  /** Writes one file with {@code rows} and reads its vectors back as raw float bits, a row each. */
  private List<int[]> roundTrip(String name, Rows rows) throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri());
    try (RowWriter out = TableFormat.PARQUET.writer(fs.create(file), SCHEMA, fs.getConf())) {
      rows.write(out);
    }
    List<int[]> bits = new ArrayList<>();
    try (ParquetRowReader in = new ParquetRowReader(fs, fs.getFileStatus(file), SCHEMA, name)) {
      float[] v = new float[1 << 12];
      while (in.next()) {
        int n = in.floats(1, v, v.length);
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
          b[i] = Float.floatToRawIntBits(v[i]);
        }
        bits.add(b);
      }
    }
    return bits;
  }

  /** Every finite bit pattern is as likely: subnormals, -0.0, the ends of the range, as well as ordinary values. */
  private static float[][] finiteFloats(long seed, int rows, int dim) {
    Random r = new Random(seed);
    float[][] v = new float[rows][];
    for (int i = 0; i < rows; i++) {
      v[i] = new float[1 + r.nextInt(dim)];
      for (int j = 0; j < v[i].length; j++) {
        float x;
        do {
          x = Float.intBitsToFloat(r.nextInt());
        } while (!Float.isFinite(x));
        v[i][j] = x;
      }
    }
    v[0] = new float[] {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, -Float.MAX_VALUE, 0.1f};
    return v;
  }

  @Test
  void floatArraysEqualTheirTextBitForBit() throws IOException {
    float[][] v = finiteFloats(1, 500, 300);
    List<int[]> direct = roundTrip("direct.parquet", out -> {
      for (float[] row : v) {
        out.field("k").vector(row, row.length, '~').field("n").endRow();
      }
    });
    List<int[]> text = roundTrip("text.parquet", out -> {
      for (float[] row : v) {
        out.field("k").field(VectorText.join(new StringBuilder(), row, row.length, '~').toString()).field("n").endRow();
      }
    });
    assertEquals(v.length, direct.size());
    for (int i = 0; i < v.length; i++) {
      int[] want = new int[v[i].length];
      for (int j = 0; j < want.length; j++) {
        want[j] = Float.floatToRawIntBits(v[i][j]);
      }
      assertArrayEquals(want, direct.get(i), "row " + i);
      assertArrayEquals(want, text.get(i), "the oracle, row " + i);
    }
  }

  /** Only the first {@code n} components are written, whatever the array's length; a longer row grows the buffer. */
  @Test
  void onlyTheFirstNComponentsAreWritten() throws IOException {
    float[] big = new float[3000];
    for (int i = 0; i < big.length; i++) {
      big[i] = i - 0.5f;
    }
    List<int[]> bits = roundTrip("n.parquet", out -> {
      out.field("a").vector(big, 2, '~').field("").endRow();
      out.field("b").vector(big, big.length, '~').field("").endRow();
      out.field("c").vector(big, 2, ',').field("").endRow(); // the separator is text's business, not the list's
    });
    assertArrayEquals(new int[] {Float.floatToRawIntBits(-0.5f), Float.floatToRawIntBits(0.5f)}, bits.get(0));
    assertEquals(3000, bits.get(1).length);
    assertEquals(Float.floatToRawIntBits(2998.5f), bits.get(1)[2999]);
    assertArrayEquals(bits.get(0), bits.get(2));
  }

  /** The table holds finite floats only, as its text does: NaN (any payload) and infinities are refused, naming the component. */
  @Test
  void nonFiniteComponentsAreRefused() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("bad.parquet").toUri());
    try (RowWriter out = TableFormat.PARQUET.writer(fs.create(file), SCHEMA, fs.getConf())) {
      out.field("k");
      assertEquals("component 2 (NaN) is not a finite number",
          assertThrows(IllegalArgumentException.class, () -> out.vector(new float[] {1, Float.intBitsToFloat(0x7fc00001)}, 2, '~')).getMessage());
      assertEquals("component 1 (-Infinity) is not a finite number",
          assertThrows(IllegalArgumentException.class, () -> out.vector(new float[] {Float.NEGATIVE_INFINITY}, 1, '~')).getMessage());
      out.vector(new float[] {1}, 1, '~').field("after a refusal, the row goes on").endRow();
      out.field("k2").vector(new float[] {2, 3}, 2, '~').field("next").endRow();
    }
    List<String> rows = new ArrayList<>();
    try (ParquetRowReader in = new ParquetRowReader(fs, fs.getFileStatus(file), SCHEMA, "bad.parquet")) {
      while (in.next()) {
        rows.add(in.field(0) + "|" + in.field(1) + "|" + in.field(2));
      }
    }
    assertEquals(List.of("k|1.0|after a refusal, the row goes on", "k2|2.0~3.0|next"), rows, "the refused components left nothing behind");
  }

  /** int8, bytes and int32 become the floats their text parses to: 2^24 + 1 rounds to even, as Float.parseFloat does. */
  @Test
  void wholeNumbersEqualTheirText() throws IOException {
    int[] v = {-128, 127, 255, 0, 16_777_217, -70_000, Integer.MAX_VALUE};
    List<int[]> bits = roundTrip("ints.parquet", out -> out.field("k").vector(v, v.length, '~').field("").endRow());
    for (int i = 0; i < v.length; i++) {
      assertEquals(Float.floatToRawIntBits(Float.parseFloat(Integer.toString(v[i]))), bits.get(0)[i], "component " + i);
    }
  }

  /** A STRING column still takes a vector as its text. */
  @Test
  void aStringColumnTakesTheText() throws IOException {
    Schema strings = Schema.parse("pk STRING, vector STRING", "pt STRING", TableFormat.PARQUET);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("s.parquet").toUri());
    try (RowWriter out = TableFormat.PARQUET.writer(fs.create(file), strings, fs.getConf())) {
      out.field("k").vector(new float[] {1, -0.0f, 1e-45f}, 3, '~').endRow();
    }
    try (ParquetRowReader in = new ParquetRowReader(fs, fs.getFileStatus(file), strings, "s.parquet")) {
      in.next();
      assertEquals("1.0~-0.0~1.4E-45", in.field(1));
    }
  }
}
