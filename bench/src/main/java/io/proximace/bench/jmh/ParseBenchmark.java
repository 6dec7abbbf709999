package io.proximace.bench.jmh;

import io.proximace.table.CsvReader;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingestion on one core, in bytes of text per second (the {@code bytes} counter): 4,096 rows of
 * {@code pk,v1~v2~...~v128} of Gaussian floats, written as an export from another system writes them:
 * {@code shape} {@code java} is {@code Float.toString} ({@code -0.8713296}), {@code numpy} is numpy's
 * {@code np.savetxt} default {@code %.18e} ({@code -8.713296055793762207e-01}, 19 significant digits,
 * which must stay on the parser's fast path). {@code parseVectors} parses the vector text alone;
 * {@code readCsvAndParse} is the whole path of a partition read: CSV records, then parsing into the
 * blocked doc layout.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ParseBenchmark {
  static final int DIM = 128;
  static final int ROWS = 4096;

  @Param({"java", "numpy"})
  String shape;

  byte[] csv;
  byte[] vectors;
  int[] starts;
  int[] ends;
  float[] out = new float[DIM];
  VectorParser parser = new VectorParser('~');

  /** Bytes processed, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      bytes = 0;
    }
  }

  @Setup
  public void setUp() {
    Random r = new Random(3);
    StringBuilder all = new StringBuilder();
    StringBuilder vec = new StringBuilder();
    starts = new int[ROWS];
    ends = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      StringBuilder row = new StringBuilder();
      for (int j = 0; j < DIM; j++) {
        if (j > 0) {
          row.append('~');
        }
        float f = (float) r.nextGaussian();
        row.append(shape.equals("numpy") ? percent18e(f) : Float.toString(f));
      }
      starts[i] = vec.length();
      vec.append(row);
      ends[i] = vec.length();
      all.append("doc").append(i).append(',').append(row).append('\n');
    }
    csv = all.toString().getBytes(StandardCharsets.US_ASCII);
    vectors = vec.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** C's {@code %.18e} of {@code f}: its exact value to 19 significant digits, as numpy prints a float32 array. */
  static String percent18e(float f) {
    if (f == 0) {
      return "0.000000000000000000e+00";
    }
    BigDecimal v = new BigDecimal(f).round(new MathContext(19));
    String digits = v.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - v.scale();
    digits = (digits + "0".repeat(19)).substring(0, 19);
    return (f < 0 ? "-" : "") + digits.charAt(0) + "." + digits.substring(1) + "e" + (exp < 0 ? "-" : "+")
        + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  @Benchmark
  public float parseVectors(Bytes counter) throws VectorFormatException {
    float sum = 0;
    for (int i = 0; i < ROWS; i++) {
      parser.parseFloats(vectors, starts[i], ends[i], out, 0, 1, DIM);
      sum += out[0];
    }
    counter.bytes += vectors.length;
    return sum;
  }

  @Benchmark
  public int readCsvAndParse(Bytes counter) throws Exception {
    BlockedVectors docs = new BlockedVectors(DIM);
    try (CsvReader r = new CsvReader(new ByteArrayInputStream(csv), ',')) {
      while (r.next()) {
        int row = docs.appendRow();
        parser.parseFloats(r.buffer(), r.start(1), r.end(1), docs.chunkOf(row), docs.offsetOf(row), BlockedVectors.BLOCK, DIM);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    counter.bytes += csv.length;
    return docs.size();
  }
}
