package io.proximace.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A checked doc on its way to its shard: the pk (UTF-8 bytes, or a BIGINT) and the vector, as floats or, for
 * {@code -data_type binary}, as packed bits (a 32nd of the bytes, and never unpacked on the way).
 */
final class DocWritable implements Writable {
  boolean longKey;
  long longPk;
  byte[] pk = new byte[32];
  int pkLength;
  /** Whether the vector is {@link #bits} rather than {@link #vector}. */
  boolean packed;
  float[] vector = new float[0];
  long[] bits = new long[0];

  void set(byte[] buf, int from, int to, long longPk, boolean longKey, float[] v) {
    setPk(buf, from, to, longPk, longKey);
    packed = false;
    if (vector.length != v.length) {
      vector = new float[v.length];
    }
    System.arraycopy(v, 0, vector, 0, v.length);
  }

  void setBits(byte[] buf, int from, int to, long longPk, boolean longKey, long[] b) {
    setPk(buf, from, to, longPk, longKey);
    packed = true;
    if (bits.length != b.length) {
      bits = new long[b.length];
    }
    System.arraycopy(b, 0, bits, 0, b.length);
  }

  private void setPk(byte[] buf, int from, int to, long longPk, boolean longKey) {
    this.longKey = longKey;
    this.longPk = longPk;
    pkLength = longKey ? 0 : to - from;
    if (pk.length < pkLength) {
      pk = new byte[Math.max(pkLength, pk.length * 2)];
    }
    System.arraycopy(buf, from, pk, 0, pkLength);
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
    out.writeBoolean(packed);
    if (packed) {
      WritableUtils.writeVInt(out, bits.length);
      for (long w : bits) {
        out.writeLong(w);
      }
    } else {
      WritableUtils.writeVInt(out, vector.length);
      for (float x : vector) {
        out.writeFloat(x);
      }
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
    packed = in.readBoolean();
    int n = WritableUtils.readVInt(in);
    if (packed) {
      if (bits.length != n) {
        bits = new long[n];
      }
      for (int j = 0; j < n; j++) {
        bits[j] = in.readLong();
      }
    } else {
      if (vector.length != n) {
        vector = new float[n];
      }
      for (int j = 0; j < n; j++) {
        vector[j] = in.readFloat();
      }
    }
  }

  @Override
  public String toString() {
    return (longKey ? Long.toString(longPk) : new String(pk, 0, pkLength, java.nio.charset.StandardCharsets.UTF_8))
        + " " + (packed ? Arrays.toString(bits) : Arrays.toString(vector));
  }
}
