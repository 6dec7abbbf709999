package io.proximace.mapreduce;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * One split per data file of a partition (names starting with {@code _} or {@code .} are skipped, as our
 * readers skip them). Files are not split: a quoted CSV field may span lines, so only a reader from the
 * file's start knows where rows begin.
 */
final class DataFileInputFormat extends FileInputFormat<NullWritable, NullWritable> {
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false;
  }

  @Override
  public RecordReader<NullWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new OneRecordReader();
  }
}
