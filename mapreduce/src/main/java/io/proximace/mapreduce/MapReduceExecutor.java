package io.proximace.mapreduce;

import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.StagedDirectory;
import io.proximace.fs.WorkDirectory;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.ShardSet;
import io.proximace.model.Model;
import io.proximace.plan.PartitionRef;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import io.proximace.stage.Built;
import io.proximace.stage.MapReduceJob;
import io.proximace.stage.Executor;
import io.proximace.stage.Sought;
import io.proximace.stage.TrainStage;
import io.proximace.stage.Workspace;
import io.proximace.table.Partition;
import io.proximace.table.Table;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Build and seek as Hadoop MapReduce jobs, submitted with the client's configuration: LocalJobRunner by
 * default, a YARN cluster when {@code mapreduce.framework.name=yarn}. Build writes one index per doc shard
 * into a staged folder that replaces the old index only when every shard is written ({@code shards.json}
 * last); seek writes into a staged folder that replaces the output partition only when the job succeeds.
 */
public final class MapReduceExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(MapReduceExecutor.class);

  private final Configuration conf;
  /** What each stage's job counted, by stage ("build", "seek"), for tests and tools that look at a finished run. */
  private final Map<String, Counters> counted = new HashMap<>();

  /** Jobs start from {@code conf}: the client's Hadoop settings, generic options applied. */
  public MapReduceExecutor(Configuration conf) {
    this.conf = conf;
  }

  /** A counter of the last {@code stage} job this executor ran; 0 when it ran none. */
  long counted(String stage, ProximaCounter counter) throws IOException {
    Counters c = counted.get(stage);
    return c == null ? 0 : c.findCounter(counter).getValue();
  }

  @Override
  public Built build(Workspace ws, RunPlan plan, Model trained) throws IOException {
    Model model = trained != null ? trained : TrainStage.ensure(ws, plan);
    int columns = model.routing() != null ? model.routing().size() : plan.execution().columns();
    Partition docs = ws.partition(plan.inputs().docs());
    Fingerprint fingerprint = docs.fingerprint(); // before the tasks read it
    PartialShards partial = PartialShards.open(ws.fs(), ws.partialDir(),
        plan.key(Stage.BUILD), plan.resume(), columns);
    if (!partial.done().isEmpty()) {
      LOG.info("build: resumed: {} of {} shards ({}) finished by an interrupted run of this command", partial.done().size(),
          columns, partial.done().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    MapReduceJob ran;
    try (WorkDirectory scratch = scratch(ws)) {
      Path backing = backing(ws, partial.dir());
      Job job = newJob(ws, plan, "build", scratch.path());
      Configuration c = job.getConfiguration();
      c.set(TaskSettings.INDEX_DIR, backing.toString());
      c.set(TaskSettings.SHARDS_DONE, partial.done().stream().map(String::valueOf).collect(Collectors.joining(",")));
      c.set(TaskSettings.INDEX_URL, ws.indexUrl());
      c.set(TaskSettings.MODEL_DIR, backing(ws, ws.modelDir()).toString());
      c.setInt(TaskSettings.COLUMNS, columns);
      c.set(TaskSettings.REJECTS, new Path(backing, "_rejects").toString());
      TaskSettings.putDocFiles(c, fingerprint.files().stream().map(Fingerprint.File::name).toList());
      job.setInputFormatClass(DataFileInputFormat.class);
      FileInputFormat.addInputPath(job, docs.dir());
      job.setMapperClass(DocMapper.class);
      job.setMapOutputKeyClass(ShardKey.class);
      job.setMapOutputValueClass(DocWritable.class);
      job.setPartitionerClass(ShardKey.ByShard.class);
      job.setGroupingComparatorClass(ShardKey.SameShard.class);
      job.setReducerClass(ShardReducer.class);
      job.setNumReduceTasks(columns);
      job.setOutputFormatClass(NullOutputFormat.class);
      LOG.info("build: {} docs into {} by {} ({}), written to {}", docs, Units.count(columns, "shard"),
          plan.execution().byCluster() ? "nearest centroid" : "pk hash", Units.bytes(docs.bytes()), ws.indexUrl());
      try {
        ran = JobRun.run(job, "build", LOG);
        counted.put("build", job.getCounters());
        Rejects.check(job);
      } catch (IOException | RuntimeException e) {
        if (!plan.resume()) {
          partial.delete();
        }
        throw e;
      }
    }
    try (StagedDirectory staged = StagedDirectory.create(ws.fs(), ws.indexDir())) {
      partial.moveInto(staged.path(), columns);
      List<Long> perShard = new ArrayList<>();
      for (int s = 0; s < columns; s++) {
        IndexManifest m = IndexStore.manifest(ws.fs(), ShardSet.shardDir(staged.path(), s));
        perShard.add(m == null ? 0L : m.docs());
      }
      ShardSet set = new ShardSet(plan.execution().byCluster() ? "cluster" : "hash", perShard, Instant.now().toString(), fingerprint);
      set.commit(staged);
      LOG.info("build: wrote {} shards of {} docs to {} (docs per shard: {})", columns, set.totalDocs(), ws.indexUrl(),
          perShard.stream().map(String::valueOf).collect(Collectors.joining(", ")));
      return new Built(ws.indexUrl(), set.totalDocs(), columns, 0, ran);
    }
  }

  @Override
  public Sought seek(Workspace ws, RunPlan plan) throws IOException {
    ShardSet set = ShardSet.read(ws.fs(), ws.indexDir());
    List<Long> docs;
    boolean byCluster = plan.execution().byCluster();
    if (set != null) {
      docs = set.docs();
      if (set.sharding().equals("cluster") != byCluster) {
        throw new ProximaException("the index at " + ws.indexUrl() + " was sharded by " + set.sharding()
            + " (this run: -sharding_mode " + (byCluster ? "cluster" : "hash") + "): rebuild it");
      }
    } else {
      IndexManifest m = IndexStore.manifest(ws.fs(), ws.indexDir());
      docs = List.of((long) m.docs());
    }
    int columns = docs.size();
    int rows = plan.execution().rows();
    Table out = ws.outputTable(plan.output());
    try (StagedDirectory staged = StagedDirectory.create(out.fs(), out.partitionDir(plan.output().partition()));
         WorkDirectory scratch = scratch(ws)) {
      // beside the output being written, on the file system the tasks read tables from; removed before the commit
      Path queryShards = out.fs().makeQualified(new Path(staged.path(), "_queries"));
      long t0 = System.nanoTime();
      long queries = QueryShards.write(ws.partition(plan.inputs().queries()), plan, out.fs(), queryShards, rows);
      LOG.info("seek: parsed {} queries once and split them into {} in {}", queries, Units.count(rows, "query shard"),
          Units.seconds(t0));
      Job job = newJob(ws, plan, "seek", scratch.path());
      Configuration c = job.getConfiguration();
      c.set(TaskSettings.INDEX_DIR, backing(ws, ws.indexDir()).toString());
      c.setBoolean(TaskSettings.SHARDED, set != null);
      c.set(TaskSettings.INDEX_URL, ws.indexUrl());
      c.set(TaskSettings.MODEL_DIR, backing(ws, ws.modelDir()).toString());
      c.setInt(TaskSettings.COLUMNS, columns);
      c.setInt(TaskSettings.ROWS, rows);
      c.setStrings(TaskSettings.SHARD_DOCS, docs.stream().map(String::valueOf).toArray(String[]::new));
      c.setLong(TaskSettings.QUERIES, queries);
      c.set(TaskSettings.QUERY_SHARDS, queryShards.toString());
      c.set(TaskSettings.REJECTS, new Path(staged.path(), "_rejects").toString());
      c.setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
      job.setInputFormatClass(GridInputFormat.class);
      job.setMapperClass(GridMapper.class);
      job.setMapOutputKeyClass(LongWritable.class);
      job.setMapOutputValueClass(Candidates.class);
      job.setCombinerClass(MergeReducer.class);
      job.setPartitionerClass(QueryRangePartitioner.class);
      job.setReducerClass(MergeReducer.class);
      job.setNumReduceTasks(rows);
      job.setOutputKeyClass(LongWritable.class);
      job.setOutputValueClass(Candidates.class);
      job.setOutputFormatClass(TableOutputFormat.class);
      FileOutputFormat.setOutputPath(job, staged.path());
      LOG.info("seek: {} queries x {} docs on a grid of {} x {}", queries, docs.stream().mapToLong(Long::longValue).sum(),
          Units.count(rows, "query shard"), Units.count(columns, "doc shard"));
      MapReduceJob ran;
      try {
        ran = JobRun.run(job, "seek", LOG);
      } finally {
        GridMapper.release();
      }
      counted.put("seek", job.getCounters());
      Rejects.check(job);
      long written = job.getCounters().findCounter(ProximaCounter.ROWS_WRITTEN).getValue();
      out.fs().delete(queryShards, true);
      staged.commit();
      LOG.info("seek: wrote {} rows to {}", written, plan.output());
      return new Sought(plan.output().toString(), out.partition(plan.output().partition()).fingerprint(),
          docs.stream().mapToLong(Long::longValue).sum(), queries, written, ran);
    }
  }

  /**
   * Where an {@code odps://} folder of the run's volume really is, for tasks that open it directly: for an
   * existing one, resolved by the volume's file system (a link that leads out of a local volume is refused).
   */
  private static Path backing(Workspace ws, Path odps) throws IOException {
    return ws.fs().exists(odps) ? ws.fs().resolvePath(odps) : ws.volume().backingPath(odps);
  }

  /**
   * A local scratch folder for one job (LocalJobRunner's staging and task files), removed when the job
   * ends and swept by the next run when a killed one left it.
   */
  private WorkDirectory scratch(Workspace ws) throws IOException {
    return WorkDirectory.create(java.nio.file.Path.of(ws.home().dir().toUri()).resolve("work"), "hadoop");
  }

  /** A job with the run's plan and where its tables and volume are; tuned for LocalJobRunner when local. */
  private Job newJob(Workspace ws, RunPlan plan, String stage, java.nio.file.Path scratch) throws IOException {
    Configuration c = new Configuration(conf);
    // the runner parsed -D, -conf and the other generic options itself: Hadoop need not warn that nobody did
    c.setBoolean("mapreduce.client.genericoptionsparser.used", true);
    boolean local = "local".equals(c.get("mapreduce.framework.name", "local"));
    if (local) {
      // LocalJobRunner's defaults poll every 5 s and keep shuffles in 70% of the heap the docs need
      setIfDefault(c, "mapreduce.client.completion.pollinterval", "50");
      setIfDefault(c, "mapreduce.local.map.tasks.maximum", "1");
      setIfDefault(c, "mapreduce.local.reduce.tasks.maximum", "1");
      setIfDefault(c, "mapreduce.reduce.shuffle.input.buffer.percent", "0.1");
      setIfDefault(c, "mapreduce.task.io.sort.mb", Long.toString(Math.clamp(Runtime.getRuntime().maxMemory() >> 24, 16, 100)));
      setIfDefault(c, "hadoop.tmp.dir", scratch.toString());
    } else {
      // an unreachable ResourceManager fails the submission within about a minute, not after Hadoop's 15
      setIfDefault(c, "yarn.resourcemanager.connect.max-wait.ms", "10000");
      // task JVMs search with the SIMD kernels too
      for (String key : new String[] {"mapreduce.map.java.opts", "mapreduce.reduce.java.opts"}) {
        String opts = c.get(key, c.get("mapred.child.java.opts", ""));
        if (!opts.contains("jdk.incubator.vector")) {
          c.set(key, (opts + " --add-modules jdk.incubator.vector").trim());
        }
      }
    }
    TaskSettings.putPlan(c, plan);
    c.set(TaskSettings.WAREHOUSE, ws.home().warehouse().root().toUri().toString());
    c.setInt(TaskSettings.THREADS, local ? plan.threads() : Math.max(1, c.getInt("mapreduce.map.cpu.vcores", 1)));
    PartitionRef docs = plan.inputs().docs();
    Job job = Job.getInstance(c, "proxima-ce " + stage + " " + docs
        + (stage.equals("seek") ? " x " + plan.inputs().queries() : ""));
    job.setJarByClass(MapReduceExecutor.class);
    job.setSpeculativeExecution(false);
    TaskSettings.putVolumeSettings(job, ws.home().volumes(ws.volume().project()).ossSettings(ws.volume()));
    return job;
  }

  private static void setIfDefault(Configuration c, String key, String value) {
    String[] sources = c.getPropertySources(key);
    boolean defaulted = sources == null;
    if (sources != null) {
      defaulted = true;
      for (String s : sources) {
        defaulted &= s.endsWith("-default.xml");
      }
    }
    if (defaulted) {
      c.set(key, value);
    }
  }
}
