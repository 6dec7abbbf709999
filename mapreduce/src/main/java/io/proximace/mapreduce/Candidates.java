package io.proximace.mapreduce;

import io.proximace.topk.RankedList;
import io.proximace.vector.PkType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * One query's neighbours found in one doc shard (or merged from several), best first: a {@link RankedList}
 * (each neighbour's rank, output score and doc pk, in the order a local search gives) under the query's pk,
 * so merged lists equal a local run's row for row.
 */
final class Candidates implements Writable {
  boolean longKeys;
  byte[] queryPk = new byte[0];
  long queryLongPk;
  RankedList list = new RankedList(PkType.STRING);

  /** Empties the list for the query with pk {@code qBuf[qFrom, qTo)}, or {@code qLong} for BIGINT keys. */
  void reset(boolean longKeys, byte[] qBuf, int qFrom, int qTo, long qLong) {
    this.longKeys = longKeys;
    queryPk = longKeys ? queryPk : Arrays.copyOfRange(qBuf, qFrom, qTo);
    queryLongPk = qLong;
    PkType type = longKeys ? PkType.INT64 : PkType.STRING;
    if (list.type() == type) {
      list.clear();
    } else {
      list = new RankedList(type);
    }
  }

  /** Appends a neighbour, its pk {@code buf[from, to)} or {@code lp} for BIGINT keys; callers append best first. */
  void add(float r, float s, byte[] buf, int from, int to, long lp) {
    list.add(r, s, buf, from, to, lp);
  }

  /** Sets this to the best {@code k} of {@code lists}: the same query's lists, each best first. */
  void merge(List<Candidates> lists, int k) {
    Candidates first = lists.get(0);
    reset(first.longKeys, first.queryPk, 0, first.queryPk.length, first.queryLongPk);
    List<RankedList> ranked = new ArrayList<>(lists.size());
    for (Candidates c : lists) {
      ranked.add(c.list);
    }
    list.merge(ranked, k);
  }

  /** Sets this to a copy of {@code o}. */
  void copyFrom(Candidates o) {
    reset(o.longKeys, o.queryPk, 0, o.queryPk.length, o.queryLongPk);
    for (int i = 0; i < o.list.size(); i++) {
      list.add(o.list.rank(i), o.list.score(i), o.list.keys(), i);
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
    list.write(out);
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
    list.readFields(in);
  }
}
