package io.proximace.input;

import io.proximace.Progress;
import io.proximace.ProximaException;
import io.proximace.table.ColumnType;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.vector.BinaryVectors;
import io.proximace.vector.DataType;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.PkType;
import io.proximace.vector.Pks;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Reads a runner input partition, {@code (pk, vector)}, streaming, checking every row against the run's
 * {@code -dimension} and {@code -data_type}: a bad row fails the run naming the table, partition, row,
 * pk and column. Binary vectors arrive as 0/1 components, or with {@code -binary_to_int} as
 * {@code dimension / 32} INT32 words, most significant bit first (bit 31 of word 0 is component 0).
 */
public final class VectorInput {
  /** Rows read one after another; {@code categories} each row's categories, or null when not asked for. */
  public record Rows(FloatVectors vectors, Pks pks, List<long[]> categories) {}

  /** A uniform sample of a partition's rows, with statistics over all of them. */
  public record Sample(FloatVectors vectors, long rows, double maxAbs, double maxNorm) {}

  /** Receives each checked row: its pk ({@code buf[pkStart, pkEnd)}, or {@code longPk} with -pk_type int64) and vector. */
  public interface RowSink {
    void row(long index, byte[] buf, int pkStart, int pkEnd, long longPk, float[] vector) throws IOException;
  }

  /** Receives each checked binary row as packed bits, in {@link BinaryVectors}' layout (64 components to a long). */
  public interface BitsSink {
    void row(long index, byte[] buf, int pkStart, int pkEnd, long longPk, long[] bits) throws IOException;
  }


  private VectorInput() {}

  /** Checks that {@code table} has the runner's input columns; {@code role} is "doc" or "query". */
  public static void checkSchema(Table table, String role) {
    Schema s = table.schema();
    if (s.indexOf("pk") < 0 || s.indexOf("vector") < 0) {
      throw new ProximaException(role + " table " + table.name() + " has columns (" + s.columnsDdl()
          + "); the runner needs (pk STRING|BIGINT, vector STRING|ARRAY<FLOAT>)");
    }
  }

  /** Every doc of a partition into {@code docs}; {@code progress} counts them. */
  public static Docs readDocs(Partition p, RowFormat format, Docs docs, Progress progress) throws IOException {
    try (PartitionReader rows = p.open()) {
      if (docs.bits() != null) {
        forEachBits(rows, p.table().schema(), format, "doc", (i, buf, ps, pe, lp, bits) -> {
          docs.addBits(buf, ps, pe, lp, bits);
          progress.add(1);
        });
      } else {
        forEach(rows, p.table().schema(), format, "doc", (i, buf, ps, pe, lp, row) -> {
          docs.add(buf, ps, pe, lp, row);
          progress.add(1);
        });
      }
    }
    return docs;
  }

  /** Every row, row-major. */
  public static Rows readRows(Partition p, RowFormat format, String role) throws IOException {
    return readRows(p, format, role, null);
  }

  /** Every row, row-major, with each row's categories read in the same pass when {@code categories} is not null. */
  public static Rows readRows(Partition p, RowFormat format, String role, CategoryInput.Layout categories) throws IOException {
    FloatVectors v = new FloatVectors(format.dimension(), 1024);
    int dim = format.dimension();
    Pks pks = format.pkType().newColumn();
    List<long[]> cats = categories == null ? null : new ArrayList<>();
    int pkCol = p.table().schema().indexOf("pk");
    try (PartitionReader rows = p.open()) {
      forEach(rows, p.table().schema(), format, role, (i, buf, ps, pe, lp, row) -> {
        if (cats != null) {
          cats.add(CategoryInput.parse(rows, categories, role, pkCol));
        }
        pks.addParsed(buf, ps, pe, lp);
        int r = v.appendRow(); // may grow the array: take data() after it
        System.arraycopy(row, 0, v.data(), r * dim, dim);
      });
    }
    v.trim();
    return new Rows(v, pks, cats);
  }

  /**
   * A reservoir sample of {@code size} rows (the same for the same seed), with the largest absolute
   * component and the largest norm over all rows, normalized first when {@code normalize}.
   */
  public static Sample sample(Partition p, RowFormat format, String role, int size, long seed, boolean normalize, Progress progress)
      throws IOException {
    int dim = format.dimension();
    FloatVectors sample = new FloatVectors(dim, Math.min(size, 1 << 16));
    SplittableRandom random = new SplittableRandom(seed);
    double[] stats = new double[2];
    long[] rows = new long[1];
    try (PartitionReader reader = p.open()) {
      forEach(reader, p.table().schema(), format, role, (i, buf, ps, pe, lp, row) -> {
        if (normalize) {
          FloatVectors.normalize(row, 0, dim);
        }
        double norm = 0;
        for (float x : row) {
          stats[0] = Math.max(stats[0], Math.abs(x));
          norm += (double) x * x;
        }
        stats[1] = Math.max(stats[1], Math.sqrt(norm));
        rows[0]++;
        progress.add(1);
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
    }
    return new Sample(sample, rows[0], stats[0], stats[1]);
  }

  /**
   * Streams the rows of {@code rows} (a partition, or one of its files) to {@code sink}, each checked against
   * the run's {@code -dimension}, {@code -data_type} and {@code -pk_type}; binary vectors arrive as 0/1
   * components. A bad row is a {@link ProximaException} naming it. {@code index} counts from 0.
   */
  public static void forEach(PartitionReader rows, Schema schema, RowFormat format, String role, RowSink sink) throws IOException {
    forEach(rows, schema, format, role, sink, null, Long.MAX_VALUE);
  }

  /**
   * {@link #forEach} for {@code -data_type binary}, each row as packed bits: {@code -binary_to_int} words go
   * straight to bits, never through a float per component.
   */
  public static void forEachBits(PartitionReader rows, Schema schema, RowFormat format, String role, BitsSink sink) throws IOException {
    if (format.dataType() != DataType.BINARY) {
      throw new IllegalArgumentException("packed bits need -data_type binary, not " + format.dataType());
    }
    forEach(rows, schema, format, role, null, sink, Long.MAX_VALUE);
  }

  /**
   * Checks the first rows of a partition before any work is planned: a {@code -dimension} or
   * {@code -data_type} that does not fit the data fails at once, naming the row, instead of after sizing
   * a run for the wrong shape.
   */
  public static void checkFirstRows(Partition p, RowFormat format, String role) throws IOException {
    try (PartitionReader rows = p.open()) {
      forEach(rows, p.table().schema(), format, role, (i, buf, ps, pe, lp, row) -> { }, null, 16);
    }
  }

  /** The one reading loop: rows go to {@code sink} as floats, or to {@code bitsSink} (when not null) as packed bits. */
  private static void forEach(PartitionReader rows, Schema schema, RowFormat format, String role, RowSink sink, BitsSink bitsSink,
      long limit) throws IOException {
    int pkCol = schema.indexOf("pk");
    int vecCol = schema.indexOf("vector");
    int dim = format.dimension();
    VectorParser parser = new VectorParser(format.separator());
    boolean packed = format.dataType() == DataType.BINARY && format.binaryToInt();
    boolean longPks = format.pkType() == PkType.INT64;
    boolean floats = schema.columns().get(vecCol).type() == ColumnType.ARRAY_FLOAT; // a Parquet list: no text to parse
    if (floats && packed) {
      throw new ProximaException(role + " table's vector column is ARRAY<FLOAT>: -binary_to_int true reads INT32 words from "
          + "STRING vectors; give the binary components as 0/1 floats, with -binary_to_int false");
    }
    int words = dim / 32;
    int[] ints = new int[Math.max(words, 1)];
    float[] row = new float[dim];
    long[] bits = bitsSink == null ? null : new long[(dim + 63) / 64];
    long index = 0;
    while (index < limit && rows.next()) {
      byte[] buf = rows.buffer();
      int ps = rows.start(pkCol);
      int pe = rows.end(pkCol);
      if (ps == pe) {
        throw new ProximaException(role + " " + rows.where() + ", column pk: the pk is empty");
      }
      long longPk = longPks ? parseLong(buf, ps, pe, () -> role + " " + rows.where()) : 0;
      // built only when a row is bad: the message names the row, its pk and the column
      Supplier<String> where = () -> role + " " + rows.where() + ", pk '" + text(buf, ps, pe) + "', column vector: ";
      int found;
      int expected = packed ? words : dim;
      try {
        found = floats ? rows.floats(vecCol, row, dim)
            : packed ? parser.parseWords(buf, rows.start(vecCol), rows.end(vecCol), ints, 0, words)
            : format.dataType() == DataType.FLOAT ? parser.parseFloats(buf, rows.start(vecCol), rows.end(vecCol), row, 0, 1, dim)
            : parser.parseIntegers(buf, rows.start(vecCol), rows.end(vecCol), row, dim);
      } catch (VectorFormatException e) {
        throw new ProximaException(where.get() + e.getMessage());
      }
      if (found != expected) {
        throw new ProximaException(where.get() + "expected " + expected + (packed ? " INT32 words (-dimension " + dim + " / 32)"
            : " components (-dimension " + dim + ")") + ", found " + found
            + (found == 1 && expected > 1 && !floats ? " (is -vector_separator '" + format.separator() + "' right?)" : ""));
      }
      if (floats) {
        checkFinite(row, where);
      }
      if (!packed) {
        check(format.dataType(), row, where);
      }
      if (bitsSink != null) {
        if (packed) {
          pack(ints, words, bits);
        } else {
          pack(row, bits);
        }
        bitsSink.row(index++, buf, ps, pe, longPk, bits);
      } else {
        if (packed) {
          unpack(ints, words, row);
        }
        sink.row(index++, buf, ps, pe, longPk, row);
      }
    }
  }

  /**
   * Int8 components must be integers in [-128, 127]; binary components 0 or 1. The parser has already refused text that
   * only rounds to an integer (127.0000001), so an integral float here had integral text.
   */
  private static void check(DataType type, float[] row, Supplier<String> where) {
    if (type == DataType.INT8) {
      for (int j = 0; j < row.length; j++) {
        float x = row[j];
        if (x != Math.rint(x) || x < -128 || x > 127) {
          throw new ProximaException(where.get() + "component " + (j + 1) + " (" + x + ") is not an integer in [-128, 127] (-data_type int8)");
        }
      }
    } else if (type == DataType.BINARY) {
      for (int j = 0; j < row.length; j++) {
        if (row[j] != 0f && row[j] != 1f) {
          throw new ProximaException(where.get() + "component " + (j + 1) + " (" + row[j] + ") is not 0 or 1 (-data_type binary;"
              + " INT32-packed words need -binary_to_int true)");
        }
      }
    }
  }

  /** A Parquet float may be NaN or infinite, which no vector text can spell: refused as the parser refuses bad text. */
  private static void checkFinite(float[] row, Supplier<String> where) {
    String why = FloatVectors.nonFinite(row, row.length);
    if (why != null) {
      throw new ProximaException(where.get() + why);
    }
  }

  private static void unpack(int[] ints, int words, float[] row) {
    for (int w = 0; w < words; w++) {
      int bits = ints[w];
      for (int b = 0; b < 32; b++) {
        row[w * 32 + b] = (bits >>> (31 - b)) & 1;
      }
    }
  }

  /**
   * INT32 words (component {@code 32w + b} is bit {@code 31 - b} of word {@code w}) into {@link BinaryVectors}' longs
   * (component {@code j} is bit {@code j % 64} of long {@code j / 64}): reversing a word's bits puts component
   * {@code 32w + b} at bit {@code b}, and the odd word of each pair fills the long's high half.
   */
  private static void pack(int[] ints, int words, long[] bits) {
    for (int k = 0; k < bits.length; k++) {
      long low = Integer.reverse(ints[2 * k]) & 0xffffffffL;
      long high = 2 * k + 1 < words ? (long) Integer.reverse(ints[2 * k + 1]) << 32 : 0;
      bits[k] = low | high;
    }
  }

  /** Checked 0/1 components into {@link BinaryVectors}' longs. */
  private static void pack(float[] row, long[] bits) {
    java.util.Arrays.fill(bits, 0);
    for (int j = 0; j < row.length; j++) {
      if (row[j] != 0f) {
        bits[j >>> 6] |= 1L << (j & 63);
      }
    }
  }

  private static long parseLong(byte[] b, int s, int e, Supplier<String> where) {
    try {
      return Long.parseLong(text(b, s, e).trim());
    } catch (NumberFormatException ex) {
      throw new ProximaException(where.get() + ", column pk: '" + text(b, s, e) + "' is not a BIGINT (-pk_type int64)");
    }
  }

  private static String text(byte[] b, int s, int e) {
    String t = new String(b, s, Math.min(e - s, 64), StandardCharsets.UTF_8);
    return e - s > 64 ? t + "..." : t;
  }
}
