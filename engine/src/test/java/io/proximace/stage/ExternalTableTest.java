package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.home.Home;
import io.proximace.table.External;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.volume.LogCapture;
import io.proximace.volume.OdpsFileSystem;
import io.proximace.volume.Grants;
import io.proximace.volume.Privilege;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** External tables: a catalog entry over CSV or Parquet files on a volume, read-only, read with the volume's Read privilege. */
class ExternalTableTest {
  private static final Schema DOCS = Schema.parse("pk STRING, vector STRING", "pt STRING");
  private static final Schema PARQUET_DOCS = Schema.parse("pk STRING, vector ARRAY<FLOAT>", "pt STRING", TableFormat.PARQUET);

  @TempDir
  Path tmp;
  TestHome h;
  Path vol;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
    vol = tmp.resolve("volumes/vol");
  }

  /** Writes {@code csv} as {@code <vol>/<folder>/pt=<pt>/part.csv}. */
  private Path put(String folder, String pt, String csv) throws IOException {
    Path dir = Files.createDirectories(vol.resolve(folder).resolve("pt=" + pt));
    return Files.writeString(dir.resolve("part.csv"), csv);
  }

  private Table external(Home home, String name, String location, Map<String, String> props) throws IOException {
    return home.createExternal(home.table(name), DOCS, new External(location, props), false);
  }

  private static List<String> rows(Partition p) throws IOException {
    List<String> rows = new ArrayList<>();
    try (PartitionReader r = p.open()) {
      while (r.next()) {
        rows.add(r.field(0) + "," + r.field(1));
      }
    }
    return rows;
  }

  @Test
  void createListReadAndDropLeavesTheFiles() throws IOException {
    Path file = put("ext/docs", "1", TestHome.SEED_DOCS.replace(',', '|'));
    put("ext/docs", "2", "a.nid|1~2~3~4~5~6~7~8\n");
    external(h.home, "xdoc", "odps://default/vol/ext/docs", Map.of(External.DELIMITER, "|"));

    TableName name = h.home.table("xdoc");
    assertEquals(List.of("xdoc"), h.home.warehouse().tables("default"));
    External e = h.home.warehouse().external(name);
    assertNotNull(e, "listed as external");
    assertEquals("odps://default/vol/ext/docs/", e.location());
    assertEquals('|', e.delimiter());
    String json = Files.readString(tmp.resolve("warehouse/default/xdoc/_schema.json"));
    assertTrue(json.contains("\"external\" : true") && json.contains("\"location\" : \"odps://default/vol/ext/docs/\"")
        && json.contains("\"odps.text.option.delimiter\" : \"|\""), json);

    Table t = h.home.open(name, Privilege.SELECT);
    assertEquals(List.of("1", "2"), t.partitionValues(), "partitions are the pt= folders under the location");
    List<String> expected = TestHome.SEED_DOCS.lines().toList();
    assertEquals(expected, rows(t.partition("1")));
    assertEquals(List.of("a.nid,1~2~3~4~5~6~7~8"), rows(t.partition("2")));

    h.home.warehouse().drop(name, false);
    assertFalse(h.home.warehouse().exists(name));
    assertEquals(TestHome.SEED_DOCS.replace(',', '|'), Files.readString(file), "the files stay on the volume");
  }

  @Test
  void aTableOfTheWarehouseIsNotExternal() throws IOException {
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    assertNull(h.home.warehouse().external(h.home.table("doc")));
    assertNull(h.home.warehouse().table(h.home.table("doc")).external());
  }

  @Test
  void writesAreRefusedAndTheFilesStay() throws IOException {
    Path file = put("ext/docs", "1", TestHome.SEED_DOCS);
    Table t = external(h.home, "xdoc", "odps://default/vol/ext/docs/", Map.of());
    List<org.junit.jupiter.api.function.Executable> writes = List.of(
        () -> t.overwrite("1"), () -> t.append("1"), () -> t.addPartition("3", true), () -> t.dropPartition("1", false));
    for (var w : writes) {
      ProximaException e = assertThrows(ProximaException.class, w);
      assertTrue(e.getMessage().contains("external table over odps://default/vol/ext/docs/ and is read-only"), e.getMessage());
    }
    // nor can a run write its output there
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    ProximaException e = assertThrows(ProximaException.class, () -> h.run(h.spec("xdoc", "query", "xdoc", 8, "3", "train:build:seek:recall")));
    assertTrue(e.getMessage().contains("read-only: cannot hold a run's output"), e.getMessage());
    assertEquals(TestHome.SEED_DOCS, Files.readString(file));
    assertEquals(List.of("part.csv"), Files.list(file.getParent()).map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void readingNeedsReadOnTheVolume() throws IOException {
    put("ext/docs", "1", TestHome.SEED_DOCS);
    external(h.home, "xdoc", "odps://default/vol/ext/docs/", Map.of());
    String owner = h.home.user();
    h.home.grants("default").grant(owner, List.of(new Grants.Grant("bob", Privilege.SELECT, "xdoc")));
    Home bob = new Home(new Configuration(), new org.apache.hadoop.fs.Path(tmp.toUri()), "default", "bob");

    ProximaException e = assertThrows(ProximaException.class, () -> rows(bob.open(bob.table("xdoc"), Privilege.SELECT).partition("1")));
    assertTrue(e.getMessage().contains("user bob lacks Read on volume vol"), e.getMessage());

    h.home.grants("default").grant(owner, List.of(new Grants.Grant("bob", Privilege.READ, "vol")));
    assertEquals(TestHome.SEED_DOCS.lines().toList(), rows(bob.open(bob.table("xdoc"), Privilege.SELECT).partition("1")));
  }

  @Test
  void creatingNeedsReadOnTheVolume() throws IOException {
    String owner = h.home.user();
    h.home.grants("default").grant(owner, List.of(new Grants.Grant("bob", Privilege.CREATE_TABLE, null)));
    Home bob = new Home(new Configuration(), new org.apache.hadoop.fs.Path(tmp.toUri()), "default", "bob");
    ProximaException e = assertThrows(ProximaException.class, () -> external(bob, "bx", "odps://default/vol/ext/", Map.of()));
    assertTrue(e.getMessage().contains("user bob lacks Read on volume vol"), e.getMessage());
    assertFalse(h.home.warehouse().exists(h.home.table("bx")), "nothing was created");
  }

  @Test
  void aLocationThatLeavesTheVolumeIsRefused() throws IOException {
    for (String bad : List.of("odps://default/vol/../other/", "odps://default/vol/a/../../x", "odps://default/vol/./a",
        "odps://default/vol//a", "odps://default/vol/a%2e%2e/", "/tmp/data", "file:///tmp/data", "odps://default/")) {
      ProximaException e = assertThrows(ProximaException.class, () -> new External(bad, Map.of()), bad);
      assertTrue(e.getMessage().contains("leave its volume") || e.getMessage().contains("bad location"), bad + ": " + e.getMessage());
    }
    // a link inside the volume that leads out of it
    Path outside = Files.createDirectories(tmp.resolve("outside/pt=1"));
    Files.writeString(outside.resolve("secret.csv"), "s.nid,1~1~1~1~1~1~1~1\n");
    Files.createDirectories(vol);
    Files.createSymbolicLink(vol.resolve("linkout"), tmp.resolve("outside"));
    ProximaException e = assertThrows(ProximaException.class, () -> external(h.home, "x1", "odps://default/vol/linkout/", Map.of()));
    assertTrue(e.getMessage().contains("leads outside volume vol"), e.getMessage());
    assertFalse(h.home.warehouse().exists(h.home.table("x1")));

    // a link made after the table was created is refused when read
    put("ext/docs", "1", TestHome.SEED_DOCS);
    Table t = external(h.home, "x2", "odps://default/vol/ext/docs/", Map.of());
    Files.createSymbolicLink(vol.resolve("ext/docs/pt=2"), tmp.resolve("outside/pt=1"));
    e = assertThrows(ProximaException.class, () -> rows(t.partition("2")));
    assertTrue(e.getMessage().contains("leads outside volume vol"), e.getMessage());
  }

  @Test
  void badSerdePropertiesAreRefused() {
    assertThrows(ProximaException.class, () -> new External("odps://default/vol/a/", Map.of(External.DELIMITER, "ab")));
    ProximaException e = assertThrows(ProximaException.class, () -> new External("odps://default/vol/a/", Map.of("x.y", "1")));
    assertTrue(e.getMessage().contains("unknown serde property 'x.y'"), e.getMessage());
    assertEquals('\t', new External("odps://default/vol/a/", Map.of(External.DELIMITER, "\\t")).delimiter());
  }

  @Test
  void theRunnerOverAnExternalTableEqualsTheRunnerOverAnImportedOne() throws IOException {
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    put("ext/docs", "1", TestHome.SEED_DOCS.replace(',', ';'));
    put("ext/queries", "1", TestHome.SEED_QUERIES);
    external(h.home, "xdoc", "odps://default/vol/ext/docs/", Map.of(External.DELIMITER, ";"));
    external(h.home, "xquery", "odps://default/vol/ext/queries/", Map.of());

    h.run(h.spec("doc", "query", "out_imported", 8, "3", "train:build:seek:recall"));
    h.run(h.spec("xdoc", "xquery", "out_external", 8, "3", "train:build:seek:recall"));
    List<String> imported = h.rows("out_imported", "1");
    assertEquals(9, imported.size(), imported.toString());
    assertEquals(imported, h.rows("out_external", "1"));
  }

  /**
   * Writes {@code csvRows} ({@code pk,1~2~3} lines) as a Parquet file of Spark's shape (an optional STRING pk and
   * a three-level LIST of FLOAT), with parquet's own example writer: a file another tool wrote.
   */
  private static void parquet(Path file, String csvRows, boolean withVector) throws IOException {
    MessageType type = MessageTypeParser.parseMessageType(withVector
        ? "message spark_schema { optional binary pk (STRING); optional group vector (LIST) { repeated group list { optional float element; } } }"
        : "message spark_schema { optional binary pk (STRING); }");
    Files.createDirectories(file.getParent());
    try (var out = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri())).withType(type).build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(type);
      for (String line : csvRows.lines().toList()) {
        String[] f = line.split(",");
        Group g = groups.newGroup().append("pk", f[0]);
        if (withVector) {
          Group list = g.addGroup("vector");
          for (String c : f[1].split("~")) {
            list.addGroup("list").append("element", Float.parseFloat(c));
          }
        }
        out.write(g);
      }
    }
  }

  /** Rows as {@code pk,v1~v2~...} with each component read as a float (an ARRAY column) or as text (a STRING one). */
  private static List<String> vectors(Partition p) throws IOException {
    List<String> rows = new ArrayList<>();
    boolean array = p.table().schema().format() == TableFormat.PARQUET;
    float[] v = new float[64];
    try (PartitionReader r = p.open()) {
      while (r.next()) {
        StringBuilder b = new StringBuilder(r.field(0)).append(',');
        if (array) {
          int n = r.floats(1, v, v.length);
          for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "~" : "").append(v[i]);
          }
        } else {
          String[] parts = r.field(1).split("~");
          for (int i = 0; i < parts.length; i++) {
            b.append(i > 0 ? "~" : "").append(Float.parseFloat(parts[i]));
          }
        }
        rows.add(b.toString());
      }
    }
    return rows;
  }

  @Test
  void parquetFilesAnotherToolWroteAreTheRunnersInputAsTheImportedRowsAre() throws IOException {
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    List<String> docs = TestHome.SEED_DOCS.lines().toList();
    parquet(vol.resolve("pq/docs/pt=1/part-00000.parquet"), String.join("\n", docs.subList(0, 4)), true);
    parquet(vol.resolve("pq/docs/pt=1/part-00001.parquet"), String.join("\n", docs.subList(4, docs.size())), true);
    Files.writeString(vol.resolve("pq/docs/pt=1/_SUCCESS"), "");
    parquet(vol.resolve("pq/queries/pt=1/q.parquet"), TestHome.SEED_QUERIES, true);
    h.home.createExternal(h.home.table("xdoc"), PARQUET_DOCS, new External("odps://default/vol/pq/docs/", Map.of()), false);
    h.home.createExternal(h.home.table("xquery"), PARQUET_DOCS, new External("odps://default/vol/pq/queries/", Map.of()), false);

    Table x = h.home.open(h.home.table("xdoc"), Privilege.SELECT);
    assertEquals(TableFormat.PARQUET, x.schema().format());
    assertEquals(vectors(h.home.warehouse().table(h.home.table("doc")).partition("1")), vectors(x.partition("1")),
        "the rows of both files, in file order, equal the imported rows");

    h.run(h.spec("doc", "query", "out_imported", 8, "3", "train:build:seek:recall"));
    h.run(h.spec("xdoc", "xquery", "out_external", 8, "3", "train:build:seek:recall"));
    List<String> imported = h.rows("out_imported", "1");
    assertEquals(9, imported.size(), imported.toString());
    assertEquals(imported, h.rows("out_external", "1"));
  }

  @Test
  void aParquetFileWithoutATableColumnNamesTheFileAndTheColumn() throws IOException {
    parquet(vol.resolve("pq/docs/pt=1/part-00000.parquet"), TestHome.SEED_DOCS, true);
    parquet(vol.resolve("pq/docs/pt=1/part-00001.parquet"), "z.nid,1~1\n", false);
    Table t = h.home.createExternal(h.home.table("xdoc"), PARQUET_DOCS, new External("odps://default/vol/pq/docs/", Map.of()), false);
    ProximaException e = assertThrows(ProximaException.class, () -> vectors(t.partition("1")));
    assertEquals("table default.xdoc, partition pt=1, file part-00001.parquet: the Parquet file has no column vector (it has [pk]; "
        + "the table has pk STRING, vector ARRAY<FLOAT>)", e.getMessage());
    // a Parquet file behind a link that leads out of the volume is refused, as a CSV one is
    parquet(tmp.resolve("outside/pt=2/secret.parquet"), TestHome.SEED_DOCS, true);
    Files.createSymbolicLink(vol.resolve("pq/docs/pt=2"), tmp.resolve("outside/pt=2"));
    e = assertThrows(ProximaException.class, () -> vectors(t.partition("2")));
    assertTrue(e.getMessage().contains("leads outside volume vol"), e.getMessage());
    // and a Parquet table has no field delimiter
    e = assertThrows(ProximaException.class, () -> h.home.createExternal(h.home.table("x2"), PARQUET_DOCS,
        new External("odps://default/vol/pq/docs/", Map.of(External.DELIMITER, "|")), false));
    assertTrue(e.getMessage().contains("is stored as parquet, whose files have no field delimiter"), e.getMessage());
  }

  @Test
  void anUnpartitionedTableIsTheFilesDirectlyUnderItsLocationAsOnePartition() throws IOException {
    List<String> docs = TestHome.SEED_DOCS.lines().toList();
    Path flat = Files.createDirectories(vol.resolve("flat"));
    Files.writeString(flat.resolve("part-0.csv"), String.join("\n", docs.subList(0, 6)) + "\n");
    Files.writeString(flat.resolve("part-1.csv"), String.join("\n", docs.subList(6, docs.size())) + "\n");
    Files.writeString(flat.resolve("_SUCCESS"), "not data\n");
    Files.writeString(flat.resolve(".part-0.csv.crc"), "not data\n");
    put("flat", "9", "in.a.folder,9~9~9~9~9~9~9~9\n"); // a folder under an unpartitioned table's location is not read
    h.home.createExternal(h.home.table("xflat"), DOCS, new External("odps://default/vol/flat", Map.of(), false), false);
    assertTrue(Files.readString(tmp.resolve("warehouse/default/xflat/_schema.json")).contains("\"partitioned\" : false"));

    Table t = h.home.open(h.home.table("xflat"), Privilege.SELECT);
    assertFalse(t.external().partitioned());
    assertEquals(List.of(External.WHOLE), t.partitionValues());
    assertEquals(docs, rows(t.partition(External.WHOLE)), "hidden files (_SUCCESS, .crc) and folders are skipped");
    ProximaException e = assertThrows(ProximaException.class, () -> t.partition("9"));
    assertTrue(e.getMessage().contains("is an external table without partitions: its one partition, the files directly under "
        + "odps://default/vol/flat/, is named all"), e.getMessage());

    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    h.run(h.spec("doc", "query", "out_imported", 8, "3", "train:build:seek:recall"));
    h.run(h.builder("xflat", "query", "out_external", 8, "3", "train:build:seek:recall").docs(h.home.table("xflat"), External.WHOLE).build());
    assertEquals(h.rows("out_imported", "1"), h.rows("out_external", "1"));
  }

  @Test
  void aFolderWhoseNameIsNoPartitionValueIsSkippedWithAWarning() throws IOException {
    put("ext/docs", "1", TestHome.SEED_DOCS);
    put("ext/docs", "a b", "x.nid,1~1~1~1~1~1~1~1\n");
    put("ext/docs", "", "y.nid,1~1~1~1~1~1~1~1\n");
    Table t = external(h.home, "xdoc", "odps://default/vol/ext/docs/", Map.of());
    String log;
    try (LogCapture capture = new LogCapture()) {
      assertEquals(List.of("1"), t.partitionValues());
      log = capture.log();
    }
    List<String> warnings = log.lines().filter(l -> l.startsWith("WARN")).toList();
    assertEquals(2, warnings.size(), log);
    assertTrue(warnings.stream().anyMatch(l -> l.contains("skipping folder pt=a b under odps://default/vol/ext/docs/")), log);
    assertTrue(warnings.stream().anyMatch(l -> l.contains("skipping folder pt= under odps://default/vol/ext/docs/")), log);
    assertEquals(TestHome.SEED_DOCS.lines().toList(), rows(t.partition("1")));
  }

  @Test
  void theLocationsProjectFollowsTheProjectNameRule() {
    for (String bad : List.of("odps://9p/vol/a/", "odps://p-q/vol/a/", "odps://" + "p".repeat(65) + "/vol/a/")) {
      ProximaException e = assertThrows(ProximaException.class, () -> new External(bad, Map.of()), bad);
      assertTrue(e.getMessage().startsWith("bad project name"), bad + ": " + e.getMessage());
    }
    assertEquals("p_9", new External("odps://p_9/vol/a", Map.of()).project());
  }

  /** An {@code odps://} file system that counts the instances open (initialized and not yet closed). */
  public static final class CountingFs extends FilterFileSystem {
    static final AtomicInteger OPENED = new AtomicInteger();
    static final AtomicInteger OPEN = new AtomicInteger();
    private boolean closed;

    public CountingFs() {
      super(new OdpsFileSystem());
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
      fs.setConf(conf); // as FileSystem.get does for the instance it makes
      fs.initialize(name, conf);
      super.initialize(name, conf);
      OPENED.incrementAndGet();
      OPEN.incrementAndGet();
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        OPEN.decrementAndGet();
      }
      super.close();
    }
  }

  @Test
  void everyFileSystemAnExternalTableOpensIsClosed() throws IOException {
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    put("ext/docs", "1", TestHome.SEED_DOCS);
    parquet(vol.resolve("pq/docs/pt=1/part-00000.parquet"), TestHome.SEED_DOCS, true);
    external(h.home, "xdoc", "odps://default/vol/ext/docs/", Map.of());
    h.home.createExternal(h.home.table("pdoc"), PARQUET_DOCS, new External("odps://default/vol/pq/docs/", Map.of()), false);
    h.home.conf().set("fs.odps.impl", CountingFs.class.getName());
    CountingFs.OPENED.set(0);
    CountingFs.OPEN.set(0);

    for (String doc : List.of("xdoc", "pdoc")) {
      Table t = h.home.open(h.home.table(doc), Privilege.SELECT);
      assertEquals(List.of("1"), t.partitionValues());
      assertEquals(10, rows(t.partition("1")).size());
      assertEquals(doc.equals("pdoc") ? 10 : -1, t.partition("1").recordedRows(), "Parquet footers count rows; CSV files are not read for it");
      h.run(h.spec(doc, "query", "out_" + doc, 8, "3", "train:build:seek:recall"));
      assertEquals(9, h.rows("out_" + doc, "1").size());
    }
    assertTrue(CountingFs.OPENED.get() > 4, "the tables were read through odps:// (" + CountingFs.OPENED.get() + " opened)");
    assertEquals(0, CountingFs.OPEN.get(), "every odps:// file system opened was closed (" + CountingFs.OPENED.get() + " opened)");
  }
}
