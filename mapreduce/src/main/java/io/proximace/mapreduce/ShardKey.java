package io.proximace.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * A doc's shard and its position in the partition ({@code file index << 40 | row}): each shard's reducer
 * receives its docs in input order, so a shard is built the same way on every attempt.
 */
final class ShardKey implements WritableComparable<ShardKey> {
  int shard;
  long ordinal;

  void set(int shard, long ordinal) {
    this.shard = shard;
    this.ordinal = ordinal;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(shard);
    out.writeLong(ordinal);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    shard = in.readInt();
    ordinal = in.readLong();
  }

  @Override
  public int compareTo(ShardKey o) {
    int c = Integer.compare(shard, o.shard);
    return c != 0 ? c : Long.compare(ordinal, o.ordinal);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardKey k && k.shard == shard && k.ordinal == ordinal;
  }

  @Override
  public int hashCode() {
    return shard * 31 + Long.hashCode(ordinal);
  }

  /** Shard {@code s} goes to reducer {@code s}. */
  static final class ByShard extends Partitioner<ShardKey, DocWritable> {
    @Override
    public int getPartition(ShardKey key, DocWritable value, int reducers) {
      return key.shard % reducers;
    }
  }

  /** One reduce call per shard. */
  static final class SameShard extends WritableComparator {
    SameShard() {
      super(ShardKey.class, true);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return Integer.compare(((ShardKey) a).shard, ((ShardKey) b).shard);
    }
  }
}
