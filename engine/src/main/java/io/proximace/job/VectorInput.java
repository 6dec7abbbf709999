package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.vector.BinaryVectors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.DataType;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import io.proximace.vector.Pks;
import io.proximace.vector.StringPks;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Reads a runner input partition, {@code (pk, vector)}, streaming, checking every row against the run's
 * {@code -dimension} and {@code -data_type}: a bad row fails the run naming the table, partition, row,
 * pk and column. Binary vectors arrive as 0/1 components, or with {@code -binary_to_int} as
 * {@code dimension / 32} INT32 words, most significant bit first (bit 31 of word 0 is component 0).
 */
final class VectorInput {
  /** Docs read row after row. */
  record Rows(FloatVectors vectors, Pks pks) {}

  /** Docs read in the batch kernel's layout. */
  record Blocked(BlockedVectors vectors, Pks pks) {}

  /** Binary docs, packed. */
  record Bits(BinaryVectors vectors, Pks pks) {}

  /** A uniform sample of a partition's rows, with statistics over all of them. */
  record Sample(FloatVectors vectors, long rows, double maxAbs, double maxNorm) {}

  /** Receives each parsed row. */
  private interface Sink {
    void row(long index, float[] row);
  }

  private VectorInput() {}

  /** Checks that {@code table} has the runner's input columns; {@code role} is "doc" or "query". */
  static void checkSchema(Table table, String role) {
    Schema s = table.schema();
    if (s.indexOf("pk") < 0 || s.indexOf("vector") < 0) {
      throw new ProximaException(role + " table " + table.name() + " has columns (" + s.columnsDdl()
          + "); the runner needs (pk STRING|BIGINT, vector STRING)");
    }
    for (String multi : new String[] {"category", "multicategory"}) {
      if (s.indexOf(multi) >= 0) {
        throw new ProximaException("not supported yet: multi-category search (" + role + " table " + table.name()
            + " has a " + multi + " column)");
      }
    }
  }

  /** Every row, row-major. */
  static Rows readRows(Partition p, JobSpec spec, String role) throws IOException {
    FloatVectors v = new FloatVectors(spec.dimension(), 1024);
    int dim = spec.dimension();
    Pks pks = read(p, spec, role, (i, row) -> {
      int r = v.appendRow(); // may grow the array: take data() after it
      System.arraycopy(row, 0, v.data(), r * dim, dim);
    });
    v.trim();
    return new Rows(v, pks);
  }

  /** Every row, in the blocked layout of the linear index. */
  static Blocked readBlocked(Partition p, JobSpec spec, String role) throws IOException {
    BlockedVectors v = new BlockedVectors(spec.dimension());
    Pks pks = read(p, spec, role, (i, row) -> {
      int d = v.appendRow();
      float[] chunk = v.chunkOf(d);
      int off = v.offsetOf(d);
      for (int j = 0; j < row.length; j++) {
        chunk[off + j * BlockedVectors.BLOCK] = row[j];
      }
    });
    return new Blocked(v, pks);
  }

  /** Every row of a binary partition, packed. */
  static Bits readBits(Partition p, JobSpec spec, String role) throws IOException {
    BinaryVectors v = new BinaryVectors(spec.dimension());
    Pks pks = read(p, spec, role, (i, row) -> {
      int d = v.appendRow();
      for (int j = 0; j < row.length; j++) {
        if (row[j] != 0f) {
          v.set(d, j);
        }
      }
    });
    return new Bits(v, pks);
  }

  /**
   * A reservoir sample of {@code size} rows (the same for the same seed), with the largest absolute
   * component and the largest norm over all rows, normalized first when {@code normalize}.
   */
  static Sample sample(Partition p, JobSpec spec, String role, int size, long seed, boolean normalize) throws IOException {
    int dim = spec.dimension();
    FloatVectors sample = new FloatVectors(dim, Math.min(size, 1 << 16));
    SplittableRandom random = new SplittableRandom(seed);
    double[] stats = new double[2];
    long[] rows = new long[1];
    read(p, spec, role, (i, row) -> {
      if (normalize) {
        Transform.normalize(row, 0, dim);
      }
      double norm = 0;
      for (float x : row) {
        stats[0] = Math.max(stats[0], Math.abs(x));
        norm += (double) x * x;
      }
      stats[1] = Math.max(stats[1], Math.sqrt(norm));
      rows[0]++;
      if (i < size) {
        int r = sample.appendRow();
        System.arraycopy(row, 0, sample.data(), r * dim, dim);
      } else {
        long j = random.nextLong(i + 1);
        if (j < size) {
          System.arraycopy(row, 0, sample.data(), (int) j * dim, dim);
        }
      }
    });
    return new Sample(sample, rows[0], stats[0], stats[1]);
  }

  private static Pks read(Partition p, JobSpec spec, String role, Sink sink) throws IOException {
    Schema schema = p.table().schema();
    int pkCol = schema.indexOf("pk");
    int vecCol = schema.indexOf("vector");
    int dim = spec.dimension();
    VectorParser parser = new VectorParser(spec.vectorSeparator());
    boolean packed = spec.dataType() == DataType.BINARY && spec.binaryToInt();
    int words = dim / 32;
    long[] ints = new long[Math.max(words, 1)];
    float[] row = new float[dim];
    Pks pks = spec.pkType().newColumn();
    long index = 0;
    try (PartitionReader rows = p.open()) {
      while (rows.next()) {
        byte[] buf = rows.buffer();
        int ps = rows.start(pkCol);
        int pe = rows.end(pkCol);
        if (ps == pe) {
          throw new ProximaException(role + " " + rows.where() + ", column pk: the pk is empty");
        }
        if (pks instanceof StringPks s) {
          s.add(buf, ps, pe);
        } else {
          ((LongPks) pks).add(parseLong(buf, ps, pe, role + " " + rows.where()));
        }
        String where = role + " " + rows.where() + ", pk '" + text(buf, ps, pe) + "', column vector: ";
        int found;
        int expected = packed ? words : dim;
        try {
          found = packed ? parser.parseLongs(buf, rows.start(vecCol), rows.end(vecCol), ints, 0, words)
              : parser.parseFloats(buf, rows.start(vecCol), rows.end(vecCol), row, 0, 1, dim);
        } catch (VectorFormatException e) {
          throw new ProximaException(where + e.getMessage());
        }
        if (found != expected) {
          throw new ProximaException(where + "expected " + expected + (packed ? " INT32 words (-dimension " + dim + " / 32)"
              : " components (-dimension " + dim + ")") + ", found " + found
              + (found == 1 && expected > 1 ? " (is -vector_separator '" + spec.vectorSeparator() + "' right?)" : ""));
        }
        if (packed) {
          unpack(ints, words, row, where);
        } else {
          check(spec.dataType(), row, where);
        }
        sink.row(index++, row);
      }
    }
    return pks;
  }

  /** Int8 components must be integers in [-128, 127]; binary components 0 or 1. */
  private static void check(DataType type, float[] row, String where) {
    if (type == DataType.INT8) {
      for (int j = 0; j < row.length; j++) {
        float x = row[j];
        if (x != Math.rint(x) || x < -128 || x > 127) {
          throw new ProximaException(where + "component " + (j + 1) + " (" + x + ") is not an integer in [-128, 127] (-data_type int8)");
        }
      }
    } else if (type == DataType.BINARY) {
      for (int j = 0; j < row.length; j++) {
        if (row[j] != 0f && row[j] != 1f) {
          throw new ProximaException(where + "component " + (j + 1) + " (" + row[j] + ") is not 0 or 1 (-data_type binary;"
              + " INT32-packed words need -binary_to_int true)");
        }
      }
    }
  }

  private static void unpack(long[] ints, int words, float[] row, String where) {
    for (int w = 0; w < words; w++) {
      long v = ints[w];
      if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) {
        throw new ProximaException(where + "word " + (w + 1) + " (" + v + ") is not a 32-bit integer (-binary_to_int)");
      }
      int bits = (int) v;
      for (int b = 0; b < 32; b++) {
        row[w * 32 + b] = (bits >>> (31 - b)) & 1;
      }
    }
  }

  private static long parseLong(byte[] b, int s, int e, String where) {
    try {
      return Long.parseLong(text(b, s, e).trim());
    } catch (NumberFormatException ex) {
      throw new ProximaException(where + ", column pk: '" + text(b, s, e) + "' is not a BIGINT (-pk_type int64)");
    }
  }

  private static String text(byte[] b, int s, int e) {
    String t = new String(b, s, Math.min(e - s, 64), StandardCharsets.UTF_8);
    return e - s > 64 ? t + "..." : t;
  }
}
