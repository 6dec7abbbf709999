package io.proximace.mapreduce;

import io.proximace.index.IndexStore;
import io.proximace.index.PkOrder;
import io.proximace.plan.RunPlan;
import io.proximace.input.VectorInput;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The seek's query shards, split once by the driver so that a grid cell reads only its own: query shard
 * {@code r} holds every {@code row_num}-th query of the partition from query {@code r}. The driver's one pass
 * checks every row as a local seek does (a bad row fails the run naming it; pks must be unique) and writes
 * each shard in the engine's binary layout: {@code query-r.f32}, the vectors row after row as little-endian
 * floats ({@link IndexStore#writeFloats}), and {@code query-r.pks}, the pks ({@link Pks#write}) then each
 * query's position in the partition, which keys its lists to the merge and so keeps the input order.
 */
final class QueryShards {
  /** One query shard: its vectors, pks, and each query's position in the partition. */
  record Shard(FloatVectors vectors, Pks pks, long[] ordinals) {}

  private QueryShards() {}

  /**
   * Reads the query partition once and writes {@code shards} query shards into {@code dir}; returns the
   * number of queries. Holds only the pks (for the uniqueness check) and one row at a time.
   */
  static long write(Partition p, RunPlan plan, FileSystem fs, Path dir, int shards) throws IOException {
    int dim = plan.dimension();
    Pks pks = plan.inputs().format().pkType().newColumn();
    DataOutputStream[] vectors = new DataOutputStream[shards];
    try {
      for (int s = 0; s < shards; s++) {
        vectors[s] = new DataOutputStream(new BufferedOutputStream(fs.create(new Path(dir, "query-" + s + ".f32"), false), 1 << 16));
      }
      try (PartitionReader rows = p.open()) {
        VectorInput.forEach(rows, p.table().schema(), plan.inputs().format(), "query", (i, buf, ps, pe, lp, vector) -> {
          pks.addParsed(buf, ps, pe, lp);
          IndexStore.writeFloats(vectors[(int) (i % shards)], vector, dim);
        });
      }
    } finally {
      for (DataOutputStream out : vectors) {
        if (out != null) {
          out.close();
        }
      }
    }
    PkOrder.ranks(pks, "query table " + p.table().name() + ", partition " + plan.inputs().queries().column() + "=" + p.value());
    for (int s = 0; s < shards; s++) {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(new Path(dir, "query-" + s + ".pks"), false),
          1 << 16))) {
        Pks own = plan.inputs().format().pkType().newColumn();
        for (int i = s; i < pks.size(); i += shards) {
          own.add(pks, i);
        }
        own.write(out);
        for (long i = s; i < pks.size(); i += shards) {
          out.writeLong(i);
        }
      }
    }
    return pks.size();
  }

  /** Query shard {@code shard} of {@code dir}, as {@link #write} wrote it. */
  static Shard read(FileSystem fs, Path dir, int shard, int dim) throws IOException {
    Pks pks;
    long[] ordinals;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(new Path(dir, "query-" + shard + ".pks")), 1 << 16))) {
      pks = Pks.read(in);
      ordinals = new long[pks.size()];
      for (int q = 0; q < ordinals.length; q++) {
        ordinals[q] = in.readLong();
      }
    }
    float[] data = new float[Math.multiplyExact(pks.size(), dim)];
    Path f32 = new Path(dir, "query-" + shard + ".f32");
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(f32), 1 << 16))) {
      IndexStore.readFloats(in, data);
      if (in.read() >= 0) {
        throw new IOException(f32 + " holds more than " + pks.size() + " vectors of dimension " + dim);
      }
    }
    return new Shard(FloatVectors.wrap(data, dim), pks, ordinals);
  }
}
