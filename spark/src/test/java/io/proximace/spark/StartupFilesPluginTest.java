package io.proximace.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * odps.cupid.volume.files and .archives are in the working folder when the session is up, before any job, and
 * tasks read them there. Local mode: the driver and the executor share the JVM and the folder, so this covers the
 * driver's fetch; an executor in a JVM of its own runs the same code from its plugin (not tested here).
 */
class StartupFilesPluginTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Path work;

  @BeforeAll
  static void start() throws IOException {
    LocalHome home = LocalHome.create(tmp);
    Files.createDirectories(home.vol().resolve("conf"));
    Files.writeString(home.vol().resolve("conf/app.properties"), "k=v\n");
    try (OutputStream out = Files.newOutputStream(home.vol().resolve("model.zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("weights.txt"));
      zip.write("1 2 3\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    work = tmp.resolve("work");
    spark = home.spark(tmp)
        .config("spark.plugins", StartupFilesPlugin.class.getName())
        .config("spark.proxima.startup.dir", work.toString())
        .config("spark.hadoop.odps.cupid.volume.files", "odps://proj/vol/conf/app.properties")
        .config("spark.hadoop.odps.cupid.volume.archives", "odps://proj/vol/model.zip")
        .getOrCreate();
  }

  @AfterAll
  static void stop() throws IOException {
    LocalHome.stop(spark);
  }

  @Test
  void filesAndArchivesAreThereBeforeTheFirstJob() throws IOException {
    // no job has run yet: the plugin fetched them while the session started
    assertEquals(0, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length);
    assertEquals("k=v\n", Files.readString(work.resolve("app.properties")));
    assertEquals("1 2 3\n", Files.readString(work.resolve("model.zip/weights.txt")));
  }

  @Test
  void tasksReadThemFromTheWorkingFolder() {
    String dir = work.toString();
    List<String> read = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of("app.properties", "model.zip/weights.txt"), 2)
        .map(name -> Files.readString(Path.of(dir, name)).trim()).collect();
    assertEquals(List.of("k=v", "1 2 3"), read);
  }
}
