package io.proximace.mapreduce;

import io.proximace.ProximaException;
import io.proximace.index.BinaryIndex;
import io.proximace.index.LinearIndex;
import io.proximace.index.ShardSet;
import io.proximace.plan.RunPlan;
import io.proximace.stage.Searcher;
import io.proximace.kernel.Distance;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import io.proximace.vector.Pks;
import io.proximace.vector.StringPks;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Seek, map side: one grid cell. Loads its doc shard's index (kept for the next cell of the same shard in
 * this JVM), reads its query shard (every {@code row_num}-th query, as {@link QueryShards} split them),
 * searches, and emits each query's partial top-k keyed by the query's position in the partition.
 */
final class GridMapper extends Mapper<NullWritable, NullWritable, LongWritable, Candidates> {
  private static String cachedDir;
  private static Searcher cached;

  @Override
  public void run(Context ctx) throws IOException, InterruptedException {
    Configuration conf = ctx.getConfiguration();
    RunPlan plan = TaskSettings.plan(conf);
    GridSplit cell = (GridSplit) ctx.getInputSplit();
    Faults.maybeFail(ctx, "seek-map");
    int columns = conf.getInt(TaskSettings.COLUMNS, 1);
    Path indexDir = new Path(conf.get(TaskSettings.INDEX_DIR));
    Path dir = conf.getBoolean(TaskSettings.SHARDED, false) ? ShardSet.shardDir(indexDir, cell.column) : indexDir;
    String url = conf.get(TaskSettings.INDEX_URL) + (columns > 1 ? " shard " + cell.column : "");
    try {
      Searcher searcher = searcher(conf, ctx, dir, url, plan);
      Router router = plan.execution().byCluster() ? Router.byCentroids(TaskSettings.model(conf, ctx).routing()) : null;

      // this cell's queries: its own query shard, checked and split by the driver
      Path shards = new Path(conf.get(TaskSettings.QUERY_SHARDS));
      QueryShards.Shard own = QueryShards.read(shards.getFileSystem(conf), shards, cell.row, plan.dimension());
      ctx.getCounter(ProximaCounter.QUERY_ROWS_READ).increment(own.pks().size());
      FloatVectors prepared = searcher.prepare(own.vectors());
      int[] picked = pick(prepared, router, cell.column, plan.execution().kmeansSeekRatio(), columns);
      FloatVectors queries = picked == null ? prepared : prepared.select(picked);
      Neighbors found = searcher.search(queries, plan.threads());
      ctx.getCounter(ProximaCounter.QUERY_ROWS_SEARCHED).increment(queries.size());
      ctx.getCounter(ProximaCounter.SHARD_SEARCHES).increment(1);
      if (searcher.index() instanceof LinearIndex || searcher.index() instanceof BinaryIndex) {
        ctx.getCounter(ProximaCounter.DISTANCE_COMPARISONS).increment((long) queries.size() * searcher.index().size());
      }
      emit(ctx, searcher, found, queries, own.pks(), own.ordinals(), picked);
    } catch (ProximaException e) {
      Rejects.record(ctx, e);
    }
  }

  /** With cluster sharding, the queries that visit this shard; null when all do. */
  private static int[] pick(FloatVectors prepared, Router router, int column, double seekRatio, int columns) {
    if (router == null) {
      return null;
    }
    int visits = (int) Math.max(1, Math.ceil(seekRatio * columns));
    int[] picked = new int[prepared.size()];
    int n = 0;
    for (int q = 0; q < prepared.size(); q++) {
      if (router.visits(prepared.data(), q * prepared.dim(), column, visits)) {
        picked[n++] = q;
      }
    }
    return Arrays.copyOf(picked, n);
  }

  private static void emit(Context ctx, Searcher searcher, Neighbors found, FloatVectors queries, Pks queryPks,
      long[] ordinals, int[] picked) throws IOException, InterruptedException {
    Distance d = searcher.index().distance();
    Pks docPks = searcher.index().pks();
    LongWritable key = new LongWritable();
    Candidates out = new Candidates();
    boolean longKeys = docPks instanceof LongPks;
    for (int q = 0; q < queries.size(); q++) {
      int src = picked == null ? q : picked[q];
      if (queryPks instanceof StringPks s) {
        out.reset(false, s.bytes(), s.start(src), s.end(src), 0);
      } else {
        out.reset(true, null, 0, 0, ((LongPks) queryPks).get(src));
      }
      for (int i = 0; i < found.count(q); i++) {
        int id = found.id(q, i);
        float rank = d.rank(found.score(q, i));
        float score = searcher.score(found, q, i, queries);
        if (longKeys) {
          out.add(rank, score, null, 0, 0, ((LongPks) docPks).get(id));
        } else {
          StringPks s = (StringPks) docPks;
          out.add(rank, score, s.bytes(), s.start(id), s.end(id), 0);
        }
      }
      key.set(ordinals[src]);
      ctx.write(key, out);
    }
  }

  /** The shard's index, loaded once per task JVM and reused by the job's next cell of the same shard. */
  private static synchronized Searcher searcher(Configuration conf, Context ctx, Path dir, String url, RunPlan plan)
      throws IOException {
    String key = ctx.getJobID() + " " + dir;
    if (!key.equals(cachedDir)) {
      release();
      FileSystem fs = TaskSettings.volumeFs(conf, ctx.getCredentials(), dir);
      try {
        cached = Searcher.open(fs, dir, url, plan);
        cachedDir = key;
      } finally {
        TaskSettings.release(fs);
      }
    }
    return cached;
  }

  /** Drops the cached index: the driver calls it when a seek job ends in its own JVM (LocalJobRunner). */
  static synchronized void release() {
    if (cached != null) {
      cached.close();
      cached = null;
      cachedDir = null;
    }
  }
}
