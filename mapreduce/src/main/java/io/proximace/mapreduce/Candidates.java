package io.proximace.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * One query's neighbours found in one doc shard (or merged from several), best first: each with its rank
 * (smaller is closer: the index's score, negated where larger is closer), the score written to the
 * output, and the doc's pk. Ties are ordered by pk, UTF-8 bytes unsigned or BIGINT, as a local search
 * orders them, so merged lists equal a local run's row for row.
 */
final class Candidates implements Writable {
  boolean longKeys;
  byte[] queryPk = new byte[0];
  long queryLongPk;
  int count;
  float[] rank = new float[0];
  float[] score = new float[0];
  long[] longPk = new long[0];
  /** String pks, concatenated; doc {@code i} is {@code pkBytes[pkEnd[i - 1], pkEnd[i])}. */
  byte[] pkBytes = new byte[0];
  int[] pkEnd = new int[0];

  void reset(boolean longKeys, byte[] qBuf, int qFrom, int qTo, long qLong, int capacity) {
    this.longKeys = longKeys;
    queryPk = longKeys ? queryPk : Arrays.copyOfRange(qBuf, qFrom, qTo);
    queryLongPk = qLong;
    count = 0;
    ensure(capacity, 0);
  }

  private void ensure(int n, int bytes) {
    if (rank.length < n) {
      rank = Arrays.copyOf(rank, n);
      score = Arrays.copyOf(score, n);
      longPk = Arrays.copyOf(longPk, n);
      pkEnd = Arrays.copyOf(pkEnd, n);
    }
    if (pkBytes.length < bytes) {
      pkBytes = Arrays.copyOf(pkBytes, Math.max(bytes, pkBytes.length * 2));
    }
  }

  int pkStart(int i) {
    return i == 0 ? 0 : pkEnd[i - 1];
  }

  /** Appends a neighbour; callers append best first. */
  void add(float r, float s, byte[] buf, int from, int to, long lp) {
    int start = pkStart(count);
    ensure(count + 1, start + (longKeys ? 0 : to - from));
    rank[count] = r;
    score[count] = s;
    longPk[count] = lp;
    if (!longKeys) {
      System.arraycopy(buf, from, pkBytes, start, to - from);
    }
    pkEnd[count] = start + (longKeys ? 0 : to - from);
    count++;
  }

  /** Orders neighbour {@code i} of {@code a} against {@code j} of {@code b}: rank, then pk. */
  static int compare(Candidates a, int i, Candidates b, int j) {
    int c = Float.compare(a.rank[i], b.rank[j]);
    if (c != 0) {
      return c;
    }
    return a.longKeys ? Long.compare(a.longPk[i], b.longPk[j])
        : Arrays.compareUnsigned(a.pkBytes, a.pkStart(i), a.pkEnd[i], b.pkBytes, b.pkStart(j), b.pkEnd[j]);
  }

  /** Sets this list to the best {@code k} of {@code a} and {@code b}, both best first. */
  void merge(Candidates a, Candidates b, int k) {
    reset(a.longKeys, a.queryPk, 0, a.queryPk.length, a.queryLongPk, Math.min(k, a.count + b.count));
    int i = 0;
    int j = 0;
    while (count < k && (i < a.count || j < b.count)) {
      if (j >= b.count || (i < a.count && compare(a, i, b, j) <= 0)) {
        add(a.rank[i], a.score[i], a.pkBytes, a.pkStart(i), a.pkEnd[i], a.longPk[i]);
        i++;
      } else {
        add(b.rank[j], b.score[j], b.pkBytes, b.pkStart(j), b.pkEnd[j], b.longPk[j]);
        j++;
      }
    }
  }

  void copyFrom(Candidates o) {
    reset(o.longKeys, o.queryPk, 0, o.queryPk.length, o.queryLongPk, o.count);
    for (int i = 0; i < o.count; i++) {
      add(o.rank[i], o.score[i], o.pkBytes, o.pkStart(i), o.pkEnd[i], o.longPk[i]);
    }
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeBoolean(longKeys);
    if (longKeys) {
      out.writeLong(queryLongPk);
    } else {
      WritableUtils.writeVInt(out, queryPk.length);
      out.write(queryPk);
    }
    WritableUtils.writeVInt(out, count);
    for (int i = 0; i < count; i++) {
      out.writeFloat(rank[i]);
      out.writeFloat(score[i]);
      if (longKeys) {
        out.writeLong(longPk[i]);
      } else {
        WritableUtils.writeVInt(out, pkEnd[i] - pkStart(i));
        out.write(pkBytes, pkStart(i), pkEnd[i] - pkStart(i));
      }
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    longKeys = in.readBoolean();
    if (longKeys) {
      queryLongPk = in.readLong();
    } else {
      queryPk = new byte[WritableUtils.readVInt(in)];
      in.readFully(queryPk);
    }
    int n = WritableUtils.readVInt(in);
    count = 0;
    ensure(n, 0);
    for (int i = 0; i < n; i++) {
      float r = in.readFloat();
      float s = in.readFloat();
      if (longKeys) {
        add(r, s, null, 0, 0, in.readLong());
      } else {
        int len = WritableUtils.readVInt(in);
        int start = pkStart(count);
        ensure(count + 1, start + len);
        in.readFully(pkBytes, start, len);
        rank[count] = r;
        score[count] = s;
        pkEnd[count] = start + len;
        count++;
      }
    }
  }
}
