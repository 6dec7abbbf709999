package io.proximace.mapreduce;

import io.proximace.ProximaException;
import io.proximace.fs.PausePoint;
import io.proximace.index.ShardSet;
import io.proximace.index.VectorIndex;
import io.proximace.stage.BuildStage;
import io.proximace.plan.RunPlan;
import io.proximace.model.Model;
import io.proximace.input.Docs;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;

/** Build, reduce side: one call per shard; builds the shard's index with the engine and writes it to the volume. */
final class ShardReducer extends Reducer<ShardKey, DocWritable, NullWritable, NullWritable> {
  private RunPlan plan;
  private Model model;
  private FileSystem fs;
  private Path indexDir;

  @Override
  protected void setup(Context ctx) throws IOException {
    Configuration conf = ctx.getConfiguration();
    plan = TaskSettings.plan(conf);
    model = plan.index().learns() ? TaskSettings.model(conf, ctx) : Model.NONE;
    indexDir = new Path(conf.get(TaskSettings.INDEX_DIR));
    fs = TaskSettings.volumeFs(conf, ctx.getCredentials(), indexDir);
  }

  @Override
  protected void reduce(ShardKey key, Iterable<DocWritable> docs, Context ctx) throws IOException {
    int shard = key.shard;
    Faults.maybeFail(ctx, "build-reduce");
    int columns = ctx.getConfiguration().getInt(TaskSettings.COLUMNS, 1);
    String where = "doc table " + plan.inputs().docs().table() + ", partition " + plan.inputs().docs().column() + "="
        + plan.inputs().docs().value() + ", shard " + shard + " of " + columns;
    String url = ctx.getConfiguration().get(TaskSettings.INDEX_URL) + " shard " + shard;
    try {
      Docs collected = BuildStage.newDocs(plan);
      LongArrayList ordinals = new LongArrayList(); // (file, row) of each doc: a duplicate pk is named by both rows
      for (DocWritable d : docs) {
        if (d.packed) {
          collected.addBits(d.pk, 0, d.pkLength, d.longPk, d.bits);
        } else {
          collected.add(d.pk, 0, d.pkLength, d.longPk, d.vector);
        }
        ordinals.add(key.ordinal);
        ctx.progress();
      }
      List<String> files = TaskSettings.docFiles(ctx.getConfiguration());
      collected.nameRows(i -> {
        long o = ordinals.getLong(i);
        int file = (int) (o >>> 40);
        return (file < files.size() ? files.get(file) : "file " + file) + " row " + ((o & ((1L << 40) - 1)) + 1);
      });
      try (VectorIndex index = BuildStage.index(plan.index(), plan.inputs().format(), plan.threads(), model, collected, where,
          url)) {
        BuildStage.save(fs, ShardSet.shardDir(indexDir, shard), index, plan.index(), plan.inputs().format(), model,
            plan.inputs().docs() + " shard " + shard + " of " + columns, null);
      }
      ctx.getCounter(ProximaCounter.SHARDS_BUILT).increment(1);
      PausePoint.here("shard.built");
    } catch (ProximaException e) {
      Rejects.record(ctx, e);
    }
  }

  @Override
  protected void cleanup(Context ctx) throws IOException {
    if (fs != null) {
      TaskSettings.release(fs);
    }
  }
}
