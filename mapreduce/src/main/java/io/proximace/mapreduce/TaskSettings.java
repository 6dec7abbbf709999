package io.proximace.mapreduce;

import io.proximace.plan.PartitionRef;
import io.proximace.plan.PlanCodec;
import io.proximace.plan.RunPlan;
import io.proximace.model.Model;
import io.proximace.table.Partition;
import io.proximace.table.Warehouse;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.security.Credentials;

/**
 * What the driver tells its tasks through the job's configuration: the run's plan ({@link io.proximace.plan.PlanCodec}), where the tables
 * and the index are (backing paths, resolved and authorized at submission), and the shard counts. The
 * OSS secret of a volume travels in the job's credentials, not in its configuration.
 */
final class TaskSettings {
  static final String PLAN = "proxima.plan";
  static final String WAREHOUSE = io.proximace.volume.VolumeCatalog.WAREHOUSE;
  static final String INDEX_DIR = "proxima.index.dir";
  static final String INDEX_URL = "proxima.index.url";
  static final String MODEL_DIR = "proxima.model.dir";
  static final String SHARDED = "proxima.index.sharded";
  static final String COLUMNS = "proxima.columns";
  static final String ROWS = "proxima.rows";
  static final String SHARD_DOCS = "proxima.shard.docs";
  static final String QUERIES = "proxima.queries";
  /** Where the driver wrote the seek's query shards ({@link QueryShards}). */
  static final String QUERY_SHARDS = "proxima.query.shards";
  /** The doc partition's data files, by name in read order, joined by {@code /} (no file name holds one). */
  static final String DOC_FILES = "proxima.doc.files";
  /** The shards an interrupted build finished: their docs are not sent again. */
  static final String SHARDS_DONE = "proxima.shards.done";
  static final String REJECTS = "proxima.rejects.dir";
  static final String THREADS = "proxima.task.threads";
  /** Testing: {@code build-reduce} or {@code seek-map} fails the first attempt of task 0 once. */
  static final String FAIL_FIRST_ATTEMPT = "proxima.test.fail_first_attempt";

  private static final Text SECRET = new Text(VolumeCatalog.OSS_SECRET);

  private TaskSettings() {}

  /** Hands the driver's plan to the tasks. */
  static void putPlan(Configuration c, RunPlan plan) {
    c.set(PLAN, PlanCodec.encode(plan));
  }

  /** The driver's plan, with the threads a task may use. */
  static RunPlan plan(Configuration c) {
    RunPlan plan = PlanCodec.decode(c.get(PLAN));
    return plan.with(plan.execution().withThreads(c.getInt(THREADS, plan.threads())));
  }

  /** Puts a volume's hadoop-aliyun settings in the job: the secret into its credentials, the rest in its configuration. */
  static void putVolumeSettings(Job job, Map<String, String> settings) {
    job.getConfiguration().unset(VolumeCatalog.DIRECT_SECRET); // the run's direct keys: tasks get the secret below
    settings.forEach((k, v) -> {
      if (k.equals(VolumeCatalog.OSS_SECRET)) {
        job.getCredentials().addSecretKey(SECRET, v.getBytes(StandardCharsets.UTF_8));
      } else {
        job.getConfiguration().set(k, v);
      }
    });
  }

  /** The file system of a volume's backing path, given the job's credentials: a private instance for OSS (close it). */
  static FileSystem volumeFs(Configuration c, Credentials credentials, Path p) throws IOException {
    if (!"oss".equals(p.toUri().getScheme())) {
      return p.getFileSystem(c);
    }
    Configuration withSecret = new Configuration(c);
    byte[] secret = credentials.getSecretKey(SECRET);
    if (secret != null) {
      withSecret.set(VolumeCatalog.OSS_SECRET, new String(secret, StandardCharsets.UTF_8));
    }
    return FileSystem.newInstance(p.toUri(), withSecret);
  }

  /** Closes what {@link #volumeFs} opened privately. */
  static void release(FileSystem fs) throws IOException {
    if ("oss".equals(fs.getUri().getScheme())) {
      fs.close();
    }
  }

  /** Names the doc partition's data files, in read order, for the build's tasks. */
  static void putDocFiles(Configuration c, List<String> names) {
    c.set(DOC_FILES, String.join("/", names));
  }

  /** The doc partition's data files the driver named: a task finds its split's index, and names a row's file, without listing. */
  static List<String> docFiles(Configuration c) {
    String names = c.get(DOC_FILES, "");
    return names.isEmpty() ? List.of() : List.of(names.split("/"));
  }

  /** A partition of the warehouse the driver named. */
  static Partition partition(Configuration c, PartitionRef ref) throws IOException {
    Path root = new Path(c.get(WAREHOUSE));
    return new Warehouse(root.getFileSystem(c), root).table(ref.table()).partition(ref.value());
  }

  /** What train learned, from the volume. */
  static Model model(Configuration conf, TaskAttemptContext ctx) throws IOException {
    String dir = conf.get(MODEL_DIR);
    Path p = new Path(dir);
    FileSystem fs = volumeFs(conf, ctx.getCredentials(), p);
    try {
      Model m = Model.load(fs, p);
      if (m == null) {
        throw new IOException("no trained model at " + dir);
      }
      return m;
    } finally {
      release(fs);
    }
  }
}
