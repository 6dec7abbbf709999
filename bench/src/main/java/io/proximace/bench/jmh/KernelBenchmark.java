package io.proximace.bench.jmh;

import io.proximace.kernel.Distance;
import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.QueryBatch;
import io.proximace.kernel.ScalarFloatKernel;
import io.proximace.kernel.Terms;
import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact-search kernels in FLOP/s (the "ops/s" JMH prints are floating-point operations per second):
 * 256 queries x 2048 docs x 128 dimensions, one multiply and one add per component pair.
 * {@code tiled} is the engine's batch kernel, {@code scalar} its reference, {@code perPair} the
 * one-pair-at-a-time Vector API loop most libraries use, {@code peak} the core's FMA peak (16-float
 * vectors on AVX-512). Heaps are full of unbeatable entries, so
 * every candidate is rejected by the SIMD threshold test, as in a search's steady state. Run with
 * {@code -t 2} for two threads, each on its own copy of the data.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow"})
public class KernelBenchmark {
  static final int DIM = 128;
  static final int DOCS = 2048;
  static final int QUERIES = 256;
  static final int FLOPS = QUERIES * DOCS * DIM * 2;
  static final int PEAK_ITERATIONS = 1 << 20;
  static final int PEAK_FLOPS = PEAK_ITERATIONS * 16 * 16 * 2;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  float[] queries;
  float[] docRows;
  BlockedVectors docs;
  Terms queryTerms;
  Terms docTerms;
  TopK[] heaps;
  FloatKernel kernel;
  FloatKernel scalar;
  QueryBatch batch;
  QueryBatch scalarBatch;

  @Setup
  public void setUp() {
    Random r = new Random(1);
    queries = new float[QUERIES * DIM];
    docRows = new float[DOCS * DIM];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = (float) r.nextGaussian();
    }
    docs = new BlockedVectors(DIM);
    for (int d = 0; d < DOCS; d++) {
      int row = docs.appendRow();
      for (int j = 0; j < DIM; j++) {
        float v = (float) r.nextGaussian();
        docRows[d * DIM + j] = v;
        docs.chunkOf(row)[docs.offsetOf(row) + j * BlockedVectors.BLOCK] = v;
      }
    }
    queryTerms = Terms.ofQueries(Distance.SQUARED_EUCLIDEAN, FloatVectors.wrap(queries, DIM));
    docTerms = Terms.ofDocs(Distance.SQUARED_EUCLIDEAN, docs);
    heaps = new TopK[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      heaps[q] = new TopK(10, null);
      for (int i = 0; i < 10; i++) {
        heaps[q].offer(-Float.MAX_VALUE, i);
      }
    }
    kernel = Kernels.preferred();
    scalar = new ScalarFloatKernel();
    batch = kernel.batch(queries, DIM, 0, QUERIES, queryTerms);
    scalarBatch = scalar.batch(queries, DIM, 0, QUERIES, queryTerms);
  }

  private void scan(FloatKernel k) {
    for (int c = 0; c < docs.chunkCount(); c++) {
      int first = c * docs.chunkDocs();
      int blocks = (Math.min(docs.chunkDocs(), DOCS - first) + BlockedVectors.BLOCK - 1) / BlockedVectors.BLOCK;
      k.scan(k == kernel ? batch : scalarBatch, docs.chunk(c), blocks, first, docTerms, heaps, 0);
    }
  }

  /** The engine's kernel: 8 queries x 32 docs per register tile. */
  @Benchmark
  @OperationsPerInvocation(FLOPS)
  public void tiled() {
    scan(kernel);
  }

  /** The scalar reference kernel. */
  @Benchmark
  @OperationsPerInvocation(FLOPS)
  @Measurement(iterations = 3, time = 2)
  public void scalar() {
    scan(scalar);
  }

  /**
   * The machine's FMA peak as Java reaches it: 24 independent accumulators, no memory traffic. The
   * tiled kernel's share of this is the figure that matters.
   */
  @Benchmark
  @OperationsPerInvocation(PEAK_FLOPS)
  public void peak(Blackhole bh) {
    FloatVector x = FloatVector.broadcast(S, 1.0000001f);
    FloatVector y = FloatVector.broadcast(S, 0.9999999f);
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
    for (int i = 0; i < PEAK_ITERATIONS; i++) {
      a0 = x.fma(y, a0);
      a1 = x.fma(y, a1);
      a2 = x.fma(y, a2);
      a3 = x.fma(y, a3);
      a4 = x.fma(y, a4);
      a5 = x.fma(y, a5);
      a6 = x.fma(y, a6);
      a7 = x.fma(y, a7);
      a8 = x.fma(y, a8);
      a9 = x.fma(y, a9);
      a10 = x.fma(y, a10);
      a11 = x.fma(y, a11);
      a12 = x.fma(y, a12);
      a13 = x.fma(y, a13);
      a14 = x.fma(y, a14);
      a15 = x.fma(y, a15);
    }
    bh.consume(a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
        .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15));
  }

  /** One query against one row-major doc at a time, SIMD along the dimension, as per-pair libraries do. */
  @Benchmark
  @OperationsPerInvocation(FLOPS)
  public void perPair(Blackhole bh) {
    for (int q = 0; q < QUERIES; q++) {
      int qo = q * DIM;
      float best = Float.MAX_VALUE;
      for (int d = 0; d < DOCS; d++) {
        int doff = d * DIM;
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < DIM; j += S.length()) {
          FloatVector a = FloatVector.fromArray(S, queries, qo + j);
          FloatVector b = FloatVector.fromArray(S, docRows, doff + j);
          FloatVector diff = a.sub(b);
          acc = diff.fma(diff, acc);
        }
        best = Math.min(best, acc.reduceLanes(VectorOperators.ADD));
      }
      bh.consume(best);
    }
  }
}
