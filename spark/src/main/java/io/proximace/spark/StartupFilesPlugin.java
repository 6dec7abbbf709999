package io.proximace.spark;

import io.proximace.run.StartupFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import scala.Tuple2;

/**
 * Spark's {@code odps.cupid.volume.files} and {@code odps.cupid.volume.archives} ({@code spark.hadoop.} settings,
 * comma-separated {@code odps://} urls): each file copied, each archive unpacked into a folder named like it, in the
 * driver's and every executor's working directory before any task runs, as the runner's {@code -volume_files} does
 * ({@link StartupFiles}). Enabled by {@code spark.plugins=io.proximace.spark.StartupFilesPlugin}; reading needs
 * Read on the volume for the job's user. In local mode the driver and the executor share a JVM and a folder, so the
 * files are fetched once. {@value #DIR} (ours) names another folder than the working directory.
 */
public final class StartupFilesPlugin implements SparkPlugin {
  /** The files' setting, without Spark's {@code spark.hadoop.} prefix. */
  public static final String FILES = "odps.cupid.volume.files";
  /** The archives' setting, without Spark's {@code spark.hadoop.} prefix. */
  public static final String ARCHIVES = "odps.cupid.volume.archives";
  /** Where the files go (ours): the working directory when unset. */
  public static final String DIR = "spark.proxima.startup.dir";

  /** What this JVM fetched where: a local-mode driver and executor share one folder and fetch once. */
  private static final Set<List<Object>> FETCHED = ConcurrentHashMap.newKeySet();

  @Override
  public DriverPlugin driverPlugin() {
    return new DriverPlugin() {
      @Override
      public Map<String, String> init(SparkContext sc, PluginContext ctx) {
        fetch(sc.getConf(), sc.hadoopConfiguration());
        return Map.of();
      }
    };
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        fetch(ctx.conf(), hadoopConf(ctx.conf()));
      }
    };
  }

  /** The Hadoop configuration Spark gives its jobs: {@code spark.hadoop.*} with the prefix dropped. */
  static Configuration hadoopConf(SparkConf spark) {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> e : spark.getAll()) {
      if (e._1().startsWith("spark.hadoop.")) {
        conf.set(e._1().substring("spark.hadoop.".length()), e._2());
      }
    }
    return conf;
  }

  static void fetch(SparkConf spark, Configuration conf) {
    List<String> files = urls(conf.getTrimmedStrings(FILES));
    List<String> archives = urls(conf.getTrimmedStrings(ARCHIVES));
    if (files.isEmpty() && archives.isEmpty()) {
      return;
    }
    Path dir = Path.of(spark.get(DIR, "")).toAbsolutePath().normalize();
    List<Object> what = List.of(dir, files, archives);
    synchronized (FETCHED) {
      if (FETCHED.contains(what)) {
        return;
      }
      try {
        StartupFiles.fetch(files, archives, conf, dir);
      } catch (IOException e) {
        throw new UncheckedIOException("startup files for " + dir + ": " + e.getMessage(), e);
      }
      FETCHED.add(what);
    }
  }

  private static List<String> urls(String[] values) {
    return Arrays.stream(values).filter(s -> !s.isEmpty()).toList();
  }
}
