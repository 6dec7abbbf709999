package io.proximace.mapreduce;

import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** One empty record per split: our mappers read their split (a file, a grid cell) themselves, with the engine. */
final class OneRecordReader extends RecordReader<NullWritable, NullWritable> {
  private boolean read;

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) {}

  @Override
  public boolean nextKeyValue() {
    if (read) {
      return false;
    }
    read = true;
    return true;
  }

  @Override
  public NullWritable getCurrentKey() {
    return NullWritable.get();
  }

  @Override
  public NullWritable getCurrentValue() {
    return NullWritable.get();
  }

  @Override
  public float getProgress() {
    return read ? 1 : 0;
  }

  @Override
  public void close() {}
}
