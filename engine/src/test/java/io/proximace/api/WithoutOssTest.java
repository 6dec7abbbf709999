package io.proximace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import io.proximace.ProximaException;
import io.proximace.volume.Volume;
import io.proximace.volume.VolumeCatalog;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OSS SDK and hadoop-aliyun are optional dependencies of the engine: a library user without them on the
 * classpath builds, searches, saves and loads indexes. Runs {@link LibraryExample} in a child JVM whose
 * classpath is this one's without the jars only OSS needs ({@link #OSS_ONLY}), and asks for an OSS volume's settings, which must name the
 * missing jars.
 */
class WithoutOssTest {
  /**
   * The jars (folders in the local repository) only hadoop-aliyun and the OSS SDK bring: left out, the child's classpath
   * is what a library user without OSS gets (the engine's runtime jars, less the optional ones) plus JUnit.
   */
  static final List<String> OSS_ONLY = List.of("/com/aliyun/", "/org/apache/hadoop/hadoop-aliyun/", "/org/bouncycastle/",
      "/org/glassfish/jaxb/", "/com/sun/xml/", "/com/sun/istack/", "/org/jvnet/staxex/", "/org/codehaus/jettison/", "/org/jdom/",
      "/io/opentracing/", "/io/opentelemetry/", "/org/dom4j/", "/org/reactivestreams/", "/javax/xml/bind/", "/jakarta/xml/bind/",
      "/javax/activation/");

  @TempDir
  Path tmp;

  /** Checks that the SDK is really absent, then runs the README's example. */
  public static final class Main {
    public static void main(String[] args) throws Exception {
      for (String sdk : new String[] {"com.aliyun.oss.OSSClient", "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem"}) {
        try {
          Class.forName(sdk);
          throw new AssertionError(sdk + " is on the classpath");
        } catch (ClassNotFoundException expected) {
          // as it should be
        }
      }
      LibraryExample.main(args);
      // an OSS volume says what is missing, rather than failing with NoClassDefFoundError
      VolumeCatalog catalog = new VolumeCatalog(new Configuration(), Path.of(args[1]), "default", "alice", () -> false);
      try {
        catalog.ossSettings(new Volume("default", "bucket", "oss", URI.create("oss://127.0.0.1/bucket/x"), false, null));
        throw new AssertionError("an OSS volume without the SDK was accepted");
      } catch (ProximaException e) {
        System.out.println(e.getMessage());
      }
    }
  }

  @Test
  void theExampleRunsWithoutTheOssSdk() throws Exception {
    String[] all = System.getProperty("java.class.path").split(File.pathSeparator);
    String withoutOss = Arrays.stream(all).filter(e -> OSS_ONLY.stream().noneMatch(e::contains))
        .collect(Collectors.joining(File.pathSeparator));
    assertTrue(all.length - withoutOss.split(File.pathSeparator).length >= 2,
        "expected hadoop-aliyun and aliyun-sdk-oss on the test classpath to leave out: " + String.join("\n", all));
    Path out = tmp.resolve("out.txt");
    ChildJvm child = ChildJvm.start(withoutOss, Main.class, null, out, tmp.resolve("index").toUri().toString(),
        tmp.resolve("home").toString());
    int rc = child.waitFor(Duration.ofMinutes(3));
    String stdout = Files.readString(out);
    assertEquals(0, rc, "stdout:\n" + stdout + "\nstderr:\n" + child.stderr());
    assertTrue(stdout.contains("nearest to 1007: 1007 at 0.0"), stdout);
    assertTrue(stdout.contains("loaded hnsw of 2000 docs; query 1 -> 1002"), stdout);
    assertTrue(Files.exists(tmp.resolve("index").resolve("manifest.json")));
    assertTrue(stdout.contains("volume bucket is on OSS, but com.aliyun.oss.OSSClient is not on the classpath: add "
        + "org.apache.hadoop:hadoop-aliyun and com.aliyun.oss:aliyun-sdk-oss"), stdout);
  }
}
