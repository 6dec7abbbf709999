package io.proximace.bench.jmh;

import io.proximace.topk.TopK;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The bounded heap: offers of random ranks per second, threshold test first as the kernels do. In a
 * search of n docs only about k ln(n/k) offers get past the threshold, so this rarely bounds speed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TopKBenchmark {
  static final int OFFERS = 1 << 16;

  @Param({"10", "100"})
  int k;

  float[] ranks;
  TopK heap;
  int[] ids;
  float[] out;

  @Setup
  public void setUp() {
    Random r = new Random(2);
    ranks = new float[OFFERS];
    for (int i = 0; i < OFFERS; i++) {
      ranks[i] = r.nextFloat();
    }
    heap = new TopK(k, null);
    ids = new int[k];
    out = new float[k];
  }

  /** A fresh heap fed 65,536 random ranks, then drained in order. */
  @Benchmark
  @OperationsPerInvocation(OFFERS)
  public int offerAndDrain() {
    TopK h = heap;
    for (int i = 0; i < OFFERS; i++) {
      float r = ranks[i];
      if (r <= h.threshold()) {
        h.offer(r, i);
      }
    }
    return h.drainSorted(ids, out, 0);
  }
}
