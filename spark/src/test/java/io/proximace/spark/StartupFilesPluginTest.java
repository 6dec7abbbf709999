package io.proximace.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import com.codahale.metrics.MetricRegistry;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * odps.cupid.volume.files and .archives are in the working folder when the session is up, before any job, and
 * tasks read them there. Local mode: the driver and the executor share the JVM and the folder, so this covers the
 * driver's fetch; an executor in a JVM of its own runs the executor plugin, tested here with a SparkConf alone (no
 * second JVM is started).
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

  /**
   * An executor in a JVM of its own starts the executor plugin with nothing but its SparkConf: the same settings
   * (spark.hadoop.* turned into Hadoop's) fetch the same files into its folder.
   */
  @Test
  void theExecutorSideFetchesFromItsSparkConfAlone() throws IOException {
    Path executorDir = tmp.resolve("executor-work");
    SparkConf conf = spark.sparkContext().getConf().clone().set(StartupFilesPlugin.DIR, executorDir.toString());
    startExecutor(conf);
    assertEquals("k=v\n", Files.readString(executorDir.resolve("app.properties")));
    assertEquals("1 2 3\n", Files.readString(executorDir.resolve("model.zip/weights.txt")));

    SparkConf missing = conf.clone().set(StartupFilesPlugin.DIR, tmp.resolve("executor-2").toString())
        .set("spark.hadoop." + StartupFilesPlugin.FILES, "odps://proj/vol/conf/nothing.txt");
    Exception e = assertThrows(Exception.class, () -> startExecutor(missing));
    assertEquals("startup file odps://proj/vol/conf/nothing.txt does not exist", e.getMessage());

    // another file list into a folder already filled is fetched too (the folder alone was the key before)
    Path shared = tmp.resolve("executor-3");
    startExecutor(conf.clone().set(StartupFilesPlugin.DIR, shared.toString()).remove("spark.hadoop." + StartupFilesPlugin.ARCHIVES));
    assertEquals(false, Files.exists(shared.resolve("model.zip")));
    startExecutor(conf.clone().set(StartupFilesPlugin.DIR, shared.toString()));
    assertEquals("1 2 3\n", Files.readString(shared.resolve("model.zip/weights.txt")));
  }

  @Test
  void onlyVolumeUrlsAreFetched() {
    // as the runner's -volume_files: a local file or another scheme is refused, and a file is no archive
    for (String[] bad : new String[][] {
        {StartupFilesPlugin.FILES, "file:///etc/hostname", "odps.cupid.volume.files: 'file:///etc/hostname' is not odps://<project>/<volume>/<path>"},
        {StartupFilesPlugin.FILES, "/etc/hostname", "odps.cupid.volume.files: '/etc/hostname' is not odps://<project>/<volume>/<path>"},
        {StartupFilesPlugin.ARCHIVES, "odps://proj/vol/conf/app.properties",
            "odps.cupid.volume.archives: 'odps://proj/vol/conf/app.properties' is not a .zip, .tar, .tar.gz or .tgz archive"}}) {
      SparkConf conf = spark.sparkContext().getConf().clone().set(StartupFilesPlugin.DIR, tmp.resolve("refused").toString())
          .remove("spark.hadoop." + StartupFilesPlugin.FILES).remove("spark.hadoop." + StartupFilesPlugin.ARCHIVES)
          .set("spark.hadoop." + bad[0], bad[1]);
      Exception e = assertThrows(Exception.class, () -> startExecutor(conf), bad[1]);
      assertEquals(bad[2], e.getMessage());
    }
  }

  private static void startExecutor(SparkConf conf) {
    new StartupFilesPlugin().executorPlugin().init(new PluginContext() {
      @Override public MetricRegistry metricRegistry() { return null; }
      @Override public SparkConf conf() { return conf; }
      @Override public String executorID() { return "1"; }
      @Override public String hostname() { return "localhost"; }
      @Override public Map<String, ResourceInformation> resources() { return Map.of(); }
      @Override public void send(Object message) {}
      @Override public Object ask(Object message) { return null; }
    }, Map.of());
  }

  @Test
  void tasksReadThemFromTheWorkingFolder() {
    String dir = work.toString();
    List<String> read = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of("app.properties", "model.zip/weights.txt"), 2)
        .map(name -> Files.readString(Path.of(dir, name)).trim()).collect();
    assertEquals(List.of("k=v", "1 2 3"), read);
  }
}
