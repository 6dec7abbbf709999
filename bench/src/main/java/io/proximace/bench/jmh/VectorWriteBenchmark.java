package io.proximace.bench.jmh;

import io.proximace.table.RowWriter;
import io.proximace.table.Schema;
import io.proximace.table.TableFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Parquet writer of an ARRAY&lt;FLOAT&gt; table, old way and new side by side in one run: 20,000 x 128 Gaussian
 * floats written as {@code text} (what {@code RowWriter.vector} did before: {@code Float.toString} text, then parsed
 * back) or as {@code floats} (straight into the list), milliseconds per file written to nowhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1)
public class VectorWriteBenchmark {
  static final int ROWS = 20_000;
  static final int DIM = 128;

  @Param({"text", "floats"})
  String path;

  float[][] v;
  Schema schema;
  Configuration conf;

  @Setup
  public void setUp() {
    Random r = new Random(1);
    v = new float[ROWS][DIM];
    for (float[] row : v) {
      for (int j = 0; j < DIM; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    schema = Schema.parse("pk BIGINT, vector ARRAY<FLOAT>", "pt STRING", TableFormat.PARQUET);
    conf = new Configuration();
  }

  @Benchmark
  public long write() throws IOException {
    boolean text = path.equals("text");
    StringBuilder b = new StringBuilder(DIM * 12);
    try (RowWriter out = TableFormat.PARQUET.writer(OutputStream.nullOutputStream(), schema, conf)) {
      for (int i = 0; i < ROWS; i++) {
        out.field((long) i);
        if (text) { // the body RowWriter.vector has for a text column, which the Parquet writer used to take
          b.setLength(0);
          for (int j = 0; j < DIM; j++) {
            if (j > 0) {
              b.append('~');
            }
            b.append(v[i][j]);
          }
          out.field(b.toString());
        } else {
          out.vector(v[i], DIM, '~');
        }
        out.endRow();
      }
      return out.rows();
    }
  }
}
