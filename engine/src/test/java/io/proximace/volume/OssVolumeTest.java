package io.proximace.volume;

import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.plan.Algorithm;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.run.RunResult;
import io.proximace.run.Runner;
import io.proximace.table.CsvImport;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** The walkthrough's ten 8-dimensional docs (components all 1..10) and three queries. */
  private static final String DOCS = java.util.stream.IntStream.rangeClosed(1, 10)
      .mapToObj(i -> i + ".nid," + String.join("~", java.util.Collections.nCopies(8, Integer.toString(i))) + "\n")
      .collect(java.util.stream.Collectors.joining());
  private static final String QUERIES = "q1.nid,1~1~1~1~2~2~2~2\nq2.nid,4~4~4~4~3~3~3~3\nq3.nid,9~9~9~9~5~5~5~5\n";

  private void seed() throws Exception {
    for (String[] t : new String[][] {{"doc", DOCS}, {"query", QUERIES}}) {
      Table table = home.warehouse().create(home.table(t[0]), Schema.parse("pk STRING, vector STRING", "pt STRING"), true);
      CsvImport.into(table, "1", new ByteArrayInputStream(t[1].getBytes(StandardCharsets.UTF_8)), t[0], ',', false);
    }
  }

  private JobSpec.Builder spec(String mode) {
    return JobSpec.builder().docs(home.table("doc"), "1").queries(home.table("query"), "1").output(home.table("out"), "1")
        .dimension(8).topk(3).mode(JobMode.parse(mode)).algorithm(Algorithm.HNSW).volume("ossvol", "1248953xxx").threads(2);
  }

  @Test
  void accessKeyModeKeepsTheIndexInTheBucketWithNoVolume() throws Exception {
    seed();
    server.createBucket("direct");
    VolumeCatalog.direct(home.conf(), "http://" + server.hostPort(), "direct", "test-ak", "test-sk");
    RunResult r = new Runner(home).run(spec("build:seek").volume(VolumeCatalog.DIRECT, "1248953xxx").cleanBuildVolume(false).build());
    assertEquals(9, r.rowsWritten());
    assertEquals("odps://default/oss-direct/1248953xxx/indexes/default.doc/pt=1/hnsw", r.index());
    assertTrue(server.objects("direct").containsKey("1248953xxx/indexes/default.doc/pt=1/hnsw/manifest.json"),
        server.objects("direct").keySet().toString());
    assertTrue(server.objects("bkt").keySet().stream().noneMatch(k -> k.contains("indexes/")),
        "nothing went to the registered volume's bucket");
    assertEquals(9, new Runner(home).run(spec("seek").volume(VolumeCatalog.DIRECT, "1248953xxx").build()).rowsWritten(),
        "a seek-only run finds the index in the bucket");
    assertEquals(List.of("ossvol"), home.volumes().list().stream().map(Volume::name).toList(), "no volume was registered");
    // the keys are the credential: wrong ones fail, and the secret is not in the message
    VolumeCatalog.direct(home.conf(), "http://" + server.hostPort(), "direct", "test-ak", "wrong-sk");
    Exception e = assertThrows(Exception.class,
        () -> new Runner(home).run(spec("build:seek").volume(VolumeCatalog.DIRECT, "1248953xxx").build()));
    assertFalse(String.valueOf(e.getMessage()).contains("wrong-sk"), e.getMessage());
    assertEquals(List.of(), server.unsupported());
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

  /** A local folder's files, relative path to content (without the local file system's .crc files). */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".crc")).toList()) {
        out.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return out;
  }

  @Test
  void aFolderCopiesOutOfAnOssVolumeAsItWentIn() throws Exception {
    Path in = tmp.resolve("somefolder");
    Files.createDirectories(in.resolve("bad/deeper"));
    Files.createDirectories(in.resolve("empty"));
    Files.writeString(in.resolve("bad/f.csv"), "x\n");
    Files.writeString(in.resolve("bad/deeper/g.csv"), "y\n");
    Files.writeString(in.resolve("top.csv"), "z\n");
    Configuration conf = new Configuration();
    try (FileSystem fs = home.volumeFs("default")) {
      FileSystem local = FileSystem.getLocal(conf);
      // what vfs -put and -get do; the folders become OSS folder markers ("folder/bad/")
      FileUtil.copy(local, new org.apache.hadoop.fs.Path(in.toUri()), fs, odps("folder/somefolder"), false, true, conf);
      assertTrue(server.objects("bkt").containsKey("volumes/ossvol/folder/somefolder/bad/"), server.objects("bkt").keySet().toString());
      assertEquals(List.of("bad/", "empty/", "top.csv"), Stream.of(fs.listStatus(odps("folder/somefolder")))
          .map(st -> st.getPath().getName() + (st.isDirectory() ? "/" : "")).sorted().toList(),
          "each entry once: a folder is not also listed as an empty file");
      Path out = tmp.resolve("out");
      FileUtil.copy(fs, odps("folder"), local, new org.apache.hadoop.fs.Path(out.toUri()), false, true, conf);
      assertEquals(files(in), files(out.resolve("somefolder")));
      assertTrue(Files.isDirectory(out.resolve("somefolder/empty")));
    }
    assertEquals(List.of(), server.unsupported());
  }

  @Test
  void aVolumeWithoutAProfileTakesItsKeysFromTheEnvironment() throws Exception {
    server.setKey("env-ak", "env-sk");
    Map<String, String> env = new java.util.HashMap<>(Map.of("OSS_ACCESS_KEY_ID", "env-ak", "OSS_ACCESS_KEY_SECRET", "env-sk"));
    Configuration conf = new Configuration(home.conf());
    conf.setBoolean("fs.oss.connection.secure.enabled", false); // the test server speaks plain HTTP
    VolumeCatalog catalog = new VolumeCatalog(conf, tmp.resolve("home"), "default", "alice", () -> false, () -> env);
    Volume v = catalog.create("envvol", "oss", "oss://" + server.hostPort() + "/bkt/env", true, null);
    FileSystem fs = catalog.backing(v);
    try {
      try (OutputStream out = fs.create(v.resolve("a.txt"))) {
        out.write("from env".getBytes(StandardCharsets.UTF_8));
      }
      try (InputStream in = fs.open(v.resolve("a.txt"))) {
        assertEquals("from env", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      VolumeCatalog.release(v, fs);
    }
    assertTrue(server.objects("bkt").containsKey("env/a.txt"), server.objects("bkt").keySet().toString());
    env.put("OSS_ACCESS_KEY_SECRET", "rotated");
    ProximaException e = assertThrows(ProximaException.class,
        () -> catalog.create("envvol2", "oss", "oss://" + server.hostPort() + "/bkt/env2", true, null));
    assertTrue(e.getMessage().startsWith("access denied: OSS rejected the access key from the environment for volume envvol2"),
        e.getMessage());
    assertFalse(e.getMessage().contains("env-ak") || e.getMessage().contains("rotated"), e.getMessage());
  }

  @Test
  void aMissingBucketIsOneLineNamingVolumeEndpointAndBucket() throws Exception {
    assertEquals("OSS bucket nobucket of volume nb does not exist at endpoint " + server.hostPort()
        + ": create the bucket, or check the endpoint in the volume's url oss://" + server.hostPort() + "/nobucket/x",
        assertThrows(ProximaException.class, () -> home.volumes().create("nb", "oss", "oss://" + server.hostPort() + "/nobucket/x",
            true, PROFILE)).getMessage());
    home.volumes().credentials().put(new Credentials.Profile("withendpoint", "test-ak", "test-sk", server.hostPort(), false));
    assertEquals("OSS bucket nobucket of volume nb does not exist at endpoint " + server.hostPort()
        + ": create the bucket, or check the endpoint of profile 'withendpoint'",
        assertThrows(ProximaException.class, () -> home.volumes().create("nb", "oss", "oss://nobucket/x", true, "withendpoint"))
            .getMessage());
  }

  @Test
  void anUnreachableOrUnknownEndpointIsOneLineNamingVolumeEndpointAndBucket() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertEquals("cannot reach OSS endpoint 127.0.0.1:" + closed + " of volume down (bucket bkt): connection refused; check the "
        + "endpoint in the volume's url oss://127.0.0.1:" + closed + "/bkt/v, and that OSS is reachable from here",
        assertThrows(ProximaException.class, () -> home.volumes().create("down", "oss", "oss://127.0.0.1:" + closed + "/bkt/v", true,
            PROFILE)).getMessage());
    assertEquals("cannot reach OSS endpoint nosuchhost.invalid of volume nohost (bucket bkt): unknown host; check the endpoint "
        + "in the volume's url oss://nosuchhost.invalid/bkt/v",
        assertThrows(ProximaException.class, () -> home.volumes().create("nohost", "oss", "oss://nosuchhost.invalid/bkt/v", true,
            PROFILE)).getMessage());
    // a volume whose endpoint goes away after it was created: the same words through odps://
    server.close();
    try (FileSystem fs = home.volumeFs("default")) {
      String m = assertThrows(ProximaException.class, () -> fs.listStatus(odps("dir"))).getMessage();
      assertEquals("cannot reach OSS endpoint " + server.hostPort() + " of volume ossvol (bucket bkt): connection refused; check "
          + "the endpoint in the volume's url oss://" + server.hostPort() + "/bkt/volumes/ossvol, and that OSS is reachable from here", m);
    }
  }

  @Test
  void neitherTheSdkNorHadoopAliyunLogsTheKeyIdOrOssAnswer() throws Exception {
    String id = "LTAI5tLeakCheckKeyId";
    String secret = "leak-check-right-secret";
    String wrong = "leak-check-wrong-secret";
    server.setKey(id, secret);
    home.volumes().credentials().put(new Credentials.Profile("leak", id, secret, null, false));
    home.volumes().create("leakvol", "oss", "oss://" + server.hostPort() + "/bkt/leak", true, "leak");
    org.apache.hadoop.fs.Path big = new org.apache.hadoop.fs.Path("odps://default/leakvol/big.bin");
    try (FileSystem fs = home.volumeFs("default")) {
      try (OutputStream out = fs.create(big)) {
        out.write(new byte[8 << 20]);
      }
    }
    String log;
    String uploadFailure;
    try (LogCapture capture = new LogCapture()) {
      // the secret rotated while a file is read and another written: hadoop-aliyun logs the SDK's exception
      // for each failed range, and the upload fails at close, past the callers that word errors
      try (FileSystem fs = home.volumeFs("default"); InputStream in = fs.open(big)) {
        OutputStream upload = fs.create(new org.apache.hadoop.fs.Path("odps://default/leakvol/new.bin"));
        in.read();
        server.setKey(id, "rotated-secret");
        assertThrows(IOException.class, in::readAllBytes);
        IOException e = assertThrows(IOException.class, () -> {
          upload.write(new byte[10]);
          upload.close();
        });
        uploadFailure = e.toString();
        assertEquals("java.io.IOException: OSS refused to store oss://bkt/leak/new.bin: SignatureDoesNotMatch",
            uploadFailure.replaceFirst(" \\(request id [^)]*\\)$", ""));
      }
      // a wrong secret from the start: the SDK logs OSS's answer, which echoes the key id
      home.volumes().credentials().put(new Credentials.Profile("leak", id, wrong, null, false));
      try (FileSystem fs = home.volumeFs("default")) {
        assertTrue(assertThrows(ProximaException.class, () -> fs.listStatus(new org.apache.hadoop.fs.Path("odps://default/leakvol/")))
            .getMessage().startsWith("access denied: OSS rejected the credentials of profile 'leak' for volume leakvol"));
      }
      log = capture.all() + uploadFailure;
    }
    for (String secretText : new String[] {id, secret, wrong, "rotated-secret", "<Error>", "OSSAccessKeyId", "StringToSign", "RequestId"}) {
      assertFalse(log.contains(secretText), secretText + " was logged:\n" + log);
    }
    assertTrue(log.contains("WARN com.aliyun.oss [Server]Unable to execute HTTP request: The request signature we calculated does not "
        + "match the signature you provided. [SignatureDoesNotMatch]"), "the SDK's lines are cleaned, not dropped:\n" + log);
    assertTrue(log.contains("ERROR org.apache.hadoop.fs.aliyun.oss"), "hadoop-aliyun logged the failed reads:\n" + log);
  }
}
