package io.proximace.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;

/** One cell of the seek grid: query shard {@code row} against doc shard {@code column}. */
final class GridSplit extends InputSplit implements Writable {
  int row;
  int column;
  /** Hadoop runs splits longest first: lengths that fall column after column let a task JVM reuse a loaded shard. */
  long order;

  GridSplit() {}

  GridSplit(int row, int column, long order) {
    this.row = row;
    this.column = column;
    this.order = order;
  }

  @Override
  public long getLength() {
    return order;
  }

  @Override
  public String[] getLocations() {
    return new String[0];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(row);
    out.writeInt(column);
    out.writeLong(order);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    row = in.readInt();
    column = in.readInt();
    order = in.readLong();
  }

  @Override
  public String toString() {
    return "query shard " + row + " x doc shard " + column;
  }
}
