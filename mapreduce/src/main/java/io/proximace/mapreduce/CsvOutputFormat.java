package io.proximace.mapreduce;

import io.proximace.plan.Selection;
import io.proximace.table.CsvWriter;
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
 * {@code part-r-NNNNN.csv} files of a staging folder that the driver renames into the output partition
 * once the job succeeds.
 */
final class CsvOutputFormat extends FileOutputFormat<LongWritable, Candidates> {
  @Override
  public RecordWriter<LongWritable, Candidates> getRecordWriter(TaskAttemptContext ctx) throws IOException {
    Path file = getDefaultWorkFile(ctx, ".csv");
    FileSystem fs = file.getFileSystem(ctx.getConfiguration());
    CsvWriter csv = new CsvWriter(fs.create(file, false));
    org.apache.hadoop.mapreduce.Counter written = ctx.getCounter(ProximaCounter.ROWS_WRITTEN);
    Selection sel = TaskSettings.plan(ctx.getConfiguration()).selection();
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
