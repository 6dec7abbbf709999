package io.proximace.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's K-means example (examples/spark/KMeansExample.java) runs through bin/proxima-spark with the
 * shipped conf/spark-defaults.conf, the home named by PROXIMA_HOME: it reads the volume, saves the model there, loads
 * it back, and both predict the same.
 */
class KMeansExampleTest {
  @TempDir static Path tmp;

  @Test
  void runsThroughTheLauncher() throws Exception {
    LocalHome home = LocalHome.create(tmp);
    Files.writeString(home.vol().resolve("kmeans_data.txt"),
        "0.0 0.0 0.0\n0.1 0.1 0.1\n0.2 0.2 0.2\n9.0 9.0 9.0\n9.1 9.1 9.1\n9.2 9.2 9.2\n");
    Path root = Path.of("").toAbsolutePath().getParent(); // tests run in spark/
    ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/proxima-spark").toString(),
        root.resolve("examples/spark/KMeansExample.java").toString(), "odps://proj/vol")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("kmeans.log").toFile()).directory(tmp.toFile());
    pb.environment().put("PROXIMA_HOME", home.dir().toString());
    pb.environment().put("HADOOP_USER_NAME", home.user());
    pb.environment().put("PROXIMA_SPARK_CP", System.getProperty("java.class.path"));
    pb.environment().put("PROXIMA_JAVA_OPTS", "-Xmx700m -Dspark.master=local[2] -Dspark.local.dir=" + tmp.resolve("spark-local"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the example finished");
    String log = Files.readString(tmp.resolve("kmeans.log"));
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("predictions: [0, 0, 0, 1, 1, 1]") || log.contains("predictions: [1, 1, 1, 0, 0, 0]"), log);
    assertTrue(log.contains("predictions equal: true"), log);
    assertTrue(Files.isDirectory(home.vol().resolve("KMeansModel/metadata")), "the model is in the volume's folder");
    assertTrue(Files.isDirectory(home.vol().resolve("KMeansModel/data")));
  }
}
