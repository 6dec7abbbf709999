package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.Closeable;
import java.io.IOException;

/**
 * An output table's partition {@code (pk, knn_result, score)} as arrays: the query ids, and per query its
 * result ids and scores by rank. A query is a run of equal {@code pk} in the partition's order; the first
 * pass counts queries and the longest run (the npy shape), the second writes. npy pads a short run with
 * id -1 and score NaN; vecs records are as long as the run.
 */
final class ResultArrays {
  private ResultArrays() {}

  /** Writes {@code p}'s arrays as {@code format} (npy or vecs) into {@code files}, named from {@code prefix}; returns the rows read. */
  static long write(Partition p, UnloadFiles files, String prefix, FileFormat format) throws IOException {
    for (Column c : p.table().schema().columns().subList(0, 2)) {
      if (c.type() == ColumnType.DOUBLE) {
        throw new ProximaException(p.table().name() + ": column " + c.name() + " is DOUBLE; ids must be integers");
      }
    }
    // pass 1: the number of queries and the longest result list, and that keys are integers
    LongOpenHashSet seen = new LongOpenHashSet();
    long queries = 0;
    int topk = 0;
    long rows = 0;
    try (PartitionReader in = p.open()) {
      long query = 0;
      int run = 0;
      while (in.next()) {
        long q = id(in, 0, format);
        id(in, 1, format);
        if (rows == 0 || q != query) {
          if (!seen.add(q)) {
            throw new ProximaException(in.where() + ": query " + q + " appears again after other queries; its results must be together");
          }
          queries++;
          query = q;
          run = 0;
        }
        topk = Math.max(topk, ++run);
        rows++;
      }
    }
    String ext = format == FileFormat.NPY ? ".npy" : ".ivecs";
    try (PartitionReader in = p.open();
        Closeable qOut = format == FileFormat.NPY ? NpyWriter.int64(files.create(prefix + ".queries.npy"), queries)
            : new VecsWriter(files.create(prefix + ".queries" + ext));
        Closeable idOut = format == FileFormat.NPY ? NpyWriter.int64(files.create(prefix + ".ids.npy"), queries, topk)
            : new VecsWriter(files.create(prefix + ".ids" + ext));
        Closeable dOut = format == FileFormat.NPY ? NpyWriter.float32(files.create(prefix + ".distances.npy"), queries, topk)
            : new VecsWriter(files.create(prefix + ".distances.fvecs"))) {
      long[] ids = new long[topk];
      float[] dist = new float[topk];
      long query = 0;
      int run = 0;
      long row = 0;
      while (in.next()) {
        long q = id(in, 0, format);
        if (row > 0 && q != query) {
          flush(query, ids, dist, run, qOut, idOut, dOut);
          run = 0;
        }
        query = q;
        if (run == topk) {
          throw new ProximaException(p + " changed while it was unloaded");
        }
        ids[run] = id(in, 1, format);
        dist[run] = score(in);
        run++;
        row++;
      }
      if (row > 0) {
        flush(query, ids, dist, run, qOut, idOut, dOut);
      }
      if (row != rows) {
        throw new ProximaException(p + " changed while it was unloaded (" + rows + " rows, then " + row + ")");
      }
      return row;
    }
  }

  private static void flush(long query, long[] ids, float[] dist, int run, Closeable qOut, Closeable idOut, Closeable dOut)
      throws IOException {
    if (qOut instanceof NpyWriter q) {
      q.add(query);
      NpyWriter i = (NpyWriter) idOut;
      NpyWriter d = (NpyWriter) dOut;
      for (int r = 0; r < ids.length; r++) {
        i.add(r < run ? ids[r] : -1L);
        d.add(r < run ? dist[r] : Float.NaN);
      }
    } else {
      ((VecsWriter) qOut).record(new int[] {(int) query}, 1);
      int[] i32 = new int[run];
      for (int r = 0; r < run; r++) {
        i32[r] = (int) ids[r];
      }
      ((VecsWriter) idOut).record(i32, run);
      ((VecsWriter) dOut).record(dist, run);
    }
  }

  private static long id(PartitionReader in, int field, FileFormat format) {
    String text = in.field(field).trim();
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ProximaException(in.where() + ": '" + text + "' is not an integer id; " + format.extension()
          + " holds integer ids only (run with -pk_type int64, or unload as csv)");
    }
    if (format == FileFormat.FVECS && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw new ProximaException(in.where() + ": id " + v + " does not fit .ivecs' int32; unload as npy (int64)");
    }
    return v;
  }

  private static float score(PartitionReader in) {
    String text = in.field(2).trim();
    try {
      return (float) Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ProximaException(in.where() + ": score '" + text + "' is not a number");
    }
  }}
