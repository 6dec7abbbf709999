package io.proximace.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.column.ParquetProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParquetTableTest {
  @TempDir
  Path tmp;
  Warehouse w;

  @BeforeEach
  void setUp() throws IOException {
    w = new Warehouse(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(tmp.toUri()));
  }

  private Table create(String name, String columns, TableFormat format) throws IOException {
    return w.create(new TableName("p", name), Schema.parse(columns, "pt STRING", format), false);
  }

  private static void importCsv(Table t, String value, String csv) throws IOException {
    CsvImport.into(t, value, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "in.csv", ',', false);
  }

  /** Rows with awkward pks (comma, quote, non-ASCII), random float components, BIGINT and DOUBLE columns. */
  private static String randomCsv(int rows, int dim, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      String pk = switch (i % 4) {
        case 0 -> "doc" + i;
        case 1 -> "\"a,b " + i + "\"";
        case 2 -> "\"say \"\"hi\"\" " + i + "\"";
        default -> "ü-" + i;
      };
      b.append(pk).append(',');
      for (int j = 0; j < dim; j++) {
        b.append(j > 0 ? "~" : "").append(i % 7 == 0 ? Integer.toString(r.nextInt(200) - 100) : Float.toString((float) r.nextGaussian()));
      }
      b.append(',').append(r.nextInt(1000) - 500).append(',').append(r.nextDouble() * 1e3).append('\n');
    }
    return b.toString();
  }

  private static List<String[]> texts(Partition p) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (PartitionReader r = p.open()) {
      while (r.next()) {
        String[] row = new String[r.fieldCount()];
        for (int f = 0; f < row.length; f++) {
          row[f] = r.field(f);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void parquetTablesGiveTheRowsOfTheSameCsvImportedIntoACsvTable() throws IOException {
    String csv = randomCsv(500, 8, 7);
    Table c = create("c", "pk STRING, vector STRING, category BIGINT, w DOUBLE", TableFormat.CSV);
    Table s = create("s", "pk STRING, vector STRING, category BIGINT, w DOUBLE", TableFormat.PARQUET);
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>, category BIGINT, w DOUBLE", TableFormat.PARQUET);
    for (Table t : List.of(c, s, a)) {
      importCsv(t, "1", csv);
    }
    assertTrue(Files.isRegularFile(tmp.resolve("p/a/pt=1/part-00000.parquet")));
    assertEquals(500, a.partition("1").recordedRows());
    try (var f = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(tmp.resolve("p/a/pt=1/part-00000.parquet").toUri()), new Configuration()))) {
      var leaf = f.getFileMetaData().getSchema().getColumns().get(1);
      assertEquals("vector.list.element", String.join(".", leaf.getPath()));
      assertTrue(ParquetFloatPages.fits(leaf, f.getRowGroups().get(0).getColumns().get(1)), "our vectors take the page decoder");
    }
    assertEquals(-1, c.partition("1").recordedRows());
    List<String[]> cr = texts(c.partition("1"));
    List<String[]> sr = texts(s.partition("1"));
    assertEquals(500, cr.size());
    for (int i = 0; i < cr.size(); i++) {
      assertArrayEquals(cr.get(i), sr.get(i), "row " + (i + 1) + ": a STRING vector keeps its text exactly");
    }
    try (PartitionReader r = a.partition("1").open()) {
      float[] v = new float[8];
      for (String[] row : cr) {
        assertTrue(r.next());
        assertEquals(row[0], r.field(0));
        assertEquals(row[2], r.field(2));
        assertEquals(Double.parseDouble(row[3]), Double.parseDouble(r.field(3)));
        assertEquals(8, r.floats(1, v, 8));
        String[] parts = row[1].split("~");
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < 8; j++) {
          assertEquals(Float.parseFloat(parts[j]), v[j], "component " + j + " of " + row[0]);
          text.append(j > 0 ? "~" : "").append(Float.toString(Float.parseFloat(parts[j])));
        }
        assertEquals(text.toString(), r.field(1), "an ARRAY column as text: components joined by ~");
      }
      assertFalse(r.next());
    }
  }

  @Test
  void appendAddsAPartFileAndOverwriteReplacesThem() throws IOException {
    Table a = create("a", "pk BIGINT, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    importCsv(a, "1", "1,1~2\n2,3~4\n");
    try (PartitionWriter pw = a.append("1")) {
      pw.writer().field(3L).field("5~6").endRow();
      pw.commit();
    }
    assertEquals(2, a.partition("1").files().size());
    assertEquals(List.of("1|1.0~2.0", "2|3.0~4.0", "3|5.0~6.0"), texts(a.partition("1")).stream().map(r -> r[0] + "|" + r[1]).sorted().toList());
    importCsv(a, "1", "9,0~0\n");
    assertEquals(List.of("9|0.0~0.0"), texts(a.partition("1")).stream().map(r -> r[0] + "|" + r[1]).toList());
  }

  @Test
  void unloadWritesAParquetPartitionAsCsv() throws IOException {
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>, w DOUBLE", TableFormat.PARQUET);
    importCsv(a, "1", "\"x,1\",1~2.5,0.25\ny,-3~4,7\n");
    TableUnload.Result r = TableUnload.to(a.partition("1"), a.fs(), new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()),
        TableFormat.CSV, ',', 1 << 20);
    assertEquals(2, r.rows());
    assertEquals("\"x,1\",1.0~2.5,0.25\ny,-3.0~4.0,7.0\n", Files.readString(Path.of(r.files().get(0).toUri())));
  }

  @Test
  void unloadWritesAPartitionAsAParquetFileThatReadsBackRowForRow() throws IOException {
    Table csv = create("c", "pk STRING, vector STRING, n BIGINT, w DOUBLE", TableFormat.CSV);
    importCsv(csv, "1", randomCsv(300, 40, 5));
    TableUnload.Result r = TableUnload.to(csv.partition("1"), csv.fs(), new org.apache.hadoop.fs.Path(tmp.resolve("pq").toUri()),
        TableFormat.PARQUET, ',', 1);
    assertEquals(300, r.rows());
    assertEquals(1, r.files().size(), "one Parquet file whatever the split size");
    assertTrue(r.files().get(0).getName().matches("unload-[0-9a-f]{8}-00000\\.parquet"), r.files().toString());
    // the file is a Parquet table's partition file: as one, it reads back the CSV table's rows
    Table back = create("back", "pk STRING, vector STRING, n BIGINT, w DOUBLE", TableFormat.PARQUET);
    back.addPartition("1", false);
    Files.copy(Path.of(r.files().get(0).toUri()), tmp.resolve("p/back/pt=1/part-00000.parquet"));
    List<String> want = texts(csv.partition("1")).stream().map(x -> String.join("|", x)).toList();
    assertEquals(want, texts(back.partition("1")).stream().map(x -> String.join("|", x)).toList());
  }

  @Test
  void theFormatIsRecordedAndOldSchemasReadAsCsv() throws IOException {
    create("a", "pk STRING, vector ARRAY< float >", TableFormat.PARQUET);
    Table again = w.table(new TableName("p", "a"));
    assertEquals(TableFormat.PARQUET, again.schema().format());
    assertEquals("pk STRING, vector ARRAY<FLOAT>", again.schema().columnsDdl());
    Schema old = Schema.fromJson("{\"columns\":[{\"name\":\"pk\",\"type\":\"STRING\"}],\"partition\":{\"name\":\"pt\",\"type\":\"STRING\"}}");
    assertEquals(TableFormat.CSV, old.format());
    assertEquals(old, Schema.fromJson(old.toJson()));
    ProximaException e = assertThrows(ProximaException.class, () -> Schema.parse("pk STRING, vector ARRAY<FLOAT>", "pt STRING"));
    assertTrue(e.getMessage().startsWith("column vector ARRAY<FLOAT>: ARRAY<FLOAT> columns need a Parquet table"), e.getMessage());
    assertEquals("unknown table format 'orc': expected csv or parquet", assertThrows(ProximaException.class, () -> TableFormat.parse("orc")).getMessage());
  }

  @Test
  void aBadVectorInAnImportNamesTheLineAndColumnAndWritesNothing() throws IOException {
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    importCsv(a, "1", "x,1~2\n");
    ProximaException e = assertThrows(ProximaException.class, () -> importCsv(a, "1", "y,1~2\nz,1~oops\n"));
    assertTrue(e.getMessage().startsWith("in.csv line 2, column vector: not a vector of floats joined by ~: "), e.getMessage());
    assertEquals(List.of("x"), texts(a.partition("1")).stream().map(r -> r[0]).toList(), "the partition is as it was");
  }

  @Test
  void aParquetFileThatLacksAColumnOrHoldsAnotherTypeIsNamed() throws IOException {
    Table other = create("other", "pk STRING, vec ARRAY<FLOAT>", TableFormat.PARQUET);
    importCsv(other, "1", "x,1~2\n");
    Table strings = create("strings", "pk STRING, vector STRING", TableFormat.PARQUET);
    importCsv(strings, "1", "x,1~2\n");
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    a.addPartition("1", false);
    Path part = tmp.resolve("p/a/pt=1/part-00007.parquet");
    Files.copy(tmp.resolve("p/other/pt=1/part-00000.parquet"), part);
    ProximaException e = assertThrows(ProximaException.class, () -> texts(a.partition("1")));
    assertEquals("table p.a, partition pt=1, file part-00007.parquet: the Parquet file has no column vector (it has [pk, vec]; "
        + "the table has pk STRING, vector ARRAY<FLOAT>)", e.getMessage());
    Files.delete(part);
    Files.copy(tmp.resolve("p/strings/pt=1/part-00000.parquet"), part);
    e = assertThrows(ProximaException.class, () -> texts(a.partition("1")));
    assertEquals("table p.a, partition pt=1, file part-00007.parquet: column vector is required binary vector (STRING) in the "
        + "Parquet file, which does not fit the table's ARRAY<FLOAT> (a LIST of FLOAT or DOUBLE)", e.getMessage());
    Files.delete(part);
    Files.writeString(part, "not parquet at all");
    e = assertThrows(ProximaException.class, () -> texts(a.partition("1")));
    assertTrue(e.getMessage().startsWith("table p.a, partition pt=1, file part-00007.parquet: not a readable Parquet file ("), e.getMessage());
  }

  /**
   * A file from another writer (parquet's example Group writer, as Spark-style tools write them): several row groups
   * and pages, columns in another order and case, an extra column, INT32 and FLOAT physical types, an optional
   * vector with nulls and empty lists; with DOUBLE elements (the column reader's path) or FLOAT ones (the page
   * decoder's path), in v1 and v2 pages.
   */
  @ParameterizedTest
  @CsvSource({"double, PARQUET_1_0", "float, PARQUET_1_0", "float, PARQUET_2_0"})
  void filesFromAnotherWriterReadRowForRow(String element, ParquetProperties.WriterVersion version) throws IOException {
    Table a = create("a", "pk BIGINT, vector ARRAY<FLOAT>, w DOUBLE", TableFormat.PARQUET);
    a.addPartition("1", false);
    org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType("""
        message spark_schema {
          optional group VECTOR (LIST) { repeated group list { optional %s element; } }
          required binary extra (STRING);
          required float W;
          required int32 Pk;
        }""".formatted(element));
    Random r = new Random(5);
    int n = 3000;
    float[][] want = new float[n][];
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("p/a/pt=1/part-00001.parquet").toUri());
    try (var out = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(file).withType(type).withWriterVersion(version)
        .withRowGroupSize(64 * 1024).withPageSize(4096).withDictionaryEncoding(false).build()) {
      var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
      for (int i = 0; i < n; i++) {
        var g = groups.newGroup();
        if (i % 11 != 3) { // else a null list
          int dim = i % 13 == 0 ? 0 : 1 + r.nextInt(40);
          want[i] = new float[dim];
          var list = g.addGroup("VECTOR");
          for (int j = 0; j < dim; j++) {
            want[i][j] = (float) r.nextGaussian();
            if (element.equals("float")) {
              list.addGroup("list").append("element", want[i][j]);
            } else {
              list.addGroup("list").append("element", (double) want[i][j]);
            }
          }
        } else {
          want[i] = new float[0];
        }
        g.append("extra", "x" + i).append("W", i / 4f).append("Pk", i * 7);
        out.write(g);
      }
    }
    try (var f = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file,
        new Configuration()))) {
      assertTrue(f.getRowGroups().size() > 3, "several row groups: " + f.getRowGroups().size());
      var leaf = f.getFileMetaData().getSchema().getColumns().get(0);
      assertEquals(element.equals("float"), ParquetFloatPages.fits(leaf, f.getRowGroups().get(0).getColumns().get(0)),
          "the page decoder reads FLOAT lists only");
    }
    assertEquals(n, a.partition("1").recordedRows());
    try (PartitionReader rows = a.partition("1").open()) {
      float[] v = new float[64];
      for (int i = 0; i < n; i++) {
        assertTrue(rows.next());
        assertEquals(Integer.toString(i * 7), rows.field(0));
        assertEquals(Float.toString(i / 4f), rows.field(2));
        int dim = rows.floats(1, v, v.length);
        assertArrayEquals(want[i], java.util.Arrays.copyOf(v, dim), "row " + i);
      }
      assertFalse(rows.next());
    }
  }

  @Test
  void theLegacyTwoLevelListReadsToo() throws IOException {
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    a.addPartition("1", false);
    org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
        "message m { required binary pk (STRING); required group vector (LIST) { repeated float array; } }");
    try (var out = org.apache.parquet.hadoop.example.ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(tmp.resolve("p/a/pt=1/part-00000.parquet").toUri())).withType(type).build()) {
      var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
      for (int i = 0; i < 3; i++) {
        var g = groups.newGroup().append("pk", "k" + i);
        var list = g.addGroup("vector");
        for (int j = 0; j <= i; j++) {
          list.append("array", i + j / 2f);
        }
        out.write(g);
      }
    }
    assertEquals(List.of("k0|0.0", "k1|1.0~1.5", "k2|2.0~2.5~3.0"),
        texts(a.partition("1")).stream().map(row -> row[0] + "|" + row[1]).toList());
  }

  /** What no vector text can hold, a NaN, and a list of the wrong length fail the runner's read, naming the row. */
  @Test
  void nonFiniteComponentsAndWrongLengthsAreNamed() throws IOException {
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    a.addPartition("1", false);
    org.apache.parquet.schema.MessageType type = ParquetRowWriter.messageType(a.schema());
    try (var out = org.apache.parquet.hadoop.example.ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(tmp.resolve("p/a/pt=1/part-00000.parquet").toUri())).withType(type).build()) {
      var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
      float[][] rows = {{1, 2}, {1, Float.NaN}, {1, 2, 3}};
      for (int i = 0; i < rows.length; i++) {
        var g = groups.newGroup().append("pk", "k" + i);
        var list = g.addGroup("vector");
        for (float x : rows[i]) {
          list.addGroup("list").append("element", x);
        }
        out.write(g);
      }
    }
    io.proximace.input.RowFormat format = new io.proximace.input.RowFormat(2, io.proximace.vector.DataType.FLOAT, false,
        io.proximace.vector.PkType.STRING, '~');
    List<String> seen = new ArrayList<>();
    ProximaException e = assertThrows(ProximaException.class, () -> {
      try (PartitionReader rows = a.partition("1").open()) {
        io.proximace.input.VectorInput.forEach(rows, a.schema(), format, "doc", (i, buf, ps, pe, lp, v) -> seen.add(
            new String(buf, ps, pe - ps, StandardCharsets.UTF_8)));
      }
    });
    assertEquals(List.of("k0"), seen);
    assertEquals("doc table p.a, partition pt=1, row 2 (part-00000.parquet row 2), pk 'k1', column vector: component 2 (NaN) "
        + "is not a finite number", e.getMessage());
    io.proximace.input.RowFormat three = new io.proximace.input.RowFormat(3, io.proximace.vector.DataType.FLOAT, false,
        io.proximace.vector.PkType.STRING, '~');
    e = assertThrows(ProximaException.class, () -> io.proximace.input.VectorInput.checkFirstRows(a.partition("1"), three, "query"));
    assertEquals("query table p.a, partition pt=1, row 1 (part-00000.parquet row 1), pk 'k0', column vector: expected 3 "
        + "components (-dimension 3), found 2", e.getMessage());
  }

  /** A null list element would shift the components after it, and a DECIMAL read as its unscaled integer: both refused. */
  @Test
  void nullElementsAndAnnotatedNumbersAreRefusedNotMisread() throws IOException {
    Table a = create("a", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET);
    a.addPartition("1", false);
    org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
        "message m { required binary pk (STRING); required group vector (LIST) { repeated group list { optional float element; } } }");
    try (var out = org.apache.parquet.hadoop.example.ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(tmp.resolve("p/a/pt=1/part-00000.parquet").toUri())).withType(type).build()) {
      var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
      var ok = groups.newGroup().append("pk", "k0");
      var list = ok.addGroup("vector");
      list.addGroup("list").append("element", 1f);
      list.addGroup("list").append("element", 2f);
      out.write(ok);
      var bad = groups.newGroup().append("pk", "k1");
      var holes = bad.addGroup("vector");
      holes.addGroup("list").append("element", 1f);
      holes.addGroup("list"); // a null element
      holes.addGroup("list").append("element", 3f);
      out.write(bad);
    }
    ProximaException e = assertThrows(ProximaException.class, () -> texts(a.partition("1")));
    assertEquals("table p.a, partition pt=1, file part-00000.parquet, row 2: a null element in list column vector", e.getMessage());

    Table d = create("d", "pk STRING, n BIGINT", TableFormat.PARQUET);
    d.addPartition("1", false);
    org.apache.parquet.schema.MessageType dec = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
        "message m { required binary pk (STRING); required int64 n (DECIMAL(10,2)); }");
    try (var out = org.apache.parquet.hadoop.example.ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(tmp.resolve("p/d/pt=1/part-00000.parquet").toUri())).withType(dec).build()) {
      out.write(new org.apache.parquet.example.data.simple.SimpleGroupFactory(dec).newGroup().append("pk", "x").append("n", 123L));
    }
    e = assertThrows(ProximaException.class, () -> texts(d.partition("1")));
    assertTrue(e.getMessage().contains("column n is required int64 n (DECIMAL(10,2)) in the Parquet file, which does not fit "
        + "the table's BIGINT"), e.getMessage());
  }
}
