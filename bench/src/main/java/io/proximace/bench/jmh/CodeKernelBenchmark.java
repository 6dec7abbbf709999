package io.proximace.bench.jmh;

import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Kernels;
import io.proximace.quant.CodeKernel;
import io.proximace.quant.PanamaCodeKernel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-pair ranks as a graph walk makes them, in pairs per second: one query against {@value #PAIRS} docs per call,
 * taken in turn from {@value #ORDER} random ones out of {@code docs} (2048: in L2; 200000: 65536 distinct docs, from
 * L3 or memory, as a walk on a large index).
 * {@code floats} is the float walk's ranker (the engine kernel's squared distance); {@code codesExpanded} the int8
 * codes' rank as {@link io.proximace.quant.Int8Codes} computes it (one FMA per component against per-query
 * weights, plus a per-doc term); {@code codesDirect} the direct {@code sum((q'_j - step_j c_j)^2)} (two FMAs and
 * one more load per component), the alternative measured and not kept.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow"})
public class CodeKernelBenchmark {
  static final int PAIRS = 1024;
  static final int ORDER = 1 << 16;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));

  @Param({"128", "784"})
  int dim;

  @Param({"2048", "200000"})
  int docs;

  float[] floats;
  byte[] codes;
  float[] terms;
  float[] q;
  float[] weights;
  float[] shifted;
  float[] step;
  int[] order;
  int cursor;
  FloatKernel floatKernel = Kernels.preferred();
  CodeKernel codeKernel = new PanamaCodeKernel();

  @Setup
  public void setUp() {
    Random r = new Random(1);
    floats = new float[docs * dim];
    codes = new byte[docs * dim];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) r.nextGaussian();
      codes[i] = (byte) r.nextInt(256);
    }
    terms = new float[docs];
    q = new float[dim];
    weights = new float[dim];
    shifted = new float[dim];
    step = new float[dim];
    for (int j = 0; j < dim; j++) {
      q[j] = (float) r.nextGaussian();
      step[j] = 0.03f;
      shifted[j] = q[j] + 0.1f;
      weights[j] = -2 * shifted[j] * step[j];
    }
    order = new int[ORDER];
    for (int i = 0; i < ORDER; i++) {
      order[i] = r.nextInt(docs);
    }
  }

  private int next() {
    int from = cursor;
    cursor = (cursor + PAIRS) % ORDER;
    return from;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public float floats() {
    float s = 0;
    int from = next();
    for (int i = from; i < from + PAIRS; i++) {
      int doc = order[i];
      s += floatKernel.squaredDistance(q, 0, floats, doc * dim, dim);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public float codesExpanded() {
    float s = 0;
    int from = next();
    for (int i = from; i < from + PAIRS; i++) {
      int doc = order[i];
      s += codeKernel.dot(weights, codes, doc * dim, dim) + terms[doc];
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public float codesDirect() {
    float s = 0;
    int from = next();
    for (int i = from; i < from + PAIRS; i++) {
      int doc = order[i];
      s += direct(doc * dim);
    }
    return s;
  }

  private float direct(int off) {
    int j = 0;
    int bound = F.loopBound(dim);
    FloatVector acc = FloatVector.zero(F);
    for (; j < bound; j += F.length()) {
      FloatVector c = (FloatVector) ByteVector.fromArray(B, codes, off + j).convertShape(VectorOperators.B2F, F, 0);
      FloatVector t = c.neg().fma(FloatVector.fromArray(F, step, j), FloatVector.fromArray(F, shifted, j));
      acc = t.fma(t, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; j < dim; j++) {
      float t = shifted[j] - step[j] * codes[off + j];
      sum = Math.fma(t, t, sum);
    }
    return sum;
  }
}
