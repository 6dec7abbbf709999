package io.proximace.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {
  @TempDir
  java.nio.file.Path tmp;
  Warehouse wh;
  TableName doc = new TableName("default", "doc");

  @BeforeEach
  void setUp() throws IOException {
    wh = new Warehouse(FileSystem.getLocal(new Configuration()), new Path(tmp.toUri()));
  }

  private Table create() throws IOException {
    return wh.create(doc, Schema.parse("pk STRING, vector STRING", "pt STRING"), false);
  }

  private static long load(Table t, String pt, String csv) throws IOException {
    return CsvImport.into(t, pt, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "input.csv", ',', false);
  }

  private static List<String> rows(Partition p) throws IOException {
    List<String> rows = new ArrayList<>();
    try (PartitionReader r = p.open()) {
      while (r.next()) {
        rows.add(r.field(0) + "|" + r.field(1));
      }
    }
    return rows;
  }

  @Test
  void createsTablesAsHiveFoldersWithASchemaFile() throws IOException {
    Table t = create();
    assertTrue(Files.exists(tmp.resolve("default/doc/_schema.json")));
    assertEquals(List.of("doc"), wh.tables("default"));
    Table again = wh.table(doc);
    assertEquals("pk STRING, vector STRING", again.schema().columnsDdl());
    assertEquals("pt STRING", again.schema().partition().toString());
    t.addPartition("20230116", false);
    assertTrue(Files.isDirectory(tmp.resolve("default/doc/pt=20230116")));
    assertEquals(List.of("20230116"), t.partitionValues());
    assertEquals("partition pt=20230116 of table default.doc already exists",
        assertThrows(ProximaException.class, () -> t.addPartition("20230116", false)).getMessage());
    assertEquals("table default.doc already exists", assertThrows(ProximaException.class, this::create).getMessage());
  }

  @Test
  void importReplacesAPartitionAndABadLineChangesNothing() throws IOException {
    Table t = create();
    assertEquals(2, load(t, "1", "a,1~2\n\"b,c\",3~4\n"));
    assertEquals(List.of("a|1~2", "b,c|3~4"), rows(t.partition("1")));
    ProximaException e = assertThrows(ProximaException.class, () -> load(t, "1", "x,1\ny,2,3\n"));
    assertEquals("input.csv line 2: expected 2 columns (pk STRING, vector STRING), found 3", e.getMessage());
    assertEquals(List.of("a|1~2", "b,c|3~4"), rows(t.partition("1")), "the old rows survive a failed import");
    assertEquals(1, load(t, "1", "z,9\n"));
    assertEquals(List.of("z|9"), rows(t.partition("1")));
    try (var files = Files.list(tmp.resolve("default/doc"))) {
      assertEquals(List.of("_schema.json", "pt=1"), files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
          "no staging folders left behind");
    }
  }

  @Test
  void importChecksTypesAndHeaders() throws IOException {
    Table t = wh.create(new TableName("default", "typed"), Schema.parse("pk BIGINT, vector STRING, category BIGINT", "pt STRING"), false);
    ProximaException e = assertThrows(ProximaException.class, () -> load(t, "1", "1,1~2,7\nx,1~2,7\n"));
    assertEquals("input.csv line 2, column pk: 'x' is not a BIGINT", e.getMessage());
    long n = CsvImport.into(t, "1", new ByteArrayInputStream("category;vector;pk\n7;1~2;5\n".getBytes(StandardCharsets.UTF_8)),
        "in", ';', true);
    assertEquals(1, n);
    try (PartitionReader r = t.partition("1").open()) {
      assertTrue(r.next());
      assertEquals("5", r.field(0));
      assertEquals("1~2", r.field(1));
      assertEquals("7", r.field(2));
    }
  }

  @Test
  void namesMissingTablesAndPartitions() throws IOException {
    assertEquals("table default.doc does not exist (project default has no tables)",
        assertThrows(ProximaException.class, () -> wh.table(doc)).getMessage());
    Table t = create();
    t.addPartition("a", false);
    assertEquals("partition pt=b of table default.doc does not exist (partitions: a)",
        assertThrows(ProximaException.class, () -> t.partition("b")).getMessage());
    assertEquals("table default.other does not exist (tables in default: doc)",
        assertThrows(ProximaException.class, () -> wh.table(new TableName("default", "other"))).getMessage());
    assertEquals("b", t.parseSpec("pt=b"));
    assertEquals("b", t.parseSpec("pt='b'"));
    assertEquals("b", t.parseSpec("b"));
    assertEquals("table default.doc is partitioned by pt, not by 'ds'",
        assertThrows(ProximaException.class, () -> t.parseSpec("ds=1")).getMessage());
    assertThrows(ProximaException.class, () -> t.parseSpec("pt=../x"));
    t.dropPartition("a", false);
    assertFalse(t.hasPartition("a"));
    wh.drop(doc, false);
    assertFalse(wh.exists(doc));
  }

  @Test
  void tableNamesFollowProximaCeRules() {
    assertEquals(new TableName("p", "t"), TableName.parse("p.t", "default"));
    assertEquals(new TableName("default", "t"), TableName.parse("t", "default"));
    assertEquals("bad table name 'my_tmp_docs': it contains 'tmp_', which Proxima CE reserves for its temporary tables",
        assertThrows(ProximaException.class, () -> TableName.parse("my_tmp_docs", "default")).getMessage());
    assertEquals("bad table name 'a.b.c': a table name may contain no '.' other than the one in project.table",
        assertThrows(ProximaException.class, () -> TableName.parse("a.b.c", "default")).getMessage());
    String longName = "t".repeat(65);
    assertEquals("bad table name '" + longName + "': longer than 64 characters (65)",
        assertThrows(ProximaException.class, () -> TableName.parse(longName, "default")).getMessage());
    TableName.parse("t".repeat(64), "default");
    assertThrows(ProximaException.class, () -> TableName.parse("1abc", "default"));
  }

  @Test
  void schemasParseAndRejectMistakes() {
    Schema s = Schema.parse("pk bigint, vector string, category BIGINT", "pt string");
    assertEquals("pk BIGINT, vector STRING, category BIGINT", s.columnsDdl());
    assertEquals(s, Schema.fromJson(s.toJson()));
    assertEquals("unknown column type 'FLOAT': expected STRING, BIGINT, DOUBLE or ARRAY<FLOAT>",
        assertThrows(ProximaException.class, () -> Schema.parse("pk STRING, vector FLOAT", "pt STRING")).getMessage());
    assertEquals("column 'PK' is declared twice",
        assertThrows(ProximaException.class, () -> Schema.parse("pk STRING, PK STRING", "pt STRING")).getMessage());
    assertThrows(ProximaException.class, () -> Schema.parse("pk", "pt STRING"));
  }
}
