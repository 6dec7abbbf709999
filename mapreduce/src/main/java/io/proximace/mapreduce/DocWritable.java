package io.proximace.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/** A checked doc on its way to its shard: the pk (UTF-8 bytes, or a BIGINT) and the vector. */
final class DocWritable implements Writable {
  boolean longKey;
  long longPk;
  byte[] pk = new byte[32];
  int pkLength;
  float[] vector = new float[0];

  void set(byte[] buf, int from, int to, long longPk, boolean longKey, float[] v) {
    this.longKey = longKey;
    this.longPk = longPk;
    pkLength = longKey ? 0 : to - from;
    if (pk.length < pkLength) {
      pk = new byte[Math.max(pkLength, pk.length * 2)];
    }
    System.arraycopy(buf, from, pk, 0, pkLength);
    if (vector.length != v.length) {
      vector = new float[v.length];
    }
    System.arraycopy(v, 0, vector, 0, v.length);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeBoolean(longKey);
    if (longKey) {
      out.writeLong(longPk);
    } else {
      WritableUtils.writeVInt(out, pkLength);
      out.write(pk, 0, pkLength);
    }
    WritableUtils.writeVInt(out, vector.length);
    for (float x : vector) {
      out.writeFloat(x);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    longKey = in.readBoolean();
    if (longKey) {
      longPk = in.readLong();
      pkLength = 0;
    } else {
      pkLength = WritableUtils.readVInt(in);
      if (pk.length < pkLength) {
        pk = new byte[Math.max(pkLength, pk.length * 2)];
      }
      in.readFully(pk, 0, pkLength);
    }
    int dim = WritableUtils.readVInt(in);
    if (vector.length != dim) {
      vector = new float[dim];
    }
    for (int j = 0; j < dim; j++) {
      vector[j] = in.readFloat();
    }
  }

  @Override
  public String toString() {
    return (longKey ? Long.toString(longPk) : new String(pk, 0, pkLength, java.nio.charset.StandardCharsets.UTF_8))
        + " " + Arrays.toString(vector);
  }
}
