package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.proxima2.ce.ProximaCERunner;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapred.MiniMRClientCluster;
import org.apache.hadoop.mapred.MiniMRClientClusterFactory;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The runner on a real cluster: HDFS and YARN in this JVM (MiniDFSCluster + MiniMRClientCluster), tables
 * and the volume on HDFS, ProximaCERunner submitting through ToolRunner with generic options, exactly as
 * the README's {@code hadoop jar} commands do. One cluster for the class: it takes about a minute to start.
 */
class ClusterTest {
  @TempDir
  static Path tmp;
  static MiniDFSCluster dfs;
  static MiniMRClientCluster mr;
  static Configuration cluster;
  static String hdfs;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    hdfs = fs.getUri().toString();
    Configuration mrConf = new Configuration(conf);
    mrConf.set("fs.defaultFS", hdfs);
    mrConf.setInt("yarn.nodemanager.resource.memory-mb", 4096);
    mrConf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
    mrConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    mrConf.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m");
    mrConf.setInt("mapreduce.map.memory.mb", 640);
    mrConf.set("mapreduce.map.java.opts", "-Xmx512m");
    mrConf.setInt("mapreduce.reduce.memory.mb", 640);
    mrConf.set("mapreduce.reduce.java.opts", "-Xmx512m");
    mrConf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    mrConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 200);
    mrConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
    mrConf.setInt("yarn.nodemanager.sleep-delay-before-sigkill.ms", 100);
    mrConf.setInt("yarn.nodemanager.process-kill-wait.ms", 100);
    mr = MiniMRClientClusterFactory.create(ClusterTest.class, 1, mrConf);
    cluster = new Configuration(mr.getConfig());
    cluster.setInt("mapreduce.client.completion.pollinterval", 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (mr != null) {
      mr.stop();
    }
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  /** A proxima-ce command with the cluster's configuration, tables on HDFS; returns stdout, fails on a non-zero exit. */
  private static String cli(String... args) {
    CommandLine cl = io.proximace.cli.ProximaCeCommand.newCommandLine(new Configuration(cluster));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = Stream.concat(Stream.of("--home", tmp.resolve("home").toString(), "--warehouse", hdfs + "/proxima/warehouse"),
        Stream.of(args)).toArray(String[]::new);
    assertEquals(0, cl.execute(all), String.join(" ", args) + "\n" + err);
    return out.toString();
  }

  /** ProximaCERunner through ToolRunner, generic options first, as {@code hadoop jar} runs it. */
  private static int runner(List<String> generic, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(generic);
    args.add("--home");
    args.add(tmp.resolve("home").toString());
    args.add("--warehouse");
    args.add(hdfs + "/proxima/warehouse");
    args.addAll(options);
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return ToolRunner.run(new Configuration(cluster), new ProximaCERunner(), args.toArray(String[]::new));
    } finally {
      System.setOut(saved);
      saved.print(out.toString(StandardCharsets.UTF_8));
    }
  }

  private static void vectors(Path file, String prefix, int n, int dim, long seed) throws Exception {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(prefix).append(i).append(',');
      for (int j = 0; j < dim; j++) {
        s.append(j > 0 ? "~" : "").append(String.format(Locale.ROOT, "%.2f", r.nextGaussian()));
      }
      s.append('\n');
    }
    Files.writeString(file, s);
  }

  @Test
  void theRunnerSubmitsToYarnAndAgreesWithLocalModeEvenWhenATaskFails() throws Exception {
    vectors(tmp.resolve("docs.csv"), "d", 3000, 16, 1);
    vectors(tmp.resolve("queries.csv"), "q", 120, 16, 2);
    cli("table", "create", "doc", "pk STRING, vector STRING", "--partitioned-by", "pt STRING");
    cli("table", "create", "query", "pk STRING, vector STRING", "--partitioned-by", "pt STRING");
    cli("table", "import", "doc", "pt=1", "--file", tmp.resolve("docs.csv").toString());
    cli("table", "import", "query", "pt=1", "--file", tmp.resolve("queries.csv").toString());
    cli("vfs", "-create", "vol", "-storage_provider", "hdfs", "-url", hdfs + "/proxima/volumes/vol", "-acd", "true");
    List<String> options = List.of("-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query",
        "-query_table_partition", "1", "-data_type", "float", "-dimension", "16", "-topk", "10", "-algo_model", "linear",
        "-external_volume", "vol", "-owner_id", "me", "-job_mode", "train:build:seek:recall");
    List<String> mrOptions = new ArrayList<>(options);
    mrOptions.addAll(List.of("-output_table", "out_mr", "-output_table_partition", "1", "-mode", "mapreduce",
        "-column_num", "3", "-row_num", "2"));
    // the first attempt of the first seek task dies; YARN runs it again
    long started = System.currentTimeMillis();
    assertEquals(0, runner(List.of("-D", "mapreduce.framework.name=yarn", "-D", "proxima.test.fail_first_attempt=seek-map"),
        mrOptions));
    List<String> localOptions = new ArrayList<>(options);
    localOptions.addAll(List.of("-output_table", "out_local", "-output_table_partition", "1", "-mode", "local"));
    assertEquals(0, runner(List.of(), localOptions));
    String mrRows = cli("table", "show", "out_mr", "pt=1", "--format", "csv", "--limit", "100000");
    String localRows = cli("table", "show", "out_local", "pt=1", "--format", "csv", "--limit", "100000");
    assertEquals(1201, mrRows.lines().count());
    assertEquals(localRows, mrRows);
    assertTrue(dfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/proxima/warehouse/default/out_mr/pt=1")));
    assertTrue(new File(tmp.resolve("home").toFile(), "catalog").isDirectory(), "the catalog stays on the client");
    assertTrue(containerLogsSince(started).anyMatch(log -> log.contains("injected failure (proxima.test.fail_first_attempt=seek-map)")),
        "a task attempt failed and was retried");
  }

  /** The YARN container logs written since {@code millis}: the mini cluster keeps them under target/test/data. */
  private static Stream<String> containerLogsSince(long millis) throws Exception {
    Path dir = Path.of("target/test/data", ClusterTest.class.getSimpleName());
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> logs = files.filter(f -> f.getFileName().toString().equals("syslog"))
          .filter(f -> f.toFile().lastModified() >= millis).toList();
      List<String> texts = new ArrayList<>();
      for (Path f : logs) {
        texts.add(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
      return texts.stream();
    }
  }
}
