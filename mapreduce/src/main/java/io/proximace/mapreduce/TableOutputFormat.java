package io.proximace.mapreduce;

import io.proximace.plan.Selection;
import io.proximace.plan.RunPlan;
import io.proximace.table.RowWriter;
import io.proximace.table.Schema;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Writes merged lists as output rows {@code (pk, knn_result, score)}, with the writer a local run uses, into
 * {@code part-r-NNNNN.csv} (or {@code .parquet}, as the output table's format says) files of a staging folder
 * that the driver renames into the output partition once the job succeeds.
 */
final class TableOutputFormat extends FileOutputFormat<LongWritable, Candidates> {
  @Override
  public RecordWriter<LongWritable, Candidates> getRecordWriter(TaskAttemptContext ctx) throws IOException {
    RunPlan plan = TaskSettings.plan(ctx.getConfiguration());
    Schema schema = plan.output().schema();
    Path file = getDefaultWorkFile(ctx, schema.format().extension());
    FileSystem fs = file.getFileSystem(ctx.getConfiguration());
    RowWriter csv = schema.format().writer(fs.create(file, false), schema, ctx.getConfiguration());
    org.apache.hadoop.mapreduce.Counter written = ctx.getCounter(ProximaCounter.ROWS_WRITTEN);
    Selection sel = plan.selection();
    return new RecordWriter<>() {
      @Override
      public void write(LongWritable query, Candidates c) throws IOException {
        int kept = 0;
        for (int i = 0; i < c.list.size() && sel.keeps(c.list.score(i)); i++, kept++) {
          if (c.longKeys) {
            csv.field(c.queryLongPk);
          } else {
            csv.field(c.queryPk, 0, c.queryPk.length);
          }
          c.list.keys().writeField(csv, i);
          csv.field(c.list.score(i));
          csv.endRow();
        }
        written.increment(kept);
      }

      @Override
      public void close(TaskAttemptContext context) throws IOException {
        csv.close();
      }
    };
  }

  /** The output folder is the driver's staging folder, created before the job: it may exist. */
  @Override
  public void checkOutputSpecs(JobContext job) {}
}
