package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External tables from the command line and the SQL console: create, list, describe, show, drop, refusals, runner input. */
class ExternalTablesTest {
  @TempDir
  Path tmp;
  Cli cli;
  Path docs;

  @BeforeEach
  void setUp() throws IOException {
    cli = new Cli(tmp.resolve("home"));
    ok("vfs", "-create", "vol", "-storage_provider", "local", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
    docs = Files.createDirectories(tmp.resolve("vol/ext/docs/pt=1")).resolve("part-0.csv");
    Files.writeString(docs, SeedExample.DOCS.replace(',', '|'));
    Files.writeString(Files.createDirectories(tmp.resolve("vol/ext/queries/pt=1")).resolve("q.csv"), SeedExample.QUERIES);
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  private String fails(String... args) {
    Cli.Result r = cli.run(args);
    assertNotEquals(0, r.code(), String.join(" ", args) + "\nout: " + r.out());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r.err();
  }

  @Test
  void createListDescribeShowAndDropLeavesTheFiles() throws IOException {
    assertEquals("external table default.xdoc (pk STRING, vector STRING) partitioned by (pt STRING) at odps://default/vol/ext/docs/\n",
        ok("table", "create-external", "xdoc", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/docs", "--delimiter", "|"));
    ok("table", "create", "plain", "pk STRING, vector STRING");
    assertTrue(ok("table", "create-external", "xdoc", "a STRING", "--location", "odps://default/vol/other/", "--if-not-exists")
        .startsWith("external table default.xdoc (pk STRING, vector STRING) partitioned by (pt STRING) at odps://default/vol/ext/docs/"));
    assertTrue(fails("table", "create-external", "plain", "a STRING", "--location", "odps://default/vol/x/", "--if-not-exists")
        .contains("table default.plain already exists and is not external"));
    assertTrue(fails("table", "create-external", "xdoc", "a STRING", "--location", "odps://default/vol/x/")
        .contains("table default.xdoc already exists"));
    assertEquals("plain\nxdoc (external)\n", ok("table", "list"));
    String d = ok("table", "describe", "xdoc");
    assertTrue(d.contains("location:       odps://default/vol/ext/docs/\n")
        && d.contains("external:       read-only CSV, 'odps.text.option.delimiter'='|'\n")
        && d.contains("  pt=1  1 file, " + Files.size(docs) + " bytes\n"), d);
    assertEquals("pk,vector,pt\n1.nid,1~1~1~1~1~1~1~1,1\n2.nid,2~2~2~2~2~2~2~2,1\n",
        ok("table", "show", "xdoc", "pt=1", "--format", "csv", "--limit", "2"));

    Files.writeString(tmp.resolve("more.csv"), "z.nid,1~1~1~1~1~1~1~1\n");
    assertTrue(fails("table", "import", "xdoc", "pt=1", "--file", tmp.resolve("more.csv").toString())
        .contains("table default.xdoc is an external table over odps://default/vol/ext/docs/ and is read-only"));
    assertTrue(fails("table", "drop-partition", "xdoc", "pt=1").contains("is read-only: cannot drop partition pt=1"));
    assertTrue(fails("table", "add-partition", "xdoc", "pt=2").contains("is read-only: cannot add partition pt=2"));

    assertEquals("table default.xdoc dropped\n", ok("table", "drop", "xdoc"));
    assertEquals("plain\n", ok("table", "list"));
    assertEquals(SeedExample.DOCS.replace(',', '|'), Files.readString(docs), "the files stay");
  }

  @Test
  void filesDirectlyUnderTheLocationAreNamedAsInNoPartition() throws IOException {
    Files.writeString(tmp.resolve("vol/ext/loose.csv"), "a.nid,1~1~1~1~1~1~1~1\n");
    Files.writeString(tmp.resolve("vol/ext/_SUCCESS"), "");
    String out = ok("table", "create-external", "x", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/");
    assertTrue(out.endsWith("note: the location holds 1 file outside the partition folders; the table reads only its pt=<value>/ "
        + "folders (--unpartitioned reads the files directly under the location)\n"), out);
    assertTrue(ok("table", "describe", "x").contains("partitions:     0\n"));
  }

  @Test
  void anUnpartitionedTableReadsTheFilesUnderItsLocationAsPartitionAll() throws IOException {
    Path flat = Files.createDirectories(tmp.resolve("vol/flat"));
    Files.writeString(flat.resolve("part-0.csv"), SeedExample.DOCS);
    Files.writeString(flat.resolve("_SUCCESS"), "");
    Files.writeString(flat.resolve(".part-0.csv.crc"), "not data");
    assertEquals("external table default.xflat (pk STRING, vector STRING) unpartitioned at odps://default/vol/flat/\n",
        ok("table", "create-external", "xflat", "pk STRING, vector STRING", "--location", "odps://default/vol/flat/", "--unpartitioned"));
    assertTrue(fails("table", "create-external", "x2", "pk STRING, vector STRING", "--location", "odps://default/vol/flat/",
        "--unpartitioned", "--partitioned-by", "dt STRING").contains("--unpartitioned and --partitioned-by dt STRING contradict each other"));
    String d = ok("table", "describe", "xflat");
    assertTrue(d.contains("partitioned by: none (one partition, all: the files directly under the location)\n")
        && d.contains("  pt=all  1 file, " + Files.size(flat.resolve("part-0.csv")) + " bytes\n"), d);
    // MaxCompute's statement without PARTITIONED BY is the same table
    String out = ok("sql", "-e", "create external table sflat (pk string, vector string) stored by 'com.aliyun.odps.CsvStorageHandler' "
        + "location 'odps://default/vol/flat/'; select count(*) as n from sflat;");
    assertTrue(out.replaceAll(" +", " ").contains("| 10 |"), out);
    Files.createDirectories(tmp.resolve("vol/flat-parts/pt=1"));
    String parts = ok("sql", "-e", "create external table sparts (pk string, vector string) stored by 'com.aliyun.odps.CsvStorageHandler' "
        + "location 'odps://default/vol/flat-parts/';");
    assertTrue(parts.contains("note: the location holds 1 folder (pt=1); the table has no partitions and reads only the files "
        + "directly under the location (in SQL, PARTITIONED BY (pt STRING) reads pt=<value>/ folders)"), parts);
    String first = ok("sql", "-e", "select * from sflat order by pk limit 1;").replaceAll(" +", " ");
    assertTrue(first.contains("| pk | vector |\n"), "no partition column: " + first);
    assertTrue(fails("sql", "-e", "show partitions sflat;").contains("table default.sflat is not partitioned"));
    Files.writeString(tmp.resolve("doc.csv"), SeedExample.DOCS);
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("doc.csv").toString());
    ok("table", "create-external", "xquery", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/queries/");
    String[] common = {"-query_table", "xquery", "-query_table_partition", "1", "-output_table_partition", "1",
        "-data_type", "float", "-dimension", "8", "-topk", "3", "-external_volume", "vol", "-owner_id", "me"};
    ok(concat(new String[] {"run", "-doc_table", "doc", "-doc_table_partition", "1", "-output_table", "out_imported"}, common));
    ok(concat(new String[] {"run", "-doc_table", "sflat", "-doc_table_partition", "all", "-output_table", "out_flat"}, common));
    String imported = ok("table", "show", "out_imported", "pt=1", "--format", "csv");
    assertEquals(10, imported.lines().count(), imported);
    assertEquals(imported, ok("table", "show", "out_flat", "pt=1", "--format", "csv"));
    assertTrue(fails(concat(new String[] {"run", "-doc_table", "sflat", "-doc_table_partition", "1", "-output_table", "out_x"}, common))
        .contains("its one partition, the files directly under odps://default/vol/flat/, is named all"));
  }

  /** Writes {@code csvRows} as a Parquet file of Spark's shape (STRING pk, a LIST of FLOAT), with parquet's example writer. */
  private static void parquet(Path file, String csvRows) throws IOException {
    org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType("message spark_schema "
        + "{ optional binary pk (STRING); optional group vector (LIST) { repeated group list { optional float element; } } }");
    Files.createDirectories(file.getParent());
    try (var out = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withType(type).build()) {
      var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
      for (String line : csvRows.lines().toList()) {
        String[] f = line.split(",");
        var g = groups.newGroup();
        if (!f[0].equals("NULL")) { // NULL: the field is left out, a null as Spark and pandas write it
          g.append("pk", f[0]);
        }
        var list = g.addGroup("vector");
        for (String c : f[1].split("~")) {
          list.addGroup("list").append("element", Float.parseFloat(c));
        }
        out.write(g);
      }
    }
  }

  @Test
  void aNullInAParquetFileIsNullInSqlNotEmptyText() throws IOException {
    parquet(tmp.resolve("vol/pn/pt=1/part-00000.parquet"), "a,1~2\nNULL,3~4\n,5~6\n");
    String out = ok("sql", "-e", """
        create external table pn (pk string, vector array<float>) partitioned by (pt string) stored as parquet
        location 'odps://default/vol/pn/';
        select count(*) as c, count(pk) as n from pn;
        select count(*) as nulls from pn where pk is null;
        select count(*) as empties from pn where pk = '';
        """).replaceAll(" +", " ");
    assertTrue(out.contains("| c | n |\n+") && out.contains("| 3 | 2 |"), out);
    assertTrue(out.contains("| nulls |") && out.contains("| 1 |\n"), out);
    assertTrue(out.contains("| empties |"), out);
    assertEquals(2, out.lines().filter(l -> l.equals("| 1 |")).count(), "one null, one empty text: " + out);
  }

  @Test
  void parquetFilesOnTheVolumeAreATableInSqlAndForTheRunner() throws IOException {
    parquet(tmp.resolve("vol/pq/docs/pt=1/part-00000.parquet"), SeedExample.DOCS);
    Files.writeString(tmp.resolve("vol/pq/docs/pt=1/_SUCCESS"), "");
    parquet(tmp.resolve("vol/pq/queries/pt=1/part-00000.parquet"), SeedExample.QUERIES);
    String out = ok("sql", "-e", """
        create external table pdoc (pk string, vector array<float>) partitioned by (pt string) stored as parquet
        location 'odps://default/vol/pq/docs/';
        select * from pdoc where pt='1' order by pk limit 2;
        """);
    assertTrue(out.replaceAll(" +", " ").contains("| 1.nid | 1.0~1.0~1.0~1.0~1.0~1.0~1.0~1.0 | 1 |"), out);
    assertTrue(out.replaceAll(" +", " ").contains("| 10.nid | 10.0~10.0~10.0~10.0~10.0~10.0~10.0~10.0 | 1 |"), out);
    assertTrue(ok("table", "describe", "pdoc").contains("external:       read-only PARQUET, no serde properties\n"));
    assertEquals("external table default.pquery (pk STRING, vector ARRAY<FLOAT>) partitioned by (pt STRING) stored as parquet "
        + "at odps://default/vol/pq/queries/\n", ok("table", "create-external", "pquery", "pk STRING, vector ARRAY<FLOAT>",
        "--location", "odps://default/vol/pq/queries/", "--format", "parquet"));
    assertTrue(fails("table", "create-external", "bad", "pk STRING, vector ARRAY<FLOAT>", "--location", "odps://default/vol/pq/queries/",
        "--format", "parquet", "--delimiter", "|").contains("is stored as parquet, whose files have no field delimiter"));

    Files.writeString(tmp.resolve("doc.csv"), SeedExample.DOCS);
    Files.writeString(tmp.resolve("query.csv"), SeedExample.QUERIES);
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("doc.csv").toString());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("query.csv").toString());
    String[] common = {"-doc_table_partition", "1", "-query_table_partition", "1", "-output_table_partition", "1",
        "-data_type", "float", "-dimension", "8", "-topk", "3", "-external_volume", "vol", "-owner_id", "me"};
    ok(concat(new String[] {"run", "-doc_table", "doc", "-query_table", "query", "-output_table", "out_imported"}, common));
    ok(concat(new String[] {"run", "-doc_table", "pdoc", "-query_table", "pquery", "-output_table", "out_parquet"}, common));
    String imported = ok("table", "show", "out_imported", "pt=1", "--format", "csv");
    assertEquals(10, imported.lines().count(), imported);
    assertEquals(imported, ok("table", "show", "out_parquet", "pt=1", "--format", "csv"));
  }

  @Test
  void aUserWithoutReadOnTheVolumeIsRefused() {
    ok("table", "create-external", "xdoc", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/docs/", "--delimiter", "|");
    ok("acl", "grant", "Select", "on", "table", "xdoc", "to", "user", "bob");
    Cli bob = new Cli(cli.home, "bob");
    Cli.Result r = bob.run("table", "show", "xdoc", "pt=1");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("user bob lacks Read on volume vol"), r.err());
    ok("acl", "grant", "Read", "on", "volume", "vol", "to", "user", "bob");
    r = bob.run("table", "show", "xdoc", "pt=1", "--format", "csv", "--limit", "1");
    assertEquals("pk,vector,pt\n1.nid,1~1~1~1~1~1~1~1,1\n", r.out(), r.err());
  }

  @Test
  void aLocationLeavingTheVolumeIsRefused() throws IOException {
    assertTrue(fails("table", "create-external", "x", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/../../x/")
        .contains("would leave its volume"));
    Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(tmp.resolve("vol/out"), tmp.resolve("outside"));
    assertTrue(fails("table", "create-external", "x", "pk STRING, vector STRING", "--location", "odps://default/vol/out/")
        .contains("leads outside volume vol"));
    assertEquals("", ok("table", "list"));
  }

  @Test
  void theSqlStatementAsTheVolumeDocumentationWritesIt() {
    String out = ok("sql", "-e", """
        create external table if not exists xdoc (pk string, vector string) partitioned by (pt string)
        stored by 'com.aliyun.odps.CsvStorageHandler'
        with serdeproperties ('odps.properties.rolearn'='acs:ram::1248xxx:role/aliyunodpsdefaultrole', 'odps.text.option.delimiter'='|')
        location 'odps://default/vol/ext/docs/';
        select * from xdoc where pt='1' order by pk limit 2;
        """);
    assertTrue(out.contains("| 1.nid  | 1~1~1~1~1~1~1~1") || out.replaceAll(" +", " ").contains("| 1.nid | 1~1~1~1~1~1~1~1 | 1 |"), out);
    assertTrue(out.replaceAll(" +", " ").contains("| 10.nid | 10~10~10~10~10~10~10~10 | 1 |"), out);
    String err = fails("sql", "-e", "insert into table xdoc partition (pt='1') values ('a', '1~1~1~1~1~1~1~1')");
    assertTrue(err.contains("read-only"), err);
    err = fails("sql", "-e", "create external table p (a string) stored as orc location 'odps://default/vol/p/'");
    assertTrue(err.contains("not supported yet: STORED AS ORC for an external table"), err);
  }

  @Test
  void theRunnerReadsAnExternalTableAsItReadsAnImportedOne() throws IOException {
    ok("table", "create-external", "xdoc", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/docs/", "--delimiter", "|");
    ok("table", "create-external", "xquery", "pk STRING, vector STRING", "--location", "odps://default/vol/ext/queries/");
    Files.writeString(tmp.resolve("doc.csv"), SeedExample.DOCS);
    Files.writeString(tmp.resolve("query.csv"), SeedExample.QUERIES);
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("doc.csv").toString());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("query.csv").toString());
    String[] common = {"-doc_table_partition", "1", "-query_table_partition", "1", "-output_table_partition", "1",
        "-data_type", "float", "-dimension", "8", "-topk", "3", "-external_volume", "vol", "-owner_id", "me"};
    ok(concat(new String[] {"run", "-doc_table", "doc", "-query_table", "query", "-output_table", "out_imported"}, common));
    ok(concat(new String[] {"run", "-doc_table", "xdoc", "-query_table", "xquery", "-output_table", "out_external"}, common));
    // MapReduce tasks would open the files without the volume catalog: refused by name before anything runs
    String err = fails(concat(new String[] {"run", "-doc_table", "xdoc", "-query_table", "xquery", "-output_table", "out_mr",
        "-mode", "mapreduce"}, common));
    assertTrue(err.contains("not supported yet: the external table default.xdoc as an input of a MapReduce run"), err);
    String imported = ok("table", "show", "out_imported", "pt=1", "--format", "csv");
    assertEquals(10, imported.lines().count(), imported); // a header and the nine rows
    assertEquals(imported, ok("table", "show", "out_external", "pt=1", "--format", "csv"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
