package io.proximace.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.table.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsTest {
  /** Written by numpy 2.4.6's numpy.save: float32 [[1.5, -2, 3.25], [0.1, 1e-30, -0.0]] (header version 1.0). */
  static final byte[] NUMPY_F32 = Base64.getDecoder().decode("k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLC"
      + "B9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAA"
      + "wAAAUEDNzMw9YEKiDQAAAIA=");
  /** numpy.save of int8 [[1, -128], [127, 0]]. */
  static final byte[] NUMPY_I8 = Base64.getDecoder().decode("k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLC"
      + "B9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBgH8A");
  /** numpy.lib.format.write_array(version=(2, 0)) of float32 [[0.5, 2]]. */
  static final byte[] NUMPY_V2 = Base64.getDecoder().decode("k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMi"
      + "ksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AAAA"
      + "QA==");
  /** numpy.save of int64 [7, -1, 2**40]. */
  static final byte[] NUMPY_I64 = Base64.getDecoder().decode("k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfS"
      + "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoHAAAAAAAA"
      + "AP//////////AAAAAAABAAA=");

  @TempDir
  java.nio.file.Path tmp;
  FileSystem local;
  Warehouse wh;

  @BeforeEach
  void setUp() throws IOException {
    local = FileSystem.getLocal(new Configuration());
    wh = new Warehouse(local, new Path(tmp.resolve("wh").toUri()));
  }

  private Table table(String name, String columns) throws IOException {
    return wh.create(new TableName("default", name), Schema.parse(columns, "pt STRING"), false);
  }

  static List<String> rows(Partition p) throws IOException {
    List<String> rows = new ArrayList<>();
    try (PartitionReader r = p.open()) {
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int f = 0; f < r.fieldCount(); f++) {
          b.append(f == 0 ? "" : "|").append(r.field(f));
        }
        rows.add(b.toString());
      }
    }
    return rows;
  }

  private java.nio.file.Path write(String name, byte[] bytes) throws IOException {
    java.nio.file.Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  private Source source(java.nio.file.Path p) throws IOException {
    return Source.of(local, local.getFileStatus(new Path(p.toUri())), p.getFileName().toString());
  }

  private long load(Table t, java.nio.file.Path path, FileFormat format, java.nio.file.Path pks) throws IOException {
    List<Source> sources = Files.isDirectory(path) ? Source.under(local, new Path(path.toUri())) : List.of(source(path));
    return FileImport.load(t, "1", sources, new FileImport.Options(format, pks == null ? null : source(pks), ',', false), true);
  }

  private byte[] unload(Table t, FileFormat format, String suffix) throws IOException {
    Path dir = new Path(tmp.resolve("out-" + format + "-" + System.nanoTime()).toUri());
    FileUnload.Result r = FileUnload.to(t.partition("1"), local, dir, format);
    Path file = r.files().stream().filter(f -> f.getName().endsWith(suffix)).findFirst().orElseThrow();
    return Files.readAllBytes(java.nio.file.Path.of(file.toUri()));
  }

  static byte[] fvecs(float[][] rows) {
    ByteBuffer b = ByteBuffer.allocate(rows.length * (4 + 4 * rows[0].length)).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      b.putInt(r.length);
      for (float v : r) {
        b.putFloat(v);
      }
    }
    return b.array();
  }

  /** Finite floats of every kind: random bit patterns, with -0, the smallest subnormal and the largest float. */
  static float[][] randomFloats(long seed, int n, int dim) {
    Random r = new Random(seed);
    float[][] rows = new float[n][dim];
    for (float[] row : rows) {
      for (int j = 0; j < dim; j++) {
        float v;
        do {
          v = Float.intBitsToFloat(r.nextInt());
        } while (!Float.isFinite(v));
        row[j] = v;
      }
    }
    rows[0][0] = -0.0f;
    rows[0][1] = Float.MIN_VALUE;
    rows[0][2] = Float.MAX_VALUE;
    rows[1][0] = 0.1f;
    return rows;
  }

  @Test
  void formatsAreNamedByExtensionUnderACompressionExtension() {
    assertEquals(FileFormat.FVECS, FileFormat.of("base.fvecs.gz"));
    assertEquals(FileFormat.NPY, FileFormat.of("x.NPY"));
    assertEquals(FileFormat.BVECS, FileFormat.of("a.bvecs.zst"));
    assertEquals(FileFormat.JSONL, FileFormat.of("part-0.json.bz2"));
    assertEquals(FileFormat.CSV, FileFormat.of("part-00000"), "names of no format are read as CSV, as load always has");
    assertEquals(FileFormat.IVECS, FileFormat.parse(" IVECS"));
    assertTrue(assertThrows(ProximaException.class, () -> FileFormat.parse("hdf5")).getMessage().contains("npy, fvecs, bvecs, ivecs, jsonl, csv"));
  }

  @Test
  void fvecsRoundTripsBitForBit() throws IOException {
    byte[] original = fvecs(randomFloats(1, 300, 17));
    Table t = table("v", "pk BIGINT, vector STRING");
    assertEquals(300, load(t, write("base.fvecs", original), null, null));
    List<String> rows = rows(t.partition("1"));
    assertEquals("0|-0.0~1.4E-45~3.4028235E38~", rows.get(0).substring(0, 28), "Float.toString text, pks from 0");
    assertTrue(rows.get(299).startsWith("299|"));
    assertArrayEquals(original, unload(t, FileFormat.FVECS, ".fvecs"));
  }

  @Test
  void fvecsIntoAParquetTableOfFloatArraysRoundTripsBitForBit() throws IOException {
    byte[] original = fvecs(randomFloats(3, 50, 64)); // rows of text longer than a reader's first buffer
    Table csv = table("vc", "pk BIGINT, vector STRING");
    Table parquet = wh.create(new TableName("default", "vp"),
        Schema.parse("pk BIGINT, vector ARRAY<FLOAT>", "pt STRING", io.proximace.table.TableFormat.PARQUET), false);
    load(csv, write("p.fvecs", original), null, null);
    assertEquals(50, load(parquet, write("p.fvecs", original), null, null));
    assertEquals(rows(csv.partition("1")), rows(parquet.partition("1")), "the same rows whatever the table's format");
    assertArrayEquals(original, unload(parquet, FileFormat.FVECS, ".fvecs"));
  }

  @Test
  void vectorsLongerThanTheWriteBufferRoundTrip() throws IOException {
    byte[] original = fvecs(randomFloats(8, 3, 20_000)); // about 300 KB of text a row
    Table t = table("w", "pk BIGINT, vector STRING");
    load(t, write("wide.fvecs", original), null, null);
    assertArrayEquals(original, unload(t, FileFormat.FVECS, ".fvecs"));
  }

  @Test
  void npyAsNumpyWritesItRoundTripsByteForByte() throws IOException {
    Table t = table("n", "pk BIGINT, vector STRING");
    load(t, write("a.npy", NUMPY_F32), null, null);
    assertEquals(List.of("0|1.5~-2.0~3.25", "1|0.1~1.0E-30~-0.0"), rows(t.partition("1")));
    assertArrayEquals(NUMPY_F32, unload(t, FileFormat.NPY, ".npy"), "header and data exactly as numpy.save writes them");

    byte[] big = npy(randomFloats(2, 200, 33));
    load(t, write("big.npy", big), null, null);
    assertArrayEquals(big, unload(t, FileFormat.NPY, ".npy"));

    load(t, write("v2.npy", NUMPY_V2), null, null);
    assertEquals(List.of("0|0.5~2.0"), rows(t.partition("1")), "header version 2");

    ByteArrayOutputStream i64 = new ByteArrayOutputStream();
    try (NpyWriter w = NpyWriter.int64(i64, 3)) {
      w.add(7L);
      w.add(-1L);
      w.add(1L << 40);
    }
    assertArrayEquals(NUMPY_I64, i64.toByteArray());
  }

  static byte[] npy(float[][] rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (NpyWriter w = NpyWriter.float32(out, rows.length, rows[0].length)) {
      for (float[] r : rows) {
        for (float v : r) {
          w.add(v);
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void int8NpyBvecsAndIvecsBecomeIntegers() throws IOException {
    Table t = table("i", "pk STRING, vector STRING");
    load(t, write("a.npy", NUMPY_I8), null, null);
    assertEquals(List.of("0|1~-128", "1|127~0"), rows(t.partition("1")));
    ByteBuffer b = ByteBuffer.allocate(2 * 7).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(3).put((byte) 0).put((byte) 255).put((byte) 7).putInt(3).put((byte) 1).put((byte) 2).put((byte) 128);
    load(t, write("a.bvecs", b.array()), null, null);
    assertEquals(List.of("0|0~255~7", "1|1~2~128"), rows(t.partition("1")), "bvecs bytes are unsigned");
    ByteBuffer iv = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(-5).putInt(70000);
    load(t, write("g.ivecs", iv.array()), null, null);
    assertEquals(List.of("0|-5~70000"), rows(t.partition("1")));
  }

  @Test
  void jsonLinesFillColumnsByName() throws IOException {
    Table t = table("j", "pk STRING, vector STRING, category BIGINT");
    String text = "\uFEFF{\"pk\": \"a,1\", \"vector\": [1, 0.1, -2e-3], \"category\": 3}\n\n"
        + "{\"category\": 4, \"vector\": [1e38, 0, 5], \"pk\": 17, \"ignored\": true}\n";
    load(t, write("v.jsonl", text.getBytes(StandardCharsets.UTF_8)), null, null);
    assertEquals(List.of("a,1|1.0~0.1~-0.002|3", "17|1.0E38~0.0~5.0|4"), rows(t.partition("1")), "a BOM is skipped");
    write("bad.jsonl", "{\"pk\": 1, \"vector\": [1, \"x\"], \"category\": 1}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("bad.jsonl line 1: \"vector\" element 1 is x, not a number",
        assertThrows(ProximaException.class, () -> load(t, tmp.resolve("bad.jsonl"), null, null)).getMessage());
    write("nocat.jsonl", "{\"pk\": 1, \"vector\": [1, 2]}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("nocat.jsonl line 1: no value for column category of default.j (missing or null)",
        assertThrows(ProximaException.class, () -> load(t, tmp.resolve("nocat.jsonl"), null, null)).getMessage());
    write("badcat.jsonl", "{\"pk\": 1, \"vector\": [1, 2], \"category\": \"x\"}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("badcat.jsonl line 1, column category: 'x' is not a BIGINT",
        assertThrows(ProximaException.class, () -> load(t, tmp.resolve("badcat.jsonl"), null, null)).getMessage());
    assertEquals(List.of("a,1|1.0~0.1~-0.002|3", "17|1.0E38~0.0~5.0|4"), rows(t.partition("1")), "failed imports changed nothing");
  }

  @Test
  void foldersOfCompressedPartsContinueRowNumbersOrTakePksFromAFile() throws IOException {
    float[][] all = randomFloats(3, 9, 4);
    write("parts/part-0.fvecs.gz", gzip(fvecs(Arrays.copyOfRange(all, 0, 3))));
    write("parts/part-1.fvecs.bz2", bzip2(fvecs(Arrays.copyOfRange(all, 3, 5))));
    write("parts/sub/part-2.fvecs.zst", zstd(fvecs(Arrays.copyOfRange(all, 5, 9))));
    write("parts/_SUCCESS", new byte[0]);
    write("parts/.part-0.fvecs.gz.crc", new byte[] {1, 2, 3});
    Table t = table("f", "pk STRING, vector STRING");
    assertEquals(9, load(t, tmp.resolve("parts"), null, null));
    List<String> rows = rows(t.partition("1"));
    assertEquals(9, rows.size());
    for (int i = 0; i < 9; i++) {
      assertTrue(rows.get(i).startsWith(i + "|" + Float.toString(all[i][0]) + "~"), rows.get(i));
    }
    assertArrayEquals(fvecs(all), unload(t, FileFormat.FVECS, ".fvecs"));

    StringBuilder pks = new StringBuilder("\uFEFF");
    for (int i = 0; i < 9; i++) {
      pks.append("doc-").append(i).append('\n');
    }
    write("pks.txt", pks.toString().getBytes(StandardCharsets.UTF_8));
    load(t, tmp.resolve("parts"), null, tmp.resolve("pks.txt"));
    assertTrue(rows(t.partition("1")).get(0).startsWith("doc-0|"));
    assertTrue(rows(t.partition("1")).get(8).startsWith("doc-8|"));
    write("short.txt", "a\nb\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("short.txt has 2 pks, fewer than the vectors",
        assertThrows(ProximaException.class, () -> load(t, tmp.resolve("parts"), null, tmp.resolve("short.txt"))).getMessage());
    write("long.txt", (pks + "extra\n").getBytes(StandardCharsets.UTF_8));
    assertEquals("long.txt has more pks than the 9 vectors (line 10: extra)",
        assertThrows(ProximaException.class, () -> load(t, tmp.resolve("parts"), null, tmp.resolve("long.txt"))).getMessage());
    assertTrue(rows(t.partition("1")).get(8).startsWith("doc-8|"), "failed imports changed nothing");
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  static byte[] bzip2(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new BZip2CompressorOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  static byte[] zstd(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new io.airlift.compress.zstd.ZstdOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void badFilesNameFileAndPositionAndChangeNothing() throws IOException {
    Table t = table("b", "pk BIGINT, vector STRING");
    load(t, write("good.npy", NUMPY_F32), null, null);
    List<String> before = rows(t.partition("1"));
    List<String> files = t.partition("1").files().stream().map(f -> f.getPath().getName() + f.getLen()).toList();

    assertEquals("f8.npy: dtype '<f8' is not float32 ('<f4') or int8 ('|i1'); convert it with a.astype(numpy.float32)",
        failure(t, "f8.npy", header("<f8", false, 2, 3)));
    assertEquals("fortran.npy: it is in Fortran order; save numpy.ascontiguousarray(a) instead",
        failure(t, "fortran.npy", header("<f4", true, 2, 3)));
    assertEquals("flat.npy: shape (3,) is not 2-d (rows, dimension)", failure(t, "flat.npy", header("<f4", false, 3)));
    byte[] cut = Arrays.copyOf(NUMPY_F32, NUMPY_F32.length - 1);
    assertEquals("cut.npy: the data ends in row 1 of the 2 that shape (2, 3) promises (the file is truncated)", failure(t, "cut.npy", cut));
    byte[] longer = Arrays.copyOf(NUMPY_F32, NUMPY_F32.length + 4);
    assertEquals("long.npy: there is more data after the 2 rows that shape (2, 3) holds", failure(t, "long.npy", longer));
    assertEquals("text.npy: not a .npy file (it does not start with \\x93NUMPY)", failure(t, "text.npy", "1,2\n".getBytes(StandardCharsets.UTF_8)));

    byte[] three = fvecs(randomFloats(4, 3, 5));
    assertEquals("cut.fvecs: record 2 (counting from 0) is truncated: the file ends in its 5 values (19 of 20 bytes)",
        failure(t, "cut.fvecs", Arrays.copyOf(three, three.length - 1)));
    byte[] mixed = new byte[three.length + 8];
    System.arraycopy(three, 0, mixed, 0, three.length);
    ByteBuffer.wrap(mixed, three.length, 8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putFloat(1f);
    assertEquals("mixed.fvecs record 3 (counting from 0) has 1 components; mixed.fvecs record 0 (counting from 0) had 5",
        failure(t, "mixed.fvecs", mixed));
    assertTrue(failure(t, "big.fvecs", new byte[] {0, 0, 0, 127, 1}).startsWith("big.fvecs record 0 (counting from 0): dimension 2130706432 is not between"));

    byte[] gz = gzip(fvecs(randomFloats(5, 2000, 16)));
    String truncated = failure(t, "cut.fvecs.gz", Arrays.copyOf(gz, gz.length / 2));
    assertTrue(truncated.startsWith("cut.fvecs.gz: corrupt or truncated gz data (read up to compressed byte "), truncated);
    byte[] member = gz.clone();
    for (int i = 0; i < 10; i++) {
      member[10 + i] ^= (byte) 0x5a; // the first deflate block's header
    }
    String corrupt = failure(t, "bad.fvecs.gz", member);
    assertTrue(corrupt.startsWith("bad.fvecs.gz: corrupt or truncated gz data (read up to compressed byte "), corrupt);
    byte[] twoMembers = new byte[gz.length * 2];
    System.arraycopy(gz, 0, twoMembers, 0, gz.length);
    System.arraycopy(gz, 0, twoMembers, gz.length, gz.length);
    twoMembers[gz.length] = 0x00; // the second member's magic
    String second = failure(t, "two.fvecs.gz", twoMembers);
    assertTrue(second.startsWith("two.fvecs.gz: corrupt or truncated gz data"), second);

    float[][] nan = randomFloats(6, 3, 4);
    nan[1][2] = Float.NaN;
    assertEquals("nan.fvecs record 1 (counting from 0), column vector: component 3 (NaN) is not a finite number",
        failure(t, "nan.fvecs", fvecs(nan)), "a NaN would be written as text the table's reader then refuses");
    nan[1][2] = Float.NEGATIVE_INFINITY;
    assertEquals("inf.fvecs record 1 (counting from 0), column vector: component 3 (-Infinity) is not a finite number",
        failure(t, "inf.fvecs", fvecs(nan)));

    assertEquals(before, rows(t.partition("1")));
    assertEquals(files, t.partition("1").files().stream().map(f -> f.getPath().getName() + f.getLen()).toList(), "the partition's files are as they were");
  }

  private String failure(Table t, String name, byte[] bytes) throws IOException {
    java.nio.file.Path p = write(name, bytes);
    return assertThrows(ProximaException.class, () -> load(t, p, null, null)).getMessage();
  }

  private static byte[] header(String descr, boolean fortran, long... shape) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new NpyHeader(descr, fortran, shape).write(out);
    long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    out.write(new byte[(int) n * 8]);
    return out.toByteArray();
  }

  @Test
  void mixedFormatsAndMismatchedTablesAreRefused() throws IOException {
    write("mix/a.fvecs", fvecs(randomFloats(6, 2, 3)));
    write("mix/b.npy", NUMPY_F32);
    Table t = table("m", "pk BIGINT, vector STRING");
    assertTrue(assertThrows(ProximaException.class, () -> load(t, tmp.resolve("mix"), null, null)).getMessage()
        .contains("the files are of more than one format"));
    Table cat = table("c", "pk BIGINT, vector STRING, category BIGINT");
    assertEquals("default.c has columns a .fvecs file cannot fill (category BIGINT); import JSON lines or CSV",
        assertThrows(ProximaException.class, () -> load(cat, tmp.resolve("mix/a.fvecs"), null, null)).getMessage());
    write("s.jsonl", "{\"pk\": \"x\", \"vector\": [1]}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("s.jsonl line 1, column pk: 'x' is not a BIGINT",
        assertThrows(ProximaException.class, () -> load(t, tmp.resolve("s.jsonl"), null, null)).getMessage());
    write("s.csv", "7,1~2\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(1, load(t, tmp.resolve("s.csv"), null, null), "CSV as before");
    write("s.txt", "8,1~2\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(1, load(t, tmp.resolve("s.txt"), null, null));
    assertEquals(List.of("8|1~2"), rows(t.partition("1")));
    write("s.csv.gz", gzip("\uFEFF9,3~4\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, load(t, tmp.resolve("s.csv.gz"), null, null));
    assertEquals(List.of("9|3~4"), rows(t.partition("1")), "compressed CSV, its BOM skipped");
    write("j.jsonl.bz2", bzip2("{\"pk\": 10, \"vector\": [5, 6]}\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, load(t, tmp.resolve("j.jsonl.bz2"), null, null));
    assertEquals(List.of("10|5.0~6.0"), rows(t.partition("1")));
  }

  @Test
  void outputTablesUnloadAsIdsAndDistances() throws IOException {
    Table t = table("o", "pk BIGINT, knn_result BIGINT, score DOUBLE");
    write("o.csv", "10,3,0.5\n10,1,1.25\n4,2,0\n".getBytes(StandardCharsets.UTF_8));
    load(t, tmp.resolve("o.csv"), null, null);
    Path dir = new Path(tmp.resolve("res").toUri());
    FileUnload.Result r = FileUnload.to(t.partition("1"), local, dir, FileFormat.NPY);
    assertEquals(3, r.rows());
    String prefix = r.files().getFirst().getName().substring(0, "unload-12345678".length());
    java.nio.file.Path res = tmp.resolve("res");
    assertArrayEquals(new long[] {10, 4}, longs(res.resolve(prefix + ".queries.npy"), "(2,)"));
    assertArrayEquals(new long[] {3, 1, 2, -1}, longs(res.resolve(prefix + ".ids.npy"), "(2, 2)"));
    ByteBuffer d = data(res.resolve(prefix + ".distances.npy"), "<f4", "(2, 2)");
    assertEquals(0.5f, d.getFloat());
    assertEquals(1.25f, d.getFloat());
    assertEquals(0f, d.getFloat());
    assertTrue(Float.isNaN(d.getFloat()));

    FileUnload.Result v = FileUnload.to(t.partition("1"), local, new Path(tmp.resolve("resv").toUri()), FileFormat.FVECS);
    String p2 = v.files().getFirst().getName().substring(0, "unload-12345678".length());
    ByteBuffer ids = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("resv").resolve(p2 + ".ids.ivecs"))).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(List.of(2, 3, 1, 1, 2), List.of(ids.getInt(), ids.getInt(), ids.getInt(), ids.getInt(), ids.getInt()), "a record per query, as long as its results");
    assertEquals(12 + 8, Files.size(tmp.resolve("resv").resolve(p2 + ".distances.fvecs")));

    Table strings = table("os", "pk STRING, knn_result STRING, score DOUBLE");
    write("os.csv", "q1,d1,0.5\n".getBytes(StandardCharsets.UTF_8));
    load(strings, tmp.resolve("os.csv"), null, null);
    assertTrue(assertThrows(ProximaException.class, () -> FileUnload.to(strings.partition("1"), local, dir, FileFormat.NPY)).getMessage()
        .contains("'q1' is not an integer id"));
    write("split.csv", "1,3,0.5\n2,1,1.25\n1,2,0\n".getBytes(StandardCharsets.UTF_8));
    load(t, tmp.resolve("split.csv"), null, null);
    assertTrue(assertThrows(ProximaException.class, () -> FileUnload.to(t.partition("1"), local, dir, FileFormat.NPY)).getMessage()
        .contains("query 1 appears again after other queries"));
    assertEquals(3, Files.list(res).filter(f -> !f.getFileName().toString().startsWith(".")).count(), "failed unloads leave nothing behind");
  }

  private static ByteBuffer data(java.nio.file.Path file, String descr, String shape) throws IOException {
    try (var in = Files.newInputStream(file)) {
      NpyHeader h = NpyHeader.read(in, file.toString());
      assertEquals(descr, h.descr());
      assertEquals(shape, h.shapeText());
      return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  private static long[] longs(java.nio.file.Path file, String shape) throws IOException {
    ByteBuffer b = data(file, "<i8", shape);
    long[] v = new long[b.remaining() / 8];
    b.asLongBuffer().get(v);
    return v;
  }
}
