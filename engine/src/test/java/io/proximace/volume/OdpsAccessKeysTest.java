package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.home.Home;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's {@code odps.access.id/key} as the keys of OSS volumes that name no credentials profile, read through
 * {@code odps://} against the OSS test server (plain HTTP, which {@code fs.oss.endpoint=http://...} says, as in
 * hadoop-aliyun), and refused with wrong keys naming the settings to check.
 */
class OdpsAccessKeysTest {
  @TempDir
  Path tmp;
  OssServer server;
  Home home;

  @BeforeEach
  void setUp() throws Exception {
    server = new OssServer("job-ak", "job-sk");
    server.createBucket("bkt");
    Configuration conf = new Configuration();
    conf.setInt("fs.oss.attempts.maximum", 0);
    conf.set("fs.oss.buffer.dir", tmp.resolve("oss-buffer").toString());
    home = new Home(conf, new org.apache.hadoop.fs.Path(tmp.resolve("home").toUri()), "default", "alice");
    // the volumes are registered with keys from the environment, as vfs -create would be without -role_arn
    Configuration admin = new Configuration(conf);
    admin.set("fs.oss.endpoint", server.endpoint());
    VolumeCatalog catalog = new VolumeCatalog(admin, tmp.resolve("home"), "default", "alice", () -> false,
        () -> Map.of("OSS_ACCESS_KEY_ID", "job-ak", "OSS_ACCESS_KEY_SECRET", "job-sk"));
    catalog.create("urlvol", "oss", "oss://" + server.hostPort() + "/bkt/urlvol", true, null);
    catalog.create("bucketvol", "oss", "oss://bkt/bucketvol", true, null); // its endpoint: fs.oss.endpoint
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Configuration job(String id, String key) {
    Configuration c = new Configuration(home.conf());
    c.set(OdpsFileSystem.ACCESS_ID, id);
    c.set(OdpsFileSystem.ACCESS_KEY, key);
    c.set("fs.oss.endpoint", server.endpoint()); // http://127.0.0.1:<port>, and no fs.oss.connection.secure.enabled
    return c;
  }

  @Test
  void theJobsKeysReadAndWriteVolumesWithoutAProfile() throws Exception {
    assertTrue(server.endpoint().startsWith("http://"), server.endpoint());
    try (FileSystem fs = FileSystem.newInstance(URI.create("odps://default/"), job("job-ak", "job-sk"))) {
      for (String volume : new String[] {"urlvol", "bucketvol"}) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("odps://default/" + volume + "/dir/a.txt");
        try (OutputStream out = fs.create(p)) {
          out.write(("hello " + volume).getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = fs.open(p)) {
          assertEquals("hello " + volume, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(server.objects("bkt").containsKey(volume + "/dir/a.txt"), server.objects("bkt").keySet().toString());
      }
    }
  }

  @Test
  void wrongKeysAreRefusedNamingTheSettings() throws Exception {
    try (FileSystem fs = FileSystem.newInstance(URI.create("odps://default/"), job("job-ak", "not-the-secret"))) {
      String m = assertThrows(ProximaException.class,
          () -> fs.exists(new org.apache.hadoop.fs.Path("odps://default/urlvol/dir"))).getMessage();
      assertTrue(m.startsWith("access denied: OSS rejected the access key of odps.access.id for volume urlvol ("), m);
      assertTrue(m.endsWith("check odps.access.id and odps.access.key"), m);
      assertFalse(m.contains("not-the-secret") || m.contains("job-ak"), m);
    }
  }

  /** hadoop-aliyun's rule: a scheme on the endpoint wins; without one, fs.oss.connection.secure.enabled (default https). */
  @Test
  void theSchemeFollowsTheEndpointSetting() throws Exception {
    Configuration c = job("job-ak", "job-sk");
    assertEquals("false", secure(c, "urlvol"), "fs.oss.endpoint names the volume's host with http://");
    assertEquals("false", secure(c, "bucketvol"));
    c.set("fs.oss.endpoint", "https://" + server.hostPort());
    assertEquals("true", secure(c, "urlvol"));
    c.set("fs.oss.endpoint", "http://elsewhere.example.com");
    assertEquals("true", secure(c, "urlvol"), "another host's scheme says nothing about this one");
    c.setBoolean("fs.oss.connection.secure.enabled", false);
    assertEquals("false", secure(c, "urlvol"));
    c.unset("fs.oss.endpoint");
    c.unset("fs.oss.connection.secure.enabled");
    assertEquals("true", secure(c, "urlvol"), "no scheme anywhere: https");
    String m = assertThrows(ProximaException.class, () -> secure(c, "bucketvol")).getMessage();
    assertTrue(m.contains("no OSS endpoint") && m.contains("fs.oss.endpoint"), m);
  }

  private String secure(Configuration c, String volume) throws Exception {
    VolumeCatalog catalog = new VolumeCatalog(c, tmp.resolve("home"), "default", "alice", () -> false,
        () -> Map.of("OSS_ACCESS_KEY_ID", "job-ak", "OSS_ACCESS_KEY_SECRET", "job-sk"));
    return catalog.ossSettings(catalog.get(volume)).get("fs.oss.connection.secure.enabled");
  }
}
