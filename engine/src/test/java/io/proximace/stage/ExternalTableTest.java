package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.home.Home;
import io.proximace.table.External;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.volume.Grants;
import io.proximace.volume.Privilege;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** External tables: a catalog entry over CSV files on a volume, read-only, read with the volume's Read privilege. */
class ExternalTableTest {
  private static final Schema DOCS = Schema.parse("pk STRING, vector STRING", "pt STRING");

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
}
