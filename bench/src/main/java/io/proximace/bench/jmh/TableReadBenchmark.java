package io.proximace.bench.jmh;

import io.proximace.input.RowFormat;
import io.proximace.input.VectorInput;
import io.proximace.table.CsvImport;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.table.Warehouse;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The runner's read of a doc partition, in rows per second on one core: 16,384 rows of {@code pk STRING}
 * and 128 Gaussian floats, the same rows in three tables on the local disk: CSV ({@code 1.5~-0.3~...}),
 * Parquet with the vector as STRING (the same text), and Parquet with the vector as ARRAY&lt;FLOAT&gt;, which
 * reaches the runner as floats with no text between. Each benchmark is the whole path:
 * {@link PartitionReader} over the files, then {@link VectorInput}'s checked row loop. On a busy machine JMH's
 * one-after-another runs drift apart; {@link #main} reads the three in turn, round after round, and prints
 * the median rate of each and the ratios of the medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TableReadBenchmark {
  static final int DIM = 128;
  static final int ROWS = 16384;

  Path dir;
  Partition csv;
  Partition parquetString;
  Partition parquetArray;
  final RowFormat format = new RowFormat(DIM, DataType.FLOAT, false, PkType.STRING, '~');

  @Setup
  public void setUp() throws IOException {
    Random r = new Random(3);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      text.append("doc").append(i).append(',');
      for (int j = 0; j < DIM; j++) {
        text.append(j > 0 ? "~" : "").append(Float.toString((float) r.nextGaussian()));
      }
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    dir = Files.createTempDirectory("table-read-bench");
    Warehouse w = new Warehouse(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(dir.toUri()));
    csv = table(w, "csv", "pk STRING, vector STRING", TableFormat.CSV, bytes);
    parquetString = table(w, "parquet_string", "pk STRING, vector STRING", TableFormat.PARQUET, bytes);
    parquetArray = table(w, "parquet_array", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET, bytes);
  }

  private static Partition table(Warehouse w, String name, String columns, TableFormat f, byte[] rows) throws IOException {
    Table t = w.create(new TableName("bench", name), Schema.parse(columns, "pt STRING", f), false);
    CsvImport.into(t, "1", new ByteArrayInputStream(rows), name, ',', false);
    return t.partition("1");
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private float read(Partition p) throws IOException {
    float[] sum = new float[1];
    try (PartitionReader rows = p.open()) {
      VectorInput.forEach(rows, p.table().schema(), format, "doc", (i, buf, ps, pe, lp, v) -> sum[0] += v[DIM - 1]);
    }
    return sum[0];
  }

  /** Interleaved rounds: {@code java -cp bench/target/benchmarks.jar io.proximace.bench.jmh.TableReadBenchmark [rounds]}. */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    TableReadBenchmark b = new TableReadBenchmark();
    b.setUp();
    try {
      Partition[] parts = {b.csv, b.parquetString, b.parquetArray};
      String[] names = {"csv", "parquet STRING", "parquet ARRAY<FLOAT>"};
      double[][] rate = new double[3][rounds];
      float sink = 0;
      for (int w = 0; w < 5; w++) {
        for (Partition p : parts) {
          sink += b.read(p);
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 3; k++) {
          int f = (k + r) % 3; // each format first in turn
          long t = System.nanoTime();
          sink += b.read(parts[f]);
          rate[f][r] = ROWS / ((System.nanoTime() - t) / 1e9);
        }
      }
      double[] median = new double[3];
      for (int f = 0; f < 3; f++) {
        java.util.Arrays.sort(rate[f]);
        median[f] = rate[f][rounds / 2];
        System.out.printf(java.util.Locale.ROOT, "%-22s %,10.0f rows/s (median of %d; min %,.0f, max %,.0f)%n", names[f], median[f], rounds,
            rate[f][0], rate[f][rounds - 1]);
      }
      System.out.printf(java.util.Locale.ROOT, "parquet ARRAY<FLOAT> / csv: %.2fx; parquet STRING / csv: %.2fx (checksum %s)%n",
          median[2] / median[0], median[1] / median[0], sink);
    } finally {
      b.tearDown();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float csv() throws IOException {
    return read(csv);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float parquetString() throws IOException {
    return read(parquetString);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public float parquetArray() throws IOException {
    return read(parquetArray);
  }
}
