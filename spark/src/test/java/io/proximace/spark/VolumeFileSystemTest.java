package io.proximace.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark reads and writes {@code odps://} volume paths with the documentation's settings, and is refused what it may not reach. */
class VolumeFileSystemTest {
  @TempDir static Path tmp;
  static LocalHome home;
  static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    home = LocalHome.create(tmp);
    spark = home.spark(tmp).getOrCreate();
  }

  @AfterAll
  static void stop() throws IOException {
    LocalHome.stop(spark);
  }

  @Test
  void textFileReadsAndSaveAsTextFileWritesTheVolume() throws IOException {
    Files.createDirectories(home.vol().resolve("in"));
    Files.writeString(home.vol().resolve("in/lines.txt"), "a\nbb\nccc\n");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> lengths = jsc.textFile("odps://proj/vol/in/lines.txt").map(String::length).collect();
    assertEquals(List.of(1, 2, 3), lengths);

    jsc.parallelize(List.of("x", "y", "z"), 2).saveAsTextFile("odps://proj/vol/out/text");
    List<String> written = new ArrayList<>();
    try (Stream<Path> parts = Files.list(home.vol().resolve("out/text"))) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        written.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    assertEquals(List.of("x", "y", "z"), written, "the files are in the volume's folder");
    assertTrue(Files.exists(home.vol().resolve("out/text/_SUCCESS")));
  }

  @Test
  void dataFrameParquetRoundTripsThroughTheVolume() {
    Dataset<Row> df = spark.range(0, 100).selectExpr("id AS pk", "array(CAST(id AS FLOAT), CAST(id * 2 AS FLOAT)) AS vector");
    df.write().mode("overwrite").parquet("odps://proj/vol/df/t");
    Dataset<Row> back = spark.read().parquet("odps://proj/vol/df/t");
    assertEquals(DataTypes.createArrayType(DataTypes.FloatType, true), back.schema().apply("vector").dataType());
    assertEquals(100, back.count());
    assertEquals(0, back.exceptAll(df).count() + df.exceptAll(back).count(), "the same rows come back");
    assertTrue(Files.exists(home.vol().resolve("df/t/_SUCCESS")));
  }

  /** FileContext (fs.AbstractFileSystem.odps.impl) and the public SDK's class names reach the same files. */
  @Test
  void fileContextAndTheSdkNamesWorkToo() throws Exception {
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("odps://proj/vol/fc/a.txt");
    FileContext fc = FileContext.getFileContext(file.toUri(), conf);
    try (FSDataOutputStream out = fc.create(file, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("via FileContext".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("via FileContext", Files.readString(home.vol().resolve("fc/a.txt")));

    conf.set("fs.odps.impl", "com.aliyun.odps.fs.VolumeFileSystem");
    conf.set("fs.AbstractFileSystem.odps.impl", "com.aliyun.odps.fs.VolumeFs");
    try (FileSystem fs = FileSystem.newInstance(file.toUri(), conf)) {
      assertEquals("com.aliyun.odps.fs.VolumeFileSystem", fs.getClass().getName());
      try (FSDataInputStream in = fs.open(file)) {
        assertEquals("via FileContext", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertTrue(FileContext.getFileContext(file.toUri(), conf).util().exists(file));
  }

  @Test
  void aVolumeOutsideCupidPathsIsRefused() throws IOException {
    Files.writeString(home.other().resolve("x.txt"), "secret\n");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Exception e = assertThrows(Exception.class, () -> jsc.textFile("odps://proj/other/x.txt").count());
    assertTrue(String.valueOf(e.getMessage()).contains("outside the volume paths this job may reach (odps.cupid.volume.paths="),
        e.getMessage());
  }

  /**
   * A user without Read is refused in the driver (listing a path) and in an executor (opening a file inside a
   * task), and the error reaches the driver naming the user and the privilege. HADOOP_USER_NAME is read once
   * per JVM, so the job runs in a JVM of its own.
   */
  @Test
  void aUserWithoutReadIsRefusedInsideASparkJob() throws Exception {
    Files.writeString(home.vol().resolve("private.txt"), "p\n");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(System.getProperty("spark.test.jvm.args", "").split(" ")));
    cmd.addAll(List.of("-Xmx700m", "-cp", System.getProperty("java.class.path"), RefusedJob.class.getName(),
        home.dir().toString(), tmp.resolve("refused").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd.stream().filter(s -> !s.isEmpty()).toList()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("refused.log").toFile());
    pb.environment().put("HADOOP_USER_NAME", "bob");
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the job finished");
    String log = Files.readString(tmp.resolve("refused.log"));
    assertEquals(0, p.exitValue(), log);
    String driver = line(log, "driver refused: ");
    String executor = line(log, "executor refused: ");
    System.out.println(driver + "\n" + executor); // in the test report, for a reader
    for (String m : List.of(driver, executor)) {
      assertTrue(m.contains("bob") && m.contains("Read") && m.contains("vol"), m);
    }
    assertTrue(executor.contains("Task") && executor.contains("failed"), "raised in a task: " + executor);
  }

  private static String line(String log, String prefix) {
    return log.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in\n" + log));
  }
}
