package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure of the reliability report's CRASH and UNCLEAR classes as a user meets it: one line naming
 * what is wrong, exit 1 (2 for bad usage), no stack trace, control characters escaped.
 */
class MessagesTest {
  @TempDir
  Path tmp;
  Path home;
  Cli cli;
  final List<Path> mounts = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    home = tmp.resolve("home");
    cli = new Cli(home);
    StringBuilder docs = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      docs.append("d").append(i).append(',').append(i).append("~1~2~3~4~5~6~7\n");
    }
    Files.writeString(tmp.resolve("docs.csv"), docs);
    Files.writeString(tmp.resolve("queries.csv"), "q0,1~1~1~1~1~1~1~1\nq1,2~2~2~2~2~2~2~2\n");
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("docs.csv").toString());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("queries.csv").toString());
    ok("vfs", "-create", "vol", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
  }

  @AfterEach
  void unmount() throws Exception {
    for (Path m : mounts) {
      new ProcessBuilder("umount", "-l", m.toString()).inheritIO().start().waitFor();
    }
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  /** The one line a failing command prints, checked for its exit code and for no stack trace or raw control character. */
  private String fails(int code, String... args) {
    return fails(cli, code, args);
  }

  private static String fails(Cli cli, int code, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(code, r.code(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace or exception name: " + r.err());
    assertTrue(r.err().chars().noneMatch(c -> c < ' ' && c != '\n'), "no raw control character: " + r.err());
    return r.err();
  }

  private static String[] run(String out, String volume, String... more) {
    return runInto(out, "1", volume, more);
  }

  private static String[] runInto(String out, String outPartition, String volume, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query",
        "-query_table_partition", "1", "-output_table", out, "-output_table_partition", outPartition, "-data_type", "float",
        "-dimension", "8", "-topk", "3", "-algo_model", "linear", "-external_volume", volume, "-owner_id", "me"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** A tmpfs of {@code kb} KB at {@code dir}, or the test is skipped where this machine cannot mount one. */
  private Path smallDisk(Path dir, int kb) throws Exception {
    Files.createDirectories(dir);
    int rc;
    try {
      rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kb + "k", "tmpfs", dir.toString()).inheritIO().start().waitFor();
    } catch (IOException e) {
      rc = -1;
    }
    Assumptions.assumeTrue(rc == 0, "mounting a small tmpfs needs root");
    mounts.add(dir);
    return dir;
  }

  /**
   * A repeated option of a help section (an ArgGroup) would start a new section and silently reset the section's
   * other options (here -job_mode to train:build:seek): it is refused, as a repeated plain option is.
   */
  @Test
  void aRepeatedOptionIsRefusedNotResettingItsSection() {
    String err = fails(2, run("out", "vol", "-job_mode", "build:seek:recall", "-topk", "4"));
    assertTrue(err.startsWith("proxima-ce: option '-topk' (K[,K...]) should be specified only once\n"), err);
    assertTrue(fails(2, run("out", "vol", "-job_mode", "build:seek", "-sharding_mode", "hash", "-job_mode", "build:seek"))
        .startsWith("proxima-ce: option '-job_mode' (MODE) should be specified only once\n"));
    List<String> jar = new ArrayList<>(List.of("jar", "-libjars", "x.jar", "com.alibaba.proxima2.ce.ProximaCERunner"));
    String[] runner = run("out", "vol", "-topk", "4");
    jar.addAll(List.of(runner).subList(1, runner.length));
    assertTrue(fails(2, jar.toArray(String[]::new)).startsWith("proxima-ce: option '-topk' (K[,K...]) should be specified only once\n"));
    assertTrue(fails(1, "table", "show", "out", "pt=1").contains("out"), "nothing ran");
    // a plain option given twice is picocli's own refusal, in the same words
    assertTrue(fails(2, run("out", "vol", "-owner_id", "me")).startsWith("proxima-ce: option '-owner_id' (ID) should be specified only once"));
    // settings are many by nature: -D given again adds one, in the same section, and the run goes ahead
    ok(run("out", "vol", "-D", "proxima.test.a=1", "-job_mode", "build:seek", "-D", "proxima.test.b=2"));
  }

  @Test
  void aFullDiskIsNamedAndLosesNothing() throws Exception {
    ok(run("out", "vol"));
    String output = ok("table", "show", "out", "pt=1", "--format", "csv");
    Path small = smallDisk(tmp.resolve("small"), 64);
    ok("vfs", "-create", "tvol", "-url", small.resolve("v").toUri().toString(), "-acd", "true");
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      big.append("b").append(i).append(',').append(i).append("~0.123456~0.234567~0.345678~0.456789~0.567891~0.678912~0.789123\n");
    }
    Files.writeString(tmp.resolve("big.csv"), big);
    ok("table", "import", "doc", "pt=2", "--file", tmp.resolve("big.csv").toString());
    String err = fails(1, "run", "-doc_table", "doc", "-doc_table_partition", "2", "-query_table", "query", "-query_table_partition", "1",
        "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "8", "-topk", "3",
        "-algo_model", "linear", "-external_volume", "tvol", "-owner_id", "me", "-clean_build_volume", "false");
    assertTrue(err.startsWith("proxima-ce: error: no space left on device writing odps://default/tvol/me/indexes/default.doc/pt=2/linear;"),
        err);
    assertEquals(output, ok("table", "show", "out", "pt=1", "--format", "csv"), "the output is as it was");
    try (var s = Files.list(small.resolve("v/me/indexes/default.doc/pt=2"))) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList(), "no half index");
    }
    // a home whose disk is full: an import fails and the old partition stays
    Path fullHome = smallDisk(tmp.resolve("fullhome"), 256);
    Cli small2 = new Cli(fullHome);
    ok(small2, "table", "create", "doc", "pk STRING, vector STRING");
    ok(small2, "table", "import", "doc", "pt=1", "--file", tmp.resolve("docs.csv").toString());
    Files.writeString(tmp.resolve("huge.csv"), big.toString().repeat(2));
    assertTrue(fails(small2, 1, "table", "import", "doc", "pt=1", "--file", tmp.resolve("huge.csv").toString())
        .startsWith("proxima-ce: error: no space left on device writing file:" + fullHome + "/warehouse/default/doc/pt=1;"));
    assertEquals(41, ok(small2, "table", "show", "doc", "pt=1", "--format", "csv").lines().count());
  }

  private static String ok(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  @Test
  void homesWarehousesAndFileSystemsThatCannotBeUsedAreNamed() throws IOException {
    Files.writeString(tmp.resolve("afile"), "x");
    assertEquals("proxima-ce: error: the home " + tmp.resolve("afile") + " (--home) is a file, not a folder\n",
        fails(new Cli(tmp.resolve("afile")), 1, "table", "list"));
    assertTrue(fails(new Cli(Path.of("/proc/nonexistent/home")), 1, "table", "list")
        .startsWith("proxima-ce: error: the home /proc/nonexistent/home (--home) cannot be created: "));
    assertTrue(fails(1, "--warehouse", "bogus://x/y", "table", "list")
        .startsWith("proxima-ce: error: --warehouse bogus://x/y cannot be reached: No FileSystem for scheme \"bogus\""));
    assertTrue(fails(1, "--warehouse", "hdfs://nosuchhost.invalid:8020/w", "table", "list")
        .startsWith("proxima-ce: error: --warehouse hdfs://nosuchhost.invalid:8020/w cannot be reached: "));
    assertTrue(fails(2, "vfs", "-ls", "odps:///vol/x").startsWith("proxima-ce: 'odps:///vol/x' names no project"));
    assertTrue(fails(1, "vfs", "-ls", "odps://other/vol/x").startsWith("proxima-ce: error: volume vol does not exist in project other"));
    assertTrue(fails(2, "vfs", "-ls", "//vol").startsWith("proxima-ce: the path '//vol' has an empty segment"));
  }

  @Test
  void damagedCatalogsSchemasAndEditedFilesAreNamed() throws IOException {
    Path schema = home.resolve("warehouse/default/doc/_schema.json");
    String good = Files.readString(schema);
    Files.writeString(schema, "{\"columns\": [");
    assertTrue(fails(1, "table", "show", "doc", "pt=1").startsWith("proxima-ce: error: table default.doc: its schema file file:" + schema
        + " is damaged (it is not JSON: "));
    Files.writeString(schema, good);
    Path part = home.resolve("warehouse/default/doc/pt=1/part-00000.csv");
    Files.writeString(part, Files.readString(part).replaceFirst("^d0,", "e0,"));
    assertEquals("proxima-ce: error: table default.doc, partition pt=1: part-00000.csv was changed outside proxima-ce (it no longer "
        + "matches its checksum file .part-00000.csv.crc): import the partition again, or delete .part-00000.csv.crc to keep the edit\n",
        fails(1, run("out", "vol")));
    Path volumes = home.resolve("catalog/default/volumes.json");
    String goodVolumes = Files.readString(volumes);
    Files.writeString(volumes, "{\"volumes\": [ {\"name\": ");
    assertTrue(fails(1, "vfs", "-ls", "/").startsWith("proxima-ce: error: catalog file " + volumes + " is damaged: it is not JSON"));
    Files.writeString(volumes, goodVolumes);
    Files.writeString(home.resolve("catalog/default/grants.json"), "{\"owner\":\"root\",\"grants\":[{\"privilege\":\"Read\",\"volume\":\"vol\"}]}");
    assertTrue(fails(1, "vfs", "-ls", "/vol").contains("grants.json is damaged: grant 1 has no user"));
    Files.writeString(tmp.resolve("empty"), "");
    assertEquals("proxima-ce: error: " + tmp.resolve("empty") + " is not a run report (a run's report.json, report.html or their folder)\n",
        fails(1, "report", tmp.resolve("empty").toString()));
    Files.writeString(tmp.resolve("notjson"), "<html>");
    assertTrue(fails(1, "report", tmp.resolve("notjson").toString()).contains("is not a run report"));
  }

  @Test
  void userDataIsEscapedInMessages() throws IOException {
    Files.writeString(tmp.resolve("ctl.csv"), "d\u001b[31mred,1~2~3\u0000~4~5~6~7~8\n");
    ok("table", "import", "doc", "pt=ctl", "--file", tmp.resolve("ctl.csv").toString());
    String err = fails(1, "run", "-doc_table", "doc", "-doc_table_partition", "ctl", "-query_table", "query", "-query_table_partition", "1",
        "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "8", "-external_volume", "vol",
        "-owner_id", "me");
    assertTrue(err.contains("pk 'd\\u001b[31mred'") && err.contains("'3\\u0000' is not a number"), err);
  }

  @Test
  void csvFilesAsOtherToolsWriteThem() throws IOException {
    // a UTF-8 byte order mark is not part of the first pk, with or without a header
    Files.write(tmp.resolve("bom.csv"), ("\uFEFFd0,1~1~1~1~1~1~1~1\nd1,2~2~2~2~2~2~2~2\n").getBytes(StandardCharsets.UTF_8));
    ok("table", "import", "doc", "pt=b", "--file", tmp.resolve("bom.csv").toString());
    assertTrue(ok("table", "show", "doc", "pt=b", "--format", "csv").contains("\nd0,1~1~1~1~1~1~1~1,b\n"));
    Files.write(tmp.resolve("bomh.csv"), ("\uFEFFpk,vector\nd0,1~1~1~1~1~1~1~1\n").getBytes(StandardCharsets.UTF_8));
    ok("table", "import", "doc", "pt=bh", "--file", tmp.resolve("bomh.csv").toString(), "--header");
    Files.writeString(tmp.resolve("dup.csv"), "pk,vector,pk\na,b,c\n");
    assertEquals("proxima-ce: error: " + tmp.resolve("dup.csv") + " line 1: the header names column pk twice (fields 1 and 3)\n",
        fails(1, "table", "import", "doc", "pt=h", "--file", tmp.resolve("dup.csv").toString(), "--header"));
    // a folder of part files imports every data file in it, in name order
    Path parts = Files.createDirectories(tmp.resolve("parts"));
    Files.writeString(parts.resolve("part-1.csv"), "d1,2~2~2~2~2~2~2~2\n");
    Files.writeString(parts.resolve("part-0.csv"), "d0,1~1~1~1~1~1~1~1\n");
    Files.writeString(parts.resolve("_SUCCESS"), "");
    assertEquals("imported 2 rows into default.doc/pt=d\n", ok("table", "import", "doc", "pt=d", "--file", parts.toString()));
    assertTrue(ok("table", "show", "doc", "pt=d", "--format", "csv").startsWith("pk,vector,pt\nd0,"));
    Files.createDirectories(tmp.resolve("empty"));
    assertTrue(fails(1, "table", "import", "doc", "pt=d", "--file", tmp.resolve("empty").toString())
        .startsWith("proxima-ce: error: --file " + tmp.resolve("empty") + " is a folder with no data files; nothing was changed"));
    assertTrue(fails(1, "table", "create", "-x", "pk STRING, vector STRING").startsWith("proxima-ce: error: bad table name '-x'"));
    // table names are case-insensitive, as in MaxCompute
    assertTrue(fails(1, "table", "create", "DOC", "pk STRING, vector STRING").contains("table default.doc already exists"));
    assertTrue(ok("table", "show", "DOC", "pt=1", "--limit", "1").contains("d0"));
  }

  @Test
  void partitionsAndLoadsThatWouldSilentlyLoseDataAreRefused() throws IOException {
    ok("table", "create", "out_ds", "pk STRING, knn_result STRING, score DOUBLE", "--partitioned-by", "ds STRING");
    assertTrue(fails(1, runInto("out_ds", "pt=1", "vol")).contains("table default.out_ds is partitioned by ds, not by 'pt'"));
    assertTrue(ok(runInto("out_ds", "ds=7", "vol")).contains("written to default.out_ds/ds=7"));
    Files.createDirectories(tmp.resolve("vol/emptydir"));
    String before = ok("table", "show", "doc", "pt=1", "--format", "csv");
    assertTrue(fails(1, "load", "overwrite", "table", "doc", "partition (pt='1')", "from", "location", "odps://default/vol/emptydir/")
        .startsWith("proxima-ce: error: load: no data files under odps://default/vol/emptydir; nothing was changed"));
    assertEquals(before, ok("table", "show", "doc", "pt=1", "--format", "csv"));
    Files.writeString(tmp.resolve("precious.txt"), "original");
    ok("vfs", "-put", tmp.resolve("docs.csv").toString(), "/vol/d.csv");
    assertTrue(fails(1, "vfs", "-get", "/vol/d.csv", tmp.resolve("precious.txt").toString()).contains("exists; pass -f to overwrite it"));
    assertEquals("original", Files.readString(tmp.resolve("precious.txt")));
    Files.writeString(tmp.resolve("p2.txt"), "v2");
    assertTrue(fails(1, "vfs", "-put", tmp.resolve("p2.txt").toString(), "/vol/d.csv").contains("exists; pass -f to overwrite it"));
    ok("vfs", "-put", "-f", tmp.resolve("p2.txt").toString(), "/vol/d.csv");
    ok("vfs", "-get", "-f", "/vol/d.csv", tmp.resolve("precious.txt").toString());
    assertEquals("v2", Files.readString(tmp.resolve("precious.txt")));
  }

  @Test
  void linksInALocalVolumeCannotReachOutsideThroughAnyCommand() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.csv"), "pk9,1~1~1~1~1~1~1~1\n");
    Files.createSymbolicLink(tmp.resolve("vol/link"), outside);
    Files.createSymbolicLink(tmp.resolve("vol/filelink.csv"), outside.resolve("secret.csv"));
    assertTrue(fails(1, "vfs", "-ls", "/vol/link").contains("leads outside volume vol through a link"));
    assertTrue(fails(1, "vfs", "-get", "/vol/link/secret.csv", tmp.resolve("got.csv").toString()).contains("leads outside volume vol"));
    assertTrue(fails(1, "vfs", "-put", tmp.resolve("queries.csv").toString(), "/vol/link/planted.csv").contains("leads outside volume vol"));
    assertTrue(fails(1, run("out", "vol", "-volume_files", "odps://default/vol/filelink.csv")).contains("leads outside volume vol"));
    assertTrue(fails(1, "load", "overwrite", "table", "doc", "partition (pt='s')", "from", "location", "odps://default/vol/link/")
        .contains("leads outside volume vol"));
    assertFalse(Files.exists(outside.resolve("planted.csv")));
    assertFalse(Files.exists(tmp.resolve("got.csv")));
  }
}
