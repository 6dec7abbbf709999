package io.proximace.mapreduce;

import io.proximace.ProximaException;
import io.proximace.plan.RunPlan;
import io.proximace.model.Transform;
import io.proximace.input.VectorInput;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.vector.DataType;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/** Build, map side: reads one data file of the doc partition, checks every row, and sends it to its shard. */
final class DocMapper extends Mapper<NullWritable, NullWritable, ShardKey, DocWritable> {
  @Override
  public void run(Context ctx) throws IOException, InterruptedException {
    Configuration conf = ctx.getConfiguration();
    RunPlan plan = TaskSettings.plan(conf);
    Path file = ((FileSplit) ctx.getInputSplit()).getPath();
    Partition p = TaskSettings.partition(conf, plan.inputs().docs());
    // the file's place in the partition, from the driver's one listing: docs keep their input order in a shard
    int fileIndex = TaskSettings.docFiles(conf).indexOf(file.getName());
    if (fileIndex < 0) {
      throw new IOException(file + " is not a data file of " + p);
    }
    Router router = router(conf, ctx, plan);
    Transform transform = router.byCentroid() ? TaskSettings.model(conf, ctx).transform(plan.index(), plan.dimension()) : null;
    boolean longKey = plan.inputs().format().pkType() == PkType.INT64;
    long base = (long) fileIndex << 40;
    boolean[] done = new boolean[conf.getInt(TaskSettings.COLUMNS, 1)];
    for (int s : conf.getInts(TaskSettings.SHARDS_DONE)) {
      done[s] = true;
    }
    ShardKey key = new ShardKey();
    DocWritable doc = new DocWritable();
    var parsed = ctx.getCounter(ProximaCounter.DOC_ROWS_PARSED);
    try (PartitionReader rows = p.open(p.table().fs().getFileStatus(file))) {
      if (plan.inputs().format().dataType() == DataType.BINARY) { // binary docs shard by pk hash: their bits travel packed
        VectorInput.forEachBits(rows, p.table().schema(), plan.inputs().format(), "doc", (i, buf, ps, pe, lp, bits) -> {
          parsed.increment(1);
          int shard = longKey ? router.shardOf(lp) : router.shardOf(buf, ps, pe);
          if (!done[shard]) {
            key.set(shard, base | i);
            doc.setBits(buf, ps, pe, lp, longKey, bits);
            write(ctx, key, doc);
          }
        });
      } else {
        VectorInput.forEach(rows, p.table().schema(), plan.inputs().format(), "doc", (i, buf, ps, pe, lp, vector) -> {
          int shard;
          if (transform != null) {
            FloatVectors space = transform.docs(FloatVectors.wrap(vector.clone(), vector.length));
            shard = router.nearest(space.data(), 0);
          } else {
            shard = longKey ? router.shardOf(lp) : router.shardOf(buf, ps, pe);
          }
          parsed.increment(1);
          if (!done[shard]) {
            key.set(shard, base | i);
            doc.set(buf, ps, pe, lp, longKey, vector);
            write(ctx, key, doc);
          }
        });
      }
    } catch (ProximaException e) {
      Rejects.record(ctx, e);
    }
  }

  private static void write(Context ctx, ShardKey key, DocWritable doc) throws IOException {
    try {
      ctx.write(key, doc);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private static Router router(Configuration conf, Context ctx, RunPlan plan) throws IOException {
    if (!plan.execution().byCluster()) {
      return Router.hash(conf.getInt(TaskSettings.COLUMNS, 1));
    }
    return Router.byCentroids(TaskSettings.model(conf, ctx).routing());
  }
}
