package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.job.Algorithm;
import io.proximace.job.JobMode;
import io.proximace.job.JobSpec;
import io.proximace.job.RunResult;
import io.proximace.job.Runner;
import io.proximace.job.SeedExample;
import io.proximace.table.CsvImport;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes on OSS through hadoop-aliyun and the real SDK, against the test server. */
class OssVolumeTest {
  static final String PROFILE = "acs:ram::1248953:role/aliyunodpsdefaultrole";

  @TempDir
  Path tmp;
  OssServer server;
  Home home;

  @BeforeEach
  void setUp() throws Exception {
    server = new OssServer("test-ak", "test-sk");
    server.createBucket("bkt");
    home = home("alice");
    home.volumes().credentials().put(new Credentials.Profile(PROFILE, "test-ak", "test-sk", null, false));
    home.volumes().create("ossvol", "oss", "oss://" + server.hostPort() + "/bkt/volumes/ossvol", true, PROFILE);
  }

  private Home home(String user) throws Exception {
    Configuration conf = new Configuration();
    conf.setInt("fs.oss.attempts.maximum", 0);
    conf.set("fs.oss.buffer.dir", tmp.resolve("oss-buffer").toString());
    return new Home(conf, new org.apache.hadoop.fs.Path(tmp.resolve("home").toUri()), "default", user);
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static org.apache.hadoop.fs.Path odps(String p) {
    return new org.apache.hadoop.fs.Path("odps://default/ossvol/" + p);
  }

  @Test
  void filesGoThroughOdpsToOss() throws Exception {
    try (FileSystem fs = home.volumeFs("default")) {
      try (OutputStream out = fs.create(odps("dir/a.txt"))) {
        out.write("hello oss".getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(server.objects("bkt").containsKey("volumes/ossvol/dir/a.txt"));
      try (InputStream in = fs.open(odps("dir/a.txt"))) {
        assertEquals("hello oss", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      FileStatus[] list = fs.listStatus(odps("dir"));
      assertEquals(1, list.length);
      assertEquals("odps://default/ossvol/dir/a.txt", list[0].getPath().toString());
      assertTrue(fs.rename(odps("dir/a.txt"), odps("dir/b.txt")));
      assertFalse(fs.exists(odps("dir/a.txt")));
      assertEquals(9, fs.getFileStatus(odps("dir/b.txt")).getLen());
      assertTrue(fs.delete(odps("dir"), true));
      assertFalse(fs.exists(odps("dir/b.txt")));
      // Hadoop normalizes dot segments first: climbing out of a volume only reaches another volume's name
      assertEquals("volume x does not exist in project default (volumes: ossvol)",
          assertThrows(ProximaException.class, () -> fs.open(new org.apache.hadoop.fs.Path("odps://default/ossvol/dir/../../x")))
              .getMessage());
      assertEquals("path '%2e%2e/x' is not a plain relative path inside volume ossvol",
          assertThrows(ProximaException.class, () -> fs.open(new org.apache.hadoop.fs.Path(java.net.URI.create(
              "odps://default/ossvol/%2e%2e/x")))).getMessage());
      assertEquals("path 'a\\b' is not a plain relative path inside volume ossvol",
          assertThrows(ProximaException.class, () -> fs.open(new org.apache.hadoop.fs.Path(java.net.URI.create(
              "odps://default/ossvol/a%5Cb")))).getMessage().replace("%5C", "\\"));
      assertTrue(assertThrows(ProximaException.class, () -> fs.delete(new org.apache.hadoop.fs.Path("odps://default/ossvol/"), true))
          .getMessage().startsWith("refusing to delete the root of volume ossvol"));
    }
    assertEquals(List.of(), server.unsupported());
  }

  private void seed() throws Exception {
    for (String[] t : new String[][] {{"doc", SeedExample.DOCS}, {"query", SeedExample.QUERIES}}) {
      Table table = home.warehouse().create(home.table(t[0]), Schema.parse("pk STRING, vector STRING", "pt STRING"), true);
      CsvImport.into(table, "1", new ByteArrayInputStream(t[1].getBytes(StandardCharsets.UTF_8)), t[0], ',', false);
    }
  }

  private JobSpec.Builder spec(String mode) {
    return JobSpec.builder().docs(home.table("doc"), "1").queries(home.table("query"), "1").output(home.table("out"), "1")
        .dimension(8).topk(3).mode(JobMode.parse(mode)).algorithm(Algorithm.HNSW).volume("ossvol", "1248953xxx").threads(2);
  }

  @Test
  void theRunnerKeepsItsIndexOnOss() throws Exception {
    seed();
    RunResult r = new Runner(home).run(spec("train:build:seek:recall").cleanBuildVolume(false).build());
    assertEquals(9, r.rowsWritten());
    assertEquals(1.0, r.recall().get(3));
    String prefix = "volumes/ossvol/1248953xxx/indexes/default.doc/pt=1/hnsw/";
    assertTrue(server.objects("bkt").containsKey(prefix + "manifest.json"), server.objects("bkt").keySet().toString());
    assertTrue(server.objects("bkt").containsKey(prefix + "graph.bin"));
    RunResult seek = new Runner(home).run(spec("seek").build());
    assertEquals(9, seek.rowsWritten());
    assertEquals(List.of(), server.unsupported());
  }

  @Test
  void aWrongKeyIsAccessDeniedWithoutTheKey() throws Exception {
    seed();
    home.volumes().credentials().put(new Credentials.Profile(PROFILE, "test-ak", "wrong-secret-123", null, false));
    ProximaException e = assertThrows(ProximaException.class, () -> new Runner(home).run(spec("build:seek").build()));
    assertTrue(e.getMessage().startsWith("access denied: OSS rejected the credentials of profile '" + PROFILE
        + "' for volume ossvol (SignatureDoesNotMatch)"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-secret-123") || e.getMessage().contains("test-ak"), e.getMessage());
  }

  @Test
  void aConnectionDroppedMidUploadLeavesNothingThatLooksCompleteAndARetryWorks() throws Exception {
    seed();
    server.dropNextUpload(100);
    assertThrows(Exception.class, () -> new Runner(home).run(spec("build:seek").cleanBuildVolume(false).build()));
    String prefix = "volumes/ossvol/1248953xxx/indexes/default.doc/pt=1/hnsw/";
    assertFalse(server.objects("bkt").keySet().stream().anyMatch(k -> k.endsWith("manifest.json")),
        "no manifest, so no index that looks complete: " + server.objects("bkt").keySet());
    RunResult retry = new Runner(home).run(spec("build:seek").cleanBuildVolume(false).build());
    assertEquals(9, retry.rowsWritten());
    assertTrue(server.objects("bkt").containsKey(prefix + "manifest.json"));
  }

  @Test
  void aUserWithoutWriteCannotBuildAndOneWithReadCanSeek() throws Exception {
    seed();
    new Runner(home).run(spec("build:seek").cleanBuildVolume(false).build());
    Home bob = home("bob");
    assertEquals("permission denied: user bob lacks Select on table default.doc (the project owner, alice, can run: acl grant "
        + "Select on table default.doc to user bob)",
        assertThrows(ProximaException.class, () -> new Runner(bob).run(spec("build:seek").build())).getMessage());
    home.volumes().grants().grant("alice", List.of(new Grants.Grant("bob", Privilege.SELECT, "doc"),
        new Grants.Grant("bob", Privilege.SELECT, "query"), new Grants.Grant("bob", Privilege.UPDATE, "out")));
    ProximaException e = assertThrows(ProximaException.class, () -> new Runner(bob).run(spec("build:seek").build()));
    assertEquals("permission denied: user bob lacks Read on volume ossvol (the project owner, alice, can run: acl grant Read "
        + "on volume ossvol to user bob)", e.getMessage());
    home.volumes().grants().grant("alice", List.of(new Grants.Grant("bob", Privilege.READ, "ossvol")));
    assertTrue(assertThrows(ProximaException.class, () -> new Runner(bob).run(spec("build:seek").build()))
        .getMessage().startsWith("permission denied: user bob lacks Write on volume ossvol"));
    assertEquals(9, new Runner(bob).run(spec("seek").build()).rowsWritten(), "Read is enough to seek a kept index");
    assertTrue(assertThrows(ProximaException.class, () -> bob.volumes().grants().grant("bob",
        List.of(new Grants.Grant("bob", Privilege.WRITE, "ossvol")))).getMessage().startsWith("permission denied: only the owner"));
  }
}
