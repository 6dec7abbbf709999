package io.proximace.bench.jmh;

import io.proximace.format.FileFormat;
import io.proximace.format.FileImport;
import io.proximace.format.Source;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.table.TableUnload;
import io.proximace.table.Warehouse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code table import} of the same 20,000 x 128 Gaussian floats from each file format into a partition,
 * on one core, milliseconds per import. {@code target} is the table: {@code csv} ({@code vector STRING}; CSV
 * copies the vector text through, the binary formats turn each float into {@code Float.toString} text) or
 * {@code parquet} ({@code vector ARRAY<FLOAT>}; binary floats go straight into the list, CSV text is parsed).
 * {@code fvecs.gz} adds gzip; {@code parquet} reads the file {@code unload --format parquet} writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1)
public class ImportBenchmark {
  static final int ROWS = 20_000;
  static final int DIM = 128;

  @Param({"csv", "npy", "fvecs", "fvecs.gz", "parquet"})
  String format;

  @Param({"csv", "parquet"})
  String target;

  Path dir;
  FileSystem local;
  Table table;
  List<Source> sources;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("import-bench");
    local = FileSystem.getLocal(new Configuration());
    Warehouse wh = new Warehouse(local, new org.apache.hadoop.fs.Path(dir.resolve("wh").toUri()));
    table = wh.create(new TableName("default", "doc"), target.equals("parquet")
        ? Schema.parse("pk BIGINT, vector ARRAY<FLOAT>", "pt STRING", TableFormat.PARQUET) : Schema.parse("pk BIGINT, vector STRING", "pt STRING"), false);
    Table src = wh.create(new TableName("default", "src"), Schema.parse("pk BIGINT, vector STRING", "pt STRING"), false);
    Random r = new Random(1);
    float[][] v = new float[ROWS][DIM];
    for (float[] row : v) {
      for (int j = 0; j < DIM; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    // the fvecs file, imported once to give the CSV and npy files the same content
    ByteBuffer fvecs = ByteBuffer.allocate(ROWS * (4 + 4 * DIM)).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : v) {
      fvecs.putInt(DIM);
      for (float x : row) {
        fvecs.putFloat(x);
      }
    }
    Path f = Files.write(dir.resolve("base.fvecs"), fvecs.array());
    Path file = switch (format) {
      case "fvecs" -> f;
      case "fvecs.gz" -> {
        Path gz = dir.resolve("base.fvecs.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
          out.write(fvecs.array());
        }
        yield gz;
      }
      case "npy" -> npy(v);
      case "parquet" -> parquet(wh, f);
      default -> csv(src, f);
    };
    sources = Source.under(local, new org.apache.hadoop.fs.Path(file.toUri()));
  }

  private Path npy(float[][] v) throws IOException {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + ROWS + ", " + DIM + "), }";
    int pad = 64 - (10 + dict.length() + 1) % 64;
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + pad + 1 + ROWS * DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (dict.length() + pad + 1));
    b.put((dict + " ".repeat(pad) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    for (float[] row : v) {
      for (float x : row) {
        b.putFloat(x);
      }
    }
    return Files.write(dir.resolve("base.npy"), b.array());
  }

  private Path csv(Table src, Path fvecs) throws IOException {
    FileImport.load(src, "1", Source.under(local, new org.apache.hadoop.fs.Path(fvecs.toUri())),
        new FileImport.Options(FileFormat.FVECS, null, ',', false), true);
    Path csv = dir.resolve("base.csv");
    try (Stream<Path> parts = Files.list(dir.resolve("wh/default/src/pt=1"))) {
      Files.write(csv, Files.readAllBytes(parts.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow()));
    }
    return csv;
  }

  /** The Parquet file {@code unload --format parquet} writes of an ARRAY&lt;FLOAT&gt; table (one file; its {@code .crc} is skipped). */
  private Path parquet(Warehouse wh, Path fvecs) throws IOException {
    Table floats = wh.create(new TableName("default", "srcp"),
        Schema.parse("pk BIGINT, vector ARRAY<FLOAT>", "pt STRING", TableFormat.PARQUET), false);
    FileImport.load(floats, "1", Source.under(local, new org.apache.hadoop.fs.Path(fvecs.toUri())),
        new FileImport.Options(FileFormat.FVECS, null, ',', false), true);
    Path out = dir.resolve("parquet");
    TableUnload.to(floats.partition("1"), local, new org.apache.hadoop.fs.Path(out.toUri()), TableFormat.PARQUET, ',', Long.MAX_VALUE);
    return out;
  }

  @Benchmark
  public long importFile() throws IOException {
    return FileImport.load(table, "1", sources, new FileImport.Options(null, null, ',', false), true);
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
