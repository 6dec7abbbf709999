package io.proximace.cli;

import io.proximace.volume.LogCapture;
import io.proximace.volume.OssServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.apache.log4j.PropertyConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's volume section, command by command, against the test OSS server: volumes on local disk
 * and OSS, credentials, grants, put/get/du/rm, LOAD and UNLOAD, the runner keeping its index on OSS, and
 * startup files and archives.
 */
class VolumesTest {
  static final String PROFILE = "acs:ram::1248953:role/aliyunodpsdefaultrole";

  @TempDir
  Path tmp;
  OssServer server;
  Cli alice;
  Cli bob;

  @BeforeEach
  void setUp() throws Exception {
    server = new OssServer("test-ak", "test-sk");
    server.createBucket("bkt");
    alice = new Cli(tmp.resolve("home"), "alice");
    bob = new Cli(tmp.resolve("home"), "bob");
    InputStream in = System.in;
    try {
      System.setIn(new ByteArrayInputStream("test-sk\n".getBytes(StandardCharsets.UTF_8)));
      assertEquals("credentials profile " + PROFILE + " stored (readable by you only)\n",
          ok(alice, "vfs", "-set_credentials", PROFILE, "-access_key_id", "test-ak", "-secure", "false"));
    } finally {
      System.setIn(in);
    }
    ok(alice, "vfs", "-create", "ossvol", "-storage_provider", "oss", "-url", "oss://" + server.hostPort() + "/bkt/vols/ossvol",
        "-acd", "true", "-role_arn", PROFILE);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static String ok(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  private static String fails(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(1, r.code(), String.join(" ", args) + "\nout: " + r.out());
    assertFalse(r.err().contains("\tat "), r.err());
    return r.err();
  }

  @Test
  void credentialsAreOwnerOnlyAndNeverPrinted() throws Exception {
    Path file = tmp.resolve("home/credentials.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String list = ok(alice, "vfs", "-ls", "/");
    assertTrue(list.contains("ossvol") && list.contains("oss://" + server.hostPort() + "/bkt/vols/ossvol"), list);
    assertFalse(list.contains("test-sk"));
    assertTrue(fails(alice, "vfs", "-create", "v2", "-storage_provider", "oss", "-url", "oss://" + server.hostPort() + "/bkt/x",
        "-role_arn", "nope").contains("no credentials profile 'nope'"));
    assertTrue(fails(alice, "vfs", "-create", "v3", "-storage_provider", "oss", "-url", "oss://" + server.hostPort() + "/bkt/missing",
        "-role_arn", PROFILE).contains("does not exist: create it, or pass -acd true"));
  }

  @Test
  void putListGetDuAndRemove() throws Exception {
    Path local = tmp.resolve("a.csv");
    Files.writeString(local, "x,1~2\n");
    assertTrue(ok(alice, "vfs", "-put", local.toString(), "/ossvol/data/").startsWith("put "));
    assertTrue(server.objects("bkt").containsKey("vols/ossvol/data/a.csv"), server.objects("bkt").keySet().toString());
    assertListing("-            6 ", "  a.csv", ok(alice, "vfs", "-ls", "/ossvol/data"));
    assertTrue(ok(alice, "vfs", "-du", "/ossvol").contains("6 bytes        1 files"));
    Path back = tmp.resolve("back.csv");
    ok(alice, "vfs", "-get", "odps://default/ossvol/data/a.csv", back.toString());
    assertEquals("x,1~2\n", Files.readString(back));
    assertTrue(fails(alice, "vfs", "-rm", "ossvol").contains("volume ossvol is not empty"));
    ok(alice, "vfs", "-rm", "ossvol", "-force");
    assertTrue(server.objects("bkt").containsKey("vols/ossvol/data/a.csv"), "removing a volume keeps its files");
    assertTrue(fails(alice, "vfs", "-ls", "/ossvol/data").contains("volume ossvol does not exist"));
    ok(alice, "vfs", "-create", "ossvol", "-storage_provider", "oss", "-url", "oss://" + server.hostPort() + "/bkt/vols/ossvol",
        "-role_arn", PROFILE);
    assertListing("-            6 ", "  a.csv", ok(alice, "vfs", "-ls", "/ossvol/data")); // creating the volume again finds its files
  }

  @Test
  void aProfileMayNameTheEndpointForBucketUrls() throws Exception {
    InputStream in = System.in;
    try {
      System.setIn(new ByteArrayInputStream("test-sk\n".getBytes(StandardCharsets.UTF_8)));
      ok(alice, "vfs", "-set_credentials", "p2", "-access_key_id", "test-ak", "-endpoint", server.hostPort(), "-secure", "false");
    } finally {
      System.setIn(in);
    }
    ok(alice, "vfs", "-create", "bucketvol", "-storage_provider", "oss", "-url", "oss://bkt/vols/b", "-acd", "true", "-role_arn", "p2");
    Files.writeString(tmp.resolve("f.txt"), "abc");
    ok(alice, "vfs", "-put", tmp.resolve("f.txt").toString(), "/bucketvol/");
    assertTrue(server.objects("bkt").containsKey("vols/b/f.txt"), server.objects("bkt").keySet().toString());
    assertListing("-            3 ", "  f.txt", ok(alice, "vfs", "-ls", "/bucketvol"));
  }

  @Test
  void grantsDecideWhoMayReadWriteAndCreate() throws Exception {
    Files.writeString(tmp.resolve("f.txt"), "hi");
    assertEquals("proxima-ce: error: permission denied: user bob lacks Read on volume ossvol (the project owner, alice, can run: "
        + "acl grant Read on volume ossvol to user bob)\n", fails(bob, "vfs", "-ls", "/ossvol"));
    assertTrue(fails(bob, "vfs", "-create", "bobvol", "-url", tmp.resolve("bobvol").toUri().toString(), "-acd", "true")
        .contains("lacks CreateVolume on project default"));
    assertTrue(fails(bob, "acl", "grant", "Read", "on", "volume", "ossvol", "to", "user", "bob").contains("only the owner"));
    assertTrue(ok(alice, "acl", "grant", "Read", "on", "volume", "ossvol", "to", "user", "bob").startsWith("granted: GRANT Read ON VOLUME ossvol TO USER bob"));
    ok(bob, "vfs", "-ls", "/ossvol");
    assertTrue(fails(bob, "vfs", "-put", tmp.resolve("f.txt").toString(), "/ossvol/f.txt").contains("lacks Write on volume ossvol"));
    ok(alice, "acl", "grant", "write", "on", "volume", "ossvol", "to", "user", "bob");
    ok(bob, "vfs", "-put", tmp.resolve("f.txt").toString(), "/ossvol/f.txt");
    ok(alice, "acl", "grant", "CreateVolume", "on", "project", "default", "to", "user", "bob");
    ok(bob, "vfs", "-create", "bobvol", "-url", tmp.resolve("bobvol").toUri().toString(), "-acd", "true");
    String grants = ok(alice, "acl", "show", "grants", "for", "bob");
    assertTrue(grants.contains("GRANT Read ON VOLUME ossvol TO USER bob") && grants.contains("GRANT Write ON VOLUME ossvol TO USER bob")
        && grants.contains("GRANT CreateVolume ON PROJECT default TO USER bob"), grants);
    assertTrue(ok(alice, "acl", "revoke", "Write", "on", "volume", "ossvol", "from", "user", "bob").startsWith("revoked"));
    assertTrue(fails(bob, "vfs", "-put", tmp.resolve("f.txt").toString(), "/ossvol/g.txt").contains("lacks Write"));
    assertTrue(ok(alice, "acl", "show", "grants", "for", "alice").contains("alice owns the project"));
    Cli.Result bad = alice.run("acl", "grant", "Read", "on", "tables", "t", "to", "user", "bob");
    assertEquals(2, bad.code(), "a malformed statement is bad usage");
    assertTrue(bad.err().startsWith("proxima-ce: acl: expected"), bad.err());
  }

  @Test
  void loadAndUnloadMoveCsvBetweenVolumeAndTables() throws Exception {
    ok(alice, "table", "create", "amb", "pk STRING, vector STRING");
    Files.writeString(tmp.resolve("part1.csv"), "a,1~2\nb,3~4\n");
    Files.writeString(tmp.resolve("part2.csv"), "c;5~6\n".replace(';', ','));
    ok(alice, "vfs", "-put", tmp.resolve("part1.csv").toString(), "/ossvol/in/");
    ok(alice, "vfs", "-put", tmp.resolve("part2.csv").toString(), "/ossvol/in/sub/");
    // the seed's own form, quoted as a shell needs it
    String out = ok(alice, "load", "overwrite", "table", "amb", "partition (pt='1')", "from", "location",
        "'odps://default/ossvol/in/'", "stored", "by", "'com.aliyun.odps.CsvStorageHandler'", "with", "serdeproperties",
        "('odps.properties.rolearn'='" + PROFILE + "', 'odps.text.option.delimiter'=',');");
    assertEquals("loaded 3 rows from 2 files under odps://default/ossvol/in into default.amb/pt=1 (overwritten)\n", out);
    assertEquals("pk,vector,pt\na,1~2,1\nb,3~4,1\nc,5~6,1\n", ok(alice, "table", "show", "amb", "pt=1", "--format", "csv"));
    ok(alice, "load", "into", "table", "amb", "partition", "(pt='1')", "from", "location", "odps://default/ossvol/in/sub/");
    assertEquals(4, ok(alice, "table", "show", "amb", "pt=1", "--format", "csv").lines().count() - 1, "into adds");
    Files.writeString(tmp.resolve("bad.csv"), "d,7~8,extra\n");
    ok(alice, "vfs", "-put", tmp.resolve("bad.csv").toString(), "/ossvol/in/sub/");
    assertTrue(fails(alice, "load", "overwrite", "table", "amb", "partition (pt='1')", "from", "location", "odps://default/ossvol/in/")
        .contains("bad.csv line 1: expected 2 columns"));
    assertEquals(4, ok(alice, "table", "show", "amb", "pt=1", "--format", "csv").lines().count() - 1, "a bad file changes nothing");

    String unload = ok(alice, "unload", "from", "(select * from amb where pt='1')", "into", "location",
        "'odps://default/ossvol/out/'", "with", "serdeproperties", "('odps.text.option.delimiter'='|')");
    assertEquals("unloaded 4 rows of default.amb/pt=1 into 1 file under odps://default/ossvol/out\n", unload);
    List<String> keys = new ArrayList<>(server.objects("bkt").keySet().stream().filter(k -> k.startsWith("vols/ossvol/out/") && !k.endsWith("/")).toList());
    assertEquals(1, keys.size(), keys.toString());
    assertTrue(keys.get(0).matches("vols/ossvol/out/unload-[0-9a-f]{8}-00000\\.csv"), keys.get(0));
    assertEquals("a|1~2\nb|3~4\nc|5~6\nc|5~6\n", new String(server.objects("bkt").get(keys.get(0)).data(), StandardCharsets.UTF_8));
    assertTrue(ok(alice, "unload", "from", "amb", "partition", "(pt='1')", "into", "location", "odps://default/ossvol/out2/",
        "--split-size-mb", "1").startsWith("unloaded 4 rows"));
    assertTrue(fails(alice, "unload", "from", "(select pk from amb)", "into", "location", "odps://default/ossvol/o/")
        .contains("only (select * from <table>"));
    assertTrue(fails(bob, "unload", "from", "amb", "partition", "(pt='1')", "into", "location", "odps://default/ossvol/o/")
        .contains("permission denied: user bob lacks Select on table default.amb"));
    ok(alice, "acl", "grant", "Select", "on", "table", "amb", "to", "user", "bob");
    assertTrue(fails(bob, "unload", "from", "amb", "partition", "(pt='1')", "into", "location", "odps://default/ossvol/o/")
        .contains("permission denied: user bob lacks Write on volume ossvol"));
  }

  @Test
  void theRunnerKeepsItsIndexOnOssAndFetchesStartupFiles() throws Exception {
    Files.writeString(tmp.resolve("doc.csv"), SeedExample.DOCS);
    Files.writeString(tmp.resolve("query.csv"), SeedExample.QUERIES);
    ok(alice, "table", "create", "doc", "pk STRING, vector STRING");
    ok(alice, "table", "create", "query", "pk STRING, vector STRING");
    ok(alice, "table", "import", "doc", "pt=1", "--file", tmp.resolve("doc.csv").toString());
    ok(alice, "table", "import", "query", "pt=1", "--file", tmp.resolve("query.csv").toString());
    Files.writeString(tmp.resolve("dict.txt"), "hello");
    ok(alice, "vfs", "-put", tmp.resolve("dict.txt").toString(), "/ossvol/res/");
    Files.write(tmp.resolve("model.zip"), zip("model/weights.bin", "w"));
    ok(alice, "vfs", "-put", tmp.resolve("model.zip").toString(), "/ossvol/res/");
    Files.write(tmp.resolve("py.tar.gz"), tar("bin/python", "#!"));
    ok(alice, "vfs", "-put", tmp.resolve("py.tar.gz").toString(), "/ossvol/res/");
    String out = ok(alice, "run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query", "-query_table_partition",
        "1", "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "8", "-topk", "3",
        "-external_volume", "ossvol", "-owner_id", "me", "-clean_build_volume", "false",
        "-volume_files", "odps://default/ossvol/res/dict.txt",
        "-volume_archives", "odps://default/ossvol/res/model.zip,odps://default/ossvol/res/py.tar.gz", "-D", "proxima.work.keep=true");
    assertTrue(out.startsWith("OK: 9 rows written"), out);
    assertTrue(server.objects("bkt").containsKey("vols/ossvol/me/indexes/default.doc/pt=1/hnsw/manifest.json"));
    String work = out.lines().filter(l -> l.startsWith("working directory ")).findFirst().orElseThrow().substring(18);
    assertEquals("hello", Files.readString(Path.of(work, "dict.txt")));
    assertEquals("w", Files.readString(Path.of(work, "model.zip", "model", "weights.bin")));
    assertEquals("#!", Files.readString(Path.of(work, "py.tar.gz", "bin", "python")));
    // the Spark-style setting does the same
    String viaSetting = ok(alice, "run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query",
        "-query_table_partition", "1", "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "8",
        "-topk", "3", "-external_volume", "ossvol", "-owner_id", "me", "-job_mode", "seek",
        "-D", "odps.cupid.volume.files=odps://default/ossvol/res/dict.txt");
    assertTrue(viaSetting.contains("working directory "), viaSetting);
    // an archive whose entry climbs out of the working directory, and a damaged one, are refused
    Files.write(tmp.resolve("evil.zip"), zip("../../escaped.txt", "x"));
    ok(alice, "vfs", "-put", tmp.resolve("evil.zip").toString(), "/ossvol/res/");
    Files.write(tmp.resolve("broken.tar.gz"), new byte[] {31, (byte) 139, 8, 0, 1, 2, 3});
    ok(alice, "vfs", "-put", tmp.resolve("broken.tar.gz").toString(), "/ossvol/res/");
    String[] base = {"run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query", "-query_table_partition", "1",
        "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "8", "-topk", "3",
        "-external_volume", "ossvol", "-owner_id", "me", "-job_mode", "seek", "-volume_archives"};
    String[] evil = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of("odps://default/ossvol/res/evil.zip"))
        .toArray(String[]::new);
    assertTrue(fails(alice, evil).contains("archive evil.zip: entry '../../escaped.txt' would be written outside the working directory"));
    assertFalse(Files.exists(tmp.resolve("home/escaped.txt")));
    String[] broken = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of("odps://default/ossvol/res/broken.tar.gz"))
        .toArray(String[]::new);
    assertTrue(fails(alice, broken).contains("archive broken.tar.gz is damaged"));
    Cli.Result notArchive = alice.run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
        java.util.stream.Stream.of("odps://default/ossvol/res/dict.txt")).toArray(String[]::new));
    assertEquals(2, notArchive.code(), "a bad option value is bad usage");
    assertTrue(notArchive.err().contains("is not a .zip, .tar, .tar.gz or .tgz archive"), notArchive.err());
    assertEquals(List.of(), server.unsupported());
  }

  private static byte[] zip(String name, String content) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    return b.toByteArray();
  }

  private static byte[] tar(String name, String content) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(b))) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
    }
    return b.toByteArray();
  }

  /** Stores a credentials profile as a user would, the secret on stdin. */
  private static void credentials(Cli cli, String profile, String id, String secret, String endpoint) {
    InputStream in = System.in;
    try {
      System.setIn(new ByteArrayInputStream((secret + "\n").getBytes(StandardCharsets.UTF_8)));
      ok(cli, "vfs", "-set_credentials", profile, "-access_key_id", id, "-endpoint", endpoint, "-secure", "false");
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void aFolderComesBackFromAnOssVolume() throws Exception {
    Files.createDirectories(tmp.resolve("somefolder/bad"));
    Files.writeString(tmp.resolve("somefolder/bad/f.csv"), "x\n");
    ok(alice, "vfs", "-put", tmp.resolve("somefolder").toString(), "/ossvol/folder/");
    Files.createDirectories(tmp.resolve("out"));
    ok(alice, "vfs", "-get", "/ossvol/folder/", tmp.resolve("out").toString() + "/");
    assertEquals("x\n", Files.readString(tmp.resolve("out/folder/somefolder/bad/f.csv")));
  }

  @Test
  void ossFailuresAreOneLineErrorsNamingVolumeEndpointAndBucket() throws Exception {
    credentials(alice, "prof", "test-ak", "test-sk", server.hostPort());
    assertEquals("proxima-ce: error: OSS bucket nobucket of volume nb does not exist at endpoint " + server.hostPort()
        + ": create the bucket, or check the endpoint of profile 'prof'\n",
        fails(alice, "vfs", "-create", "nb", "-storage_provider", "oss", "-url", "oss://nobucket/x", "-acd", "true", "-role_arn", "prof"));
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertEquals("proxima-ce: error: cannot reach OSS endpoint 127.0.0.1:" + closed + " of volume down (bucket bucket): connection "
        + "refused; check the endpoint in the volume's url oss://127.0.0.1:" + closed + "/bucket/v, and that OSS is reachable from here\n",
        fails(alice, "vfs", "-create", "down", "-storage_provider", "oss", "-url", "oss://127.0.0.1:" + closed + "/bucket/v", "-acd", "true",
            "-role_arn", "prof"));
    assertEquals("proxima-ce: error: cannot reach OSS endpoint nosuchhost.invalid of volume nohost (bucket bkt): unknown host; check "
        + "the endpoint in the volume's url oss://nosuchhost.invalid/bkt/v\n",
        fails(alice, "vfs", "-create", "nohost", "-storage_provider", "oss", "-url", "oss://nosuchhost.invalid/bkt/v", "-acd", "true",
            "-role_arn", "prof"));
  }

  /**
   * A rejected signature, answered as real OSS does (the body echoes the AccessKeyId): neither the key id
   * nor a secret nor OSS's answer appears in the output, the errors or the logs, with or without
   * --verbose, under the tests' logging configuration (the SDK's lines pass, cleaned) and the shipped one
   * (they are held below ERROR).
   */
  @Test
  void anOssKeyIdNeverShowsInOutputOrLogsWithOrWithoutVerbose() throws Exception {
    String id = "LTAI5tCliLeakCheckId";
    String secret = "cli-leak-right-secret";
    String wrong = "cli-leak-wrong-secret";
    server.setKey(id, secret);
    credentials(alice, "leak", id, secret, server.hostPort());
    ok(alice, "vfs", "-create", "leakvol", "-storage_provider", "oss", "-url", "oss://bkt/vols/leak", "-acd", "true", "-role_arn", "leak");
    credentials(alice, "leak", id, wrong, server.hostPort());
    URL tests = VolumesTest.class.getResource("/log4j.properties");
    URL shipped = Path.of("src/main/resources/log4j.properties").toUri().toURL();
    Level root = LogManager.getRootLogger().getLevel();
    Level ours = LogManager.getLogger("io.proximace").getLevel();
    try {
      for (URL config : List.of(tests, shipped)) {
        for (boolean verbose : new boolean[] {false, true}) {
          LogManager.resetConfiguration();
          PropertyConfigurator.configure(config);
          String[] v = verbose ? new String[] {"--verbose"} : new String[0];
          String everything;
          String log;
          try (LogCapture capture = new LogCapture()) {
            Cli.Result ls = alice.run(java.util.stream.Stream.concat(java.util.Arrays.stream(v), java.util.stream.Stream.of(
                "vfs", "-ls", "/leakvol")).toArray(String[]::new));
            Cli.Result create = alice.run(java.util.stream.Stream.concat(java.util.Arrays.stream(v), java.util.stream.Stream.of(
                "vfs", "-create", "leak2", "-storage_provider", "oss", "-url", "oss://bkt/vols/leak2", "-acd", "true", "-role_arn", "leak"))
                .toArray(String[]::new));
            assertEquals(List.of(1, 1), List.of(ls.code(), create.code()), ls.err() + create.err());
            assertTrue(ls.err().startsWith("proxima-ce: error: access denied: OSS rejected the credentials of profile 'leak' for volume "
                + "leakvol (SignatureDoesNotMatch)"), ls.err());
            log = capture.log();
            everything = ls.out() + ls.err() + create.out() + create.err() + capture.all();
          }
          String run = config + (verbose ? " --verbose" : "") + ":\n" + everything;
          for (String secretText : new String[] {id, secret, wrong, "OSSAccessKeyId", "<Error>", "StringToSign"}) {
            assertFalse(everything.contains(secretText), secretText + " shown, " + run);
          }
          if (config == tests) {
            assertTrue(log.contains("WARN com.aliyun.oss [Server]Unable to execute HTTP request: The request signature we calculated "
                + "does not match the signature you provided. [SignatureDoesNotMatch]"), "the SDK's line, cleaned, " + run);
          } else {
            assertFalse(log.contains("com.aliyun.oss"), "the SDK's lines are below the shipped level, " + run);
          }
          LogManager.getRootLogger().setLevel(root);
          LogManager.getLogger("io.proximace").setLevel(ours);
        }
      }
    } finally {
      LogManager.resetConfiguration();
      PropertyConfigurator.configure(tests);
    }
  }

  /** One line of vfs -ls: type and size, a modification time (yyyy-MM-dd HH:mm), the name. */
  private static void assertListing(String typeAndSize, String name, String listing) {
    assertTrue(listing.matches("Found 1 item \\(modified: UTC\\)\n" + java.util.regex.Pattern.quote(typeAndSize) + "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"
        + java.util.regex.Pattern.quote(name) + "\n"), listing);
  }
}
