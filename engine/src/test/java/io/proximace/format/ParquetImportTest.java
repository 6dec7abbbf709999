package io.proximace.format;

import static io.proximace.format.FormatsTest.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.table.TableUnload;
import io.proximace.table.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code table import} and {@code load} of Parquet files laid out as pandas/pyarrow, Spark and proxima-ce write them. */
class ParquetImportTest {
  /** pyarrow 13 and later (and pandas' to_parquet) for float32 lists; Spark 3/4 too, but with a STRING pk. */
  static final String PYARROW = "message schema { optional int64 pk; optional group vector (LIST) { repeated group list { optional float element; } } }";
  /** pyarrow before 13: the element is named {@code item}. */
  static final String PYARROW_ITEM = "message schema { optional int64 pk; optional group vector (LIST) { repeated group list { optional float item; } } }";
  /** Spark's {@code writeLegacyFormat=true}, nullable elements: a {@code bag} of {@code array}. */
  static final String SPARK_LEGACY = "message spark_schema { optional binary pk (STRING); optional group vector (LIST) { repeated group bag { optional float array; } } }";
  /** Spark's legacy layout for non-null elements, the 2-level list, and an int32 pk. */
  static final String TWO_LEVEL = "message spark_schema { required int32 pk; optional group vector (LIST) { repeated float array; } }";
  /** pandas' default for float64 lists. */
  static final String PANDAS_DOUBLE = "message schema { optional int64 pk; optional group vector (LIST) { repeated group list { optional double element; } } }";
  /** What proxima-ce writes (all required). */
  static final String OURS = "message row { required int64 pk; required group vector (LIST) { repeated group list { required float element; } } }";

  @TempDir
  java.nio.file.Path tmp;
  FileSystem local;
  Warehouse wh;

  @BeforeEach
  void setUp() throws IOException {
    local = FileSystem.getLocal(new Configuration());
    wh = new Warehouse(local, new Path(tmp.resolve("wh").toUri()));
  }

  private Table table(String name, String columns, TableFormat format) throws IOException {
    return wh.create(new TableName("default", name), Schema.parse(columns, "pt STRING", format), false);
  }

  /** Imports a folder's part files, or one file named by its file name, as {@code table import} names a file as typed. */
  private long load(Table t, java.nio.file.Path path) throws IOException {
    List<Source> sources = Files.isDirectory(path) ? Source.under(local, new Path(path.toUri()))
        : List.of(Source.of(local, local.getFileStatus(new Path(path.toUri())), path.getFileName().toString()));
    return FileImport.load(t, "1", sources, new FileImport.Options(null, null, ',', false), true);
  }

  private String failure(Table t, java.nio.file.Path path) {
    return assertThrows(ProximaException.class, () -> load(t, path)).getMessage();
  }

  /** Writes {@code rows} with parquet-java's example writer, as {@code schema} lays them out (SNAPPY when the name says so). */
  private java.nio.file.Path parquet(String name, String schema, List<Consumer<Group>> rows) throws IOException {
    java.nio.file.Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    MessageType type = MessageTypeParser.parseMessageType(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new Path(p.toUri())).withConf(new Configuration()).withType(type)
        .withCompressionCodec(name.contains(".snappy.") ? CompressionCodecName.SNAPPY : CompressionCodecName.UNCOMPRESSED).build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(type);
      for (Consumer<Group> r : rows) {
        Group g = groups.newGroup();
        r.accept(g);
        w.write(g);
      }
    }
    return p;
  }

  /** A row of {@code schema}'s layout: its pk typed as the schema says, the components as a list of its element type. */
  private static Consumer<Group> row(String schema, long pk, double... v) {
    MessageType type = MessageTypeParser.parseMessageType(schema);
    return g -> {
      switch (type.getType("pk").asPrimitiveType().getPrimitiveTypeName()) {
        case INT32 -> g.append("pk", (int) pk);
        case INT64 -> g.append("pk", pk);
        default -> g.append("pk", Long.toString(pk));
      }
      Group list = g.addGroup("vector");
      var repeated = type.getType("vector").asGroupType().getType(0);
      for (double x : v) {
        if (repeated.isPrimitive()) {
          list.append(repeated.getName(), (float) x);
        } else {
          var element = repeated.asGroupType().getType(0).asPrimitiveType();
          Group entry = list.addGroup(repeated.getName());
          switch (element.getPrimitiveTypeName()) {
            case DOUBLE -> entry.append(element.getName(), x);
            default -> entry.append(element.getName(), (float) x);
          }
        }
      }
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {PYARROW, PYARROW_ITEM, SPARK_LEGACY, TWO_LEVEL, PANDAS_DOUBLE, OURS})
  void everyListLayoutImportsIntoCsvAndParquetTables(String schema) throws IOException {
    java.nio.file.Path file = parquet("v.parquet", schema, List.of(row(schema, 7, 1.5, -2, 0.1), row(schema, 8, 3, 1e-40, -0.0)));
    List<String> want = List.of("7|1.5~-2.0~0.1", "8|3.0~1.0E-40~-0.0");
    Table csv = table("c", "pk BIGINT, vector STRING", TableFormat.CSV);
    assertEquals(2, load(csv, file));
    assertEquals(want, rows(csv.partition("1")));
    Table pq = table("p", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    assertEquals(2, load(pq, file));
    assertEquals(want, rows(pq.partition("1")));
  }

  /**
   * Files pyarrow 25.0.1 and pandas 2.3.3 wrote (resources beside this class; SNAPPY, dictionary-encoded floats):
   * <pre>
   * pd.DataFrame({"pk": ["a", "b,c"], "vector": [np.array([1.5, -2, 0.1], dtype=np.float32),
   *     np.array([3, 1e-40, -0.0], dtype=np.float32)], "note": ["x", None]}).to_parquet("pandas_f32.parquet")
   * pd.DataFrame({"pk": [7, 8], "vector": [[1.5, -2.0, 0.1], [1 + 2.0**-24, 1e-40, -0.0]]}).to_parquet("pandas_f64.parquet")
   * pq.write_table(pa.table({"pk": pa.array([1, 2], pa.int32()), "vector": pa.array([[1.5, -2, 0.1], [3, 1e-40, -0.0]],
   *     pa.list_(pa.float32(), 3))}), "arrow_fixed.parquet", compression="zstd")  # a fixed_size_list: a plain LIST in the file
   * </pre>
   */
  @Test
  void filesPandasAndPyarrowWroteImport() throws IOException {
    Table f32 = table("f32", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    java.nio.file.Path pandas = resource("pandas_f32.parquet");
    load(f32, pandas);
    assertEquals(List.of("a|1.5~-2.0~0.1", "b,c|3.0~1.0E-40~-0.0"), rows(f32.partition("1")));
    Table noted = table("noted", "pk STRING, vector ARRAY<FLOAT>, note STRING", TableFormat.PARQUET);
    assertEquals("pandas_f32.parquet row 2: no value for column note of default.noted (missing or null)",
        failure(noted, pandas), "a null (None) is no value, as a JSON line's null is");
    Table f64 = table("f64", "pk BIGINT, vector STRING", TableFormat.CSV);
    load(f64, resource("pandas_f64.parquet"));
    assertEquals(List.of("7|1.5~-2.0~0.1", "8|1.0~1.0E-40~-0.0"), rows(f64.partition("1")), "float64 narrowed, the tie to even");
    Table fixed = table("fixed", "pk BIGINT, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    load(fixed, resource("arrow_fixed.parquet"));
    assertEquals(List.of("1|1.5~-2.0~0.1", "2|3.0~1.0E-40~-0.0"), rows(fixed.partition("1")));
  }

  private java.nio.file.Path resource(String name) throws IOException {
    java.nio.file.Path p = tmp.resolve(name);
    try (var in = ParquetImportTest.class.getResourceAsStream(name)) {
      Files.copy(in, p);
    }
    return p;
  }

  /**
   * A LIST of DOUBLE (pandas' float64) is narrowed to the nearest float, ties to even: numpy's {@code astype(float32)}, Java's
   * {@code (float)} and the Parquet table reader all do so. Text of the same double may round the other way at an exact tie.
   */
  @Test
  void doublesNarrowToTheNearestFloat() throws IOException {
    double tie = 1 + Math.scalb(1.0, -24); // halfway between the floats 1 and 1 + 2^-23
    double above = Math.nextUp(tie);
    java.nio.file.Path file = parquet("d.parquet", PANDAS_DOUBLE, List.of(row(PANDAS_DOUBLE, 1, tie, above, 0.1, Double.MIN_VALUE)));
    Table t = table("d", "pk BIGINT, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    load(t, file);
    assertEquals(List.of("1|1.0~1.0000001~0.1~0.0"), rows(t.partition("1")));
    assertEquals(1.0000001f, Float.parseFloat(Double.toString(tie)), "the tie's shortest text rounds up; the double itself to even");
  }

  @Test
  void sparkFoldersOfPartFilesImportInOrderByColumnName() throws IOException {
    String spark = "message spark_schema { optional binary category_name (STRING); optional group vector (LIST) { repeated group list "
        + "{ optional float element; } } optional binary pk (STRING); optional int32 category; }";
    Consumer<Group> a = g -> fill(g, "a", 1, 1, 2);
    parquet("spark/part-00000-4f1c2e55-0001-c000.snappy.parquet", spark, List.of(a, g -> fill(g, "b", 2, 3, 4)));
    parquet("spark/part-00001-4f1c2e55-0001-c000.snappy.parquet", spark, List.of(g -> fill(g, "c,d", 3, 5, 6)));
    Files.write(tmp.resolve("spark/_SUCCESS"), new byte[0]);
    assertTrue(Files.exists(tmp.resolve("spark/.part-00000-4f1c2e55-0001-c000.snappy.parquet.crc")), "Hadoop's checksum side file, skipped");
    Table t = table("s", "pk STRING, vector ARRAY<FLOAT>, category BIGINT", TableFormat.PARQUET);
    assertEquals(3, load(t, tmp.resolve("spark")));
    assertEquals(List.of("a|1.0~2.0|1", "b|3.0~4.0|2", "c,d|5.0~6.0|3"), rows(t.partition("1")));
  }

  private static void fill(Group g, String pk, int category, float... v) {
    g.append("category_name", "ignored").append("pk", pk).append("category", category);
    Group list = g.addGroup("vector");
    for (float x : v) {
      list.addGroup("list").append("element", x);
    }
  }

  /** unload --format parquet, then import: the same floats bit for bit (any finite pattern), the same text for text vectors. */
  @Test
  void unloadedParquetImportsBackBitForBit() throws IOException {
    byte[] original = FormatsTest.fvecs(FormatsTest.randomFloats(11, 200, 24));
    java.nio.file.Path fvecs = tmp.resolve("in.fvecs");
    Files.write(fvecs, original);
    Table floats = table("f", "pk BIGINT, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    load(floats, fvecs);
    Path out = new Path(tmp.resolve("out").toUri());
    TableUnload.to(floats.partition("1"), local, out, TableFormat.PARQUET, ',', Long.MAX_VALUE);
    Table back = table("b", "pk BIGINT, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    assertEquals(200, load(back, tmp.resolve("out")));
    Table text = table("t", "pk BIGINT, vector STRING", TableFormat.CSV);
    load(text, tmp.resolve("out"));
    for (Table t : List.of(back, text)) {
      FileUnload.Result r = FileUnload.to(t.partition("1"), local, new Path(tmp.resolve("fv-" + t.name().name()).toUri()), FileFormat.FVECS);
      byte[] again = Files.readAllBytes(java.nio.file.Path.of(r.files().stream().filter(f -> f.getName().endsWith(".fvecs")).findFirst().orElseThrow().toUri()));
      assertArrayEquals(original, again, t.name().toString());
    }

    Table csv = table("csv", "pk STRING, vector STRING", TableFormat.CSV);
    Files.writeString(tmp.resolve("t.csv"), "a,1~2~3\n\"b,c\",1e3~-0~0.10\n");
    load(csv, tmp.resolve("t.csv"));
    TableUnload.to(csv.partition("1"), local, new Path(tmp.resolve("outs").toUri()), TableFormat.PARQUET, ',', Long.MAX_VALUE);
    Table csv2 = table("csv2", "pk STRING, vector STRING", TableFormat.CSV);
    load(csv2, tmp.resolve("outs"));
    assertEquals(List.of("a|1~2~3", "b,c|1e3~-0~0.10"), rows(csv2.partition("1")), "a STRING vector's text goes through as CSV's does");
    Table pq = table("pq", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    load(pq, tmp.resolve("outs"));
    assertEquals(List.of("a|1.0~2.0~3.0", "b,c|1000.0~-0.0~0.1"), rows(pq.partition("1")));
  }

  @Test
  void badFilesNameFileRowAndColumnAndChangeNothing() throws IOException {
    Table t = table("bad", "pk BIGINT, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    load(t, parquet("good.parquet", OURS, List.of(row(OURS, 1, 1, 2))));
    List<String> before = rows(t.partition("1"));
    List<String> files = t.partition("1").files().stream().map(f -> f.getPath().getName() + f.getLen()).toList();

    String noVector = "message m { required int64 pk; required group emb (LIST) { repeated group list { required float element; } } }";
    java.nio.file.Path f = parquet("novec.parquet", noVector, List.of(g -> g.append("pk", 1L).addGroup("emb").addGroup("list").append("element", 1f)));
    assertEquals(f.getFileName() + ": the Parquet file has no column vector (it has [pk, emb]; the table has pk BIGINT, vector ARRAY<FLOAT>)", failure(t, f));

    String ints = "message m { required int64 pk; required int64 vector; }";
    f = parquet("int.parquet", ints, List.of(g -> g.append("pk", 1L).append("vector", 5L)));
    assertEquals(f.getFileName() + ": column vector is required int64 vector in the Parquet file; a vector column must be a LIST of FLOAT or DOUBLE, "
        + "or a STRING of components joined by ~", failure(t, f));

    String intList = "message m { required int64 pk; required group vector (LIST) { repeated group list { required int32 element; } } }";
    f = parquet("intlist.parquet", intList, List.of(g -> g.append("pk", 1L).addGroup("vector").addGroup("list").append("element", 1)));
    assertTrue(failure(t, f).startsWith("intlist.parquet: column vector is required group vector (LIST)"), failure(t, f));

    f = parquet("nullelem.parquet", PYARROW, List.of(row(PYARROW, 1, 1, 2), g -> {
      g.append("pk", 2L);
      Group list = g.addGroup("vector");
      list.addGroup("list").append("element", 1f);
      list.addGroup("list"); // a null element
    }));
    assertEquals(f.getFileName() + " row 2: a null element in list column vector", failure(t, f));

    f = parquet("empty.parquet", PYARROW, List.of(row(PYARROW, 1, 1, 2), g -> g.append("pk", 2L)));
    assertEquals(f.getFileName() + " row 2, column vector: the vector is empty or null", failure(t, f));

    f = parquet("short.parquet", PYARROW, List.of(row(PYARROW, 1, 1, 2), row(PYARROW, 2, 1, 2, 3)));
    assertEquals(f.getFileName() + " row 2 has 3 components; " + f.getFileName() + " row 1 had 2", failure(t, f));

    f = parquet("nan.parquet", PYARROW, List.of(row(PYARROW, 1, 1, 2), row(PYARROW, 2, 1, Float.NaN)));
    assertEquals(f.getFileName() + " row 2, column vector: component 2 (NaN) is not a finite number", failure(t, f));
    Table strings = table("bads", "pk BIGINT, vector STRING", TableFormat.CSV);
    assertEquals(f.getFileName() + " row 2, column vector: component 2 (NaN) is not a finite number", failure(strings, f), "not NaN as text");
    assertTrue(!strings.hasPartition("1"), "nothing written");

    String text = "message m { optional binary pk (STRING); optional binary vector (STRING); }";
    f = parquet("text.parquet", text, List.of(g -> g.append("pk", "1").append("vector", "1~2"), g -> g.append("pk", "2").append("vector", "1~x")));
    assertEquals(f.getFileName() + " row 2, column vector: component 2 'x' is not a number", failure(t, f));
    f = parquet("pk.parquet", text, List.of(g -> g.append("pk", "1").append("vector", "1~2"), g -> g.append("pk", "two").append("vector", "1~2")));
    assertEquals(f.getFileName() + " row 2, column pk: 'two' is not a BIGINT", failure(t, f));

    String doublePk = "message m { required double pk; required binary vector (STRING); }";
    f = parquet("dpk.parquet", doublePk, List.of(g -> g.append("pk", 1.5).append("vector", "1~2")));
    assertEquals(f.getFileName() + ": column pk is required double pk in the Parquet file, which does not fit the table's BIGINT", failure(t, f));

    java.nio.file.Path notParquet = tmp.resolve("csv.parquet");
    Files.writeString(notParquet, "1,1~2\n");
    assertTrue(failure(t, notParquet).startsWith("csv.parquet: not a readable Parquet file ("), failure(t, notParquet));
    java.nio.file.Path gz = tmp.resolve("good.parquet.gz");
    Files.write(gz, FormatsTest.gzip(Files.readAllBytes(tmp.resolve("good.parquet"))));
    assertEquals("good.parquet.gz: a Parquet file compresses its own pages; import the .parquet file itself, not a compressed copy", failure(t, gz));
    Source stdin = new Source("standard input", () -> Files.newInputStream(tmp.resolve("good.parquet")));
    assertTrue(assertThrows(ProximaException.class, () -> FileImport.load(t, "1", List.of(stdin), new FileImport.Options(FileFormat.PARQUET, null, ',', false), true))
        .getMessage().startsWith("standard input: a Parquet file is read by position"));
    Files.writeString(tmp.resolve("pks.txt"), "1\n");
    Source pks = Source.of(local, local.getFileStatus(new Path(tmp.resolve("pks.txt").toUri())), "pks.txt");
    assertEquals("--pks is for formats without pks (npy, fvecs, bvecs, ivecs); parquet rows carry their own pk",
        assertThrows(ProximaException.class, () -> FileImport.load(t, "1", Source.under(local, new Path(tmp.resolve("good.parquet").toUri())),
            new FileImport.Options(null, pks, ',', false), true)).getMessage());

    assertEquals(before, rows(t.partition("1")));
    assertEquals(files, t.partition("1").files().stream().map(p -> p.getPath().getName() + p.getLen()).toList(), "the partition's files are as they were");
  }

  @Test
  void parquetIsNamedByExtension() {
    assertEquals(FileFormat.PARQUET, FileFormat.of("part-00000-4f1c-c000.snappy.parquet"));
    assertEquals(FileFormat.PARQUET, FileFormat.parse("Parquet"));
  }

  @Test
  void aNanAnotherToolWroteReadsAsItsTextAndIsRefusedWhereAVectorIsNeeded() throws IOException {
    java.nio.file.Path f = parquet("other/nan.parquet", OURS, List.of(row(OURS, 1, 1, 2), row(OURS, 2, 3, Float.NaN)));
    try (io.proximace.table.ParquetRowReader r = io.proximace.table.ParquetRowReader.forImport(local, local.getFileStatus(new Path(f.toUri())),
        Schema.parse("pk BIGINT, vector ARRAY<FLOAT>", "pt STRING", TableFormat.PARQUET), "nan.parquet")) {
      assertTrue(r.next());
      assertEquals("1.0~2.0", r.field(1));
      assertTrue(r.next());
      assertEquals("3.0~NaN", r.field(1), "SELECT and table show print what the file holds");
    }
    Table t = table("fromnan", "pk BIGINT, vector STRING", TableFormat.CSV);
    assertEquals("nan.parquet row 2, column vector: component 2 (NaN) is not a finite number", failure(t, f));
  }

  /** pk, a text and a number column, all optional: pyarrow's and Spark's layout, where any value may be null. */
  static final String NULLABLE = "message m { optional binary pk (STRING); optional group vector (LIST) { repeated group list { optional float element; } } "
      + "optional int64 cat; optional binary name (STRING); }";

  private static Consumer<Group> nullable(String pk, Long cat, String name) {
    return g -> {
      if (pk != null) {
        g.append("pk", pk);
      }
      if (cat != null) {
        g.append("cat", cat);
      }
      if (name != null) {
        g.append("name", name);
      }
      g.addGroup("vector").addGroup("list").append("element", 1f);
    };
  }

  @Test
  void aNullIsNoValueAsInJsonLinesNotEmptyText() throws IOException {
    Table t = table("nulls", "pk STRING, vector STRING, cat BIGINT, name STRING", TableFormat.CSV);
    java.nio.file.Path f = parquet("nullpk.parquet", NULLABLE, List.of(nullable("a", 1L, "x"), nullable(null, 2L, "y")));
    assertEquals("nullpk.parquet row 2: no value for column pk of default.nulls (missing or null)", failure(t, f));
    f = parquet("nullcat.parquet", NULLABLE, List.of(nullable("a", 1L, "x"), nullable("b", null, "y")));
    assertEquals("nullcat.parquet row 2: no value for column cat of default.nulls (missing or null)", failure(t, f), "not '' is not a BIGINT");
    f = parquet("nullname.parquet", NULLABLE, List.of(nullable("a", 1L, "x"), nullable("b", 2L, null)));
    assertEquals("nullname.parquet row 2: no value for column name of default.nulls (missing or null)", failure(t, f));
    f = parquet("empty.parquet", NULLABLE, List.of(nullable("a", 1L, "x"), nullable("b", 2L, "")));
    assertEquals(2, load(t, f), "empty text is a value");
    assertEquals(List.of("a|1.0|1|x", "b|1.0|2|"), rows(t.partition("1")));
  }

  @Test
  void aTypeThatDoesNotFitNamesTheTablesOwnType() throws IOException {
    String intList = "message m { required int64 pk; required group vector (LIST) { repeated group list { required int32 element; } } }";
    java.nio.file.Path f = parquet("intlist.parquet", intList, List.of(g -> g.append("pk", 1L).addGroup("vector").addGroup("list").append("element", 1)));
    String m = failure(table("vs", "pk BIGINT, vector STRING", TableFormat.CSV), f);
    assertTrue(m.startsWith("intlist.parquet: column vector is required group vector (LIST)") && m.endsWith("which does not fit the table's STRING (a LIST of FLOAT or DOUBLE)"), m);
    String enumCat = "message m { required int64 pk; required binary vector (STRING); required binary cat (ENUM); }";
    f = parquet("enum.parquet", enumCat, List.of(g -> g.append("pk", 1L).append("vector", "1~2").append("cat", "RED")));
    assertEquals("enum.parquet: column cat is required binary cat (ENUM) in the Parquet file, which does not fit the table's BIGINT",
        failure(table("ec", "pk BIGINT, vector STRING, cat BIGINT", TableFormat.CSV), f));
  }

  @Test
  void aNanInASecondListColumnNamesFileRowAndColumn() throws IOException {
    String two = "message m { required int64 pk; required group vector (LIST) { repeated group list { required float element; } } "
        + "required group v2 (LIST) { repeated group list { required float element; } } }";
    java.nio.file.Path f = parquet("nan2.parquet", two, List.of(g -> {
      g.append("pk", 1L);
      g.addGroup("vector").addGroup("list").append("element", 1f);
      g.addGroup("v2").addGroup("list").append("element", Float.NaN);
    }));
    Table t = table("two", "pk BIGINT, vector ARRAY<FLOAT>, v2 ARRAY<FLOAT>", TableFormat.PARQUET);
    assertEquals("nan2.parquet row 1, column v2: not a vector of floats joined by ~: component 1 'NaN' is not a finite number", failure(t, f));
    assertTrue(!t.hasPartition("1"), "nothing written");
  }
}
