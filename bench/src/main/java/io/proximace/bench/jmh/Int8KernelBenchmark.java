package io.proximace.bench.jmh;

import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.kernel.Distance;
import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Int8Kernel;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.QueryBatch;
import io.proximace.kernel.Terms;
import io.proximace.topk.Neighbors;
import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Int8BlockedVectors;
import io.proximace.vector.LongPks;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact search of int8 data, float docs against int8 docs side by side, in scans per second: one scan is
 * every query against every doc of the shape (multiply by queries x docs for pairs per second). The same int8 values are held as floats
 * ({@link BlockedVectors}, the engine's path before int8 docs were kept as bytes) and as bytes
 * ({@link Int8BlockedVectors}); {@code floats} and {@code int8} scan them with the engine's kernels.
 * {@code int8IntAccumulate} is the alternative formulation tried for the int8 kernel: bytes widened to
 * ints (B2I) multiplied and added in int32 lanes, the same 8 x 32 register tile, dot products only.
 *
 * {@code searchFloats} and {@code searchInt8} are whole exact searches ({@link LinearIndex}: top 10,
 * rescored, one thread) of the shape's queries, the figure a seek sees.
 *
 * <p>{@code shape}: {@code batch} is 256 queries x 4096 docs, the steady state of a large seek
 * (queries batched against cache-sized doc chunks); {@code stream} is 8 queries x 100,000 docs, a seek
 * of few queries, where docs stream from memory once per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow", "-Xmx4g"})
public class Int8KernelBenchmark {
  private static final VectorSpecies<Integer> IS = IntVector.SPECIES_512;
  private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_128;
  private static final int W = BlockedVectors.BLOCK;

  @Param({"128", "784"})
  int dim;

  @Param({"batch", "stream"})
  String shape;

  int queries;
  int docs;
  float[] qs;
  BlockedVectors floatDocs;
  Int8BlockedVectors int8Docs;
  Terms docTerms;
  TopK[] heaps;
  FloatKernel floatKernel;
  Int8Kernel int8Kernel;
  QueryBatch floatBatch;
  QueryBatch int8Batch;
  int[] packedInts;
  int[] dots;
  LinearIndex floatIndex;
  LinearIndex int8Index;
  FloatVectors queryRows;

  @Setup
  public void setUp() {
    queries = shape.equals("batch") ? 256 : 8;
    docs = shape.equals("batch") ? 4096 : 100_000;
    Random r = new Random(1);
    qs = new float[queries * dim];
    for (int i = 0; i < qs.length; i++) {
      qs[i] = r.nextInt(256) - 128;
    }
    floatDocs = new BlockedVectors(dim);
    int8Docs = new Int8BlockedVectors(dim);
    float[] row = new float[dim];
    for (int d = 0; d < docs; d++) {
      for (int j = 0; j < dim; j++) {
        row[j] = r.nextInt(256) - 128;
      }
      floatDocs.appendRow(row, 0);
      int8Docs.appendRow(row, 0);
    }
    Terms queryTerms = Terms.ofQueries(Distance.SQUARED_EUCLIDEAN, FloatVectors.wrap(qs, dim));
    docTerms = Terms.ofDocs(Distance.SQUARED_EUCLIDEAN, floatDocs);
    heaps = new TopK[queries];
    for (int q = 0; q < queries; q++) {
      heaps[q] = new TopK(10, null);
      for (int i = 0; i < 10; i++) {
        heaps[q].offer(-Float.MAX_VALUE, i); // every candidate fails the threshold, as in a search's steady state
      }
    }
    floatKernel = Kernels.preferred();
    int8Kernel = Kernels.int8();
    floatBatch = floatKernel.batch(qs, dim, 0, queries, queryTerms);
    int8Batch = int8Kernel.batch(qs, dim, 0, queries, queryTerms);
    packedInts = new int[queries * dim];
    for (int t = 0; t < queries; t += 8) {
      for (int k = 0; k < 8; k++) {
        for (int j = 0; j < dim; j++) {
          packedInts[t * dim + j * 8 + k] = (int) qs[(t + k) * dim + j];
        }
      }
    }
    dots = new int[16 * W];
    LongPks pks = new LongPks();
    for (int d = 0; d < docs; d++) {
      pks.add(d);
    }
    int[] order = PkOrder.ranks(pks, "bench");
    floatIndex = new LinearIndex(floatDocs, pks, order, Distance.SQUARED_EUCLIDEAN);
    int8Index = new LinearIndex(int8Docs, pks, order, Distance.SQUARED_EUCLIDEAN);
    queryRows = FloatVectors.wrap(qs, dim);
  }

  /** A whole exact search (top 10, rescored, one thread) over the values held as floats. */
  @Benchmark
  public Neighbors searchFloats() {
    return floatIndex.search(queryRows, 10, 1);
  }

  /** The same search over the values held as bytes. */
  @Benchmark
  public Neighbors searchInt8() {
    return int8Index.search(queryRows, 10, 1);
  }

  /** The engine's float kernel over the values held as floats (4 bytes per component). */
  @Benchmark
  public void floats() {
    for (int c = 0; c < floatDocs.chunkCount(); c++) {
      int first = c * floatDocs.chunkDocs();
      int blocks = (Math.min(floatDocs.chunkDocs(), docs - first) + W - 1) / W;
      floatKernel.scan(floatBatch, floatDocs.chunk(c), blocks, first, docTerms, heaps, 0);
    }
  }

  /** The engine's int8 kernel over the values held as bytes. */
  @Benchmark
  public void int8() {
    for (int c = 0; c < int8Docs.chunkCount(); c++) {
      int first = c * int8Docs.chunkDocs();
      int blocks = (Math.min(int8Docs.chunkDocs(), docs - first) + W - 1) / W;
      int8Kernel.scan(int8Batch, int8Docs.chunk(c), blocks, first, docTerms, heaps, 0);
    }
  }

  /** The alternative: B2I widening and int32 multiply-add (vpmulld, vpaddd), 8 queries x 32 docs, dot products only. */
  @Benchmark
  public void int8IntAccumulate(Blackhole bh) {
    long sum = 0;
    for (int c = 0; c < int8Docs.chunkCount(); c++) {
      byte[] chunk = int8Docs.chunk(c);
      int blocks = (Math.min(int8Docs.chunkDocs(), docs - c * int8Docs.chunkDocs()) + W - 1) / W;
      for (int b = 0; b + 2 <= blocks; b += 2) {
        for (int q = 0; q < queries; q += 8) {
          tileInt(packedInts, q * dim, chunk, b, dots);
          sum += dots[5];
        }
      }
    }
    bh.consume(sum);
  }

  private IntVector load(byte[] chunk, int at) {
    return (IntVector) ByteVector.fromArray(BS, chunk, at).convertShape(VectorOperators.B2I, IS, 0);
  }

  private void tileInt(int[] packed, int tile, byte[] chunk, int b, int[] out) {
    int d0 = b * dim * W;
    int d1 = d0 + dim * W;
    IntVector a00 = IntVector.zero(IS), a01 = IntVector.zero(IS);
    IntVector a10 = IntVector.zero(IS), a11 = IntVector.zero(IS);
    IntVector a20 = IntVector.zero(IS), a21 = IntVector.zero(IS);
    IntVector a30 = IntVector.zero(IS), a31 = IntVector.zero(IS);
    IntVector a40 = IntVector.zero(IS), a41 = IntVector.zero(IS);
    IntVector a50 = IntVector.zero(IS), a51 = IntVector.zero(IS);
    IntVector a60 = IntVector.zero(IS), a61 = IntVector.zero(IS);
    IntVector a70 = IntVector.zero(IS), a71 = IntVector.zero(IS);
    for (int j = 0, t = tile; j < dim; j++, t += 8) {
      IntVector x0 = load(chunk, d0 + j * W);
      IntVector x1 = load(chunk, d1 + j * W);
      IntVector y;
      y = IntVector.broadcast(IS, packed[t]);
      a00 = a00.add(x0.mul(y));
      a01 = a01.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 1]);
      a10 = a10.add(x0.mul(y));
      a11 = a11.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 2]);
      a20 = a20.add(x0.mul(y));
      a21 = a21.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 3]);
      a30 = a30.add(x0.mul(y));
      a31 = a31.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 4]);
      a40 = a40.add(x0.mul(y));
      a41 = a41.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 5]);
      a50 = a50.add(x0.mul(y));
      a51 = a51.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 6]);
      a60 = a60.add(x0.mul(y));
      a61 = a61.add(x1.mul(y));
      y = IntVector.broadcast(IS, packed[t + 7]);
      a70 = a70.add(x0.mul(y));
      a71 = a71.add(x1.mul(y));
    }
    a00.intoArray(out, 0);
    a01.intoArray(out, W);
    a10.intoArray(out, 2 * W);
    a11.intoArray(out, 3 * W);
    a20.intoArray(out, 4 * W);
    a21.intoArray(out, 5 * W);
    a30.intoArray(out, 6 * W);
    a31.intoArray(out, 7 * W);
    a40.intoArray(out, 8 * W);
    a41.intoArray(out, 9 * W);
    a50.intoArray(out, 10 * W);
    a51.intoArray(out, 11 * W);
    a60.intoArray(out, 12 * W);
    a61.intoArray(out, 13 * W);
    a70.intoArray(out, 14 * W);
    a71.intoArray(out, 15 * W);
  }
}
