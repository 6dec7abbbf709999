package io.proximace.mapreduce;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** The seek grid: a split for every (query shard, doc shard) pair whose doc shard holds docs. */
final class GridInputFormat extends InputFormat<NullWritable, NullWritable> {
  @Override
  public List<InputSplit> getSplits(JobContext context) {
    Configuration c = context.getConfiguration();
    int rows = c.getInt(TaskSettings.ROWS, 1);
    String[] docs = c.getStrings(TaskSettings.SHARD_DOCS);
    List<InputSplit> splits = new ArrayList<>();
    long order = (long) docs.length * rows;
    for (int column = 0; column < docs.length; column++) {
      for (int row = 0; row < rows; row++, order--) {
        if (Long.parseLong(docs[column]) > 0) {
          splits.add(new GridSplit(row, column, order));
        }
      }
    }
    return splits;
  }

  @Override
  public RecordReader<NullWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new OneRecordReader();
  }
}
