package io.proximace.bench.jmh;

import io.proximace.index.HnswIndex;
import io.proximace.index.Params;
import io.proximace.index.PkOrder;
import io.proximace.kernel.Distance;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Graph search in queries per second on one thread: {@code docs} x 128 docs from a Gaussian mixture (100
 * clusters), k = 10, the default beam ({@code 2 k + 100}), walk and exact rescoring included. The graph
 * (degree 16, construction beam 100) is built once per fork, which takes most of a fork's time. {@code walk}
 * {@code float} ranks the floats on the walk, {@code int8} the docs' 8-bit codes ({@code
 * proxima.hnsw.searcher.quantized_walk}), whose final beam is then ranked with the floats.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow"})
public class GraphSearchBenchmark {
  static final int DIM = 128;
  static final int QUERIES = 1000;
  static final int K = 10;

  @Param({"50000"})
  int docs;

  @Param({"squared_euclidean", "inner_product", "cosine"})
  String distance;

  @Param({"float", "int8"})
  String walk;

  HnswIndex index;
  FloatVectors queries;
  Params search;

  @Setup(Level.Trial)
  public void setUp() {
    Random centres = new Random(7);
    float[] c = new float[100 * DIM];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) centres.nextGaussian();
    }
    FloatVectors d = mixture(c, docs, 1);
    queries = mixture(c, QUERIES, 2);
    LongPks pks = new LongPks();
    for (int i = 0; i < docs; i++) {
      pks.add(i);
    }
    Params build = Params.parse("{\"proxima.hnsw.builder.max_neighbor_count\":16}", "-builder_params", HnswIndex.BUILD_KEYS);
    index = HnswIndex.build(d, pks, PkOrder.ranks(pks, "bench"), Distance.parse(distance), build,
        Runtime.getRuntime().availableProcessors());
    search = Params.parse("{\"" + HnswIndex.QUANTIZED_WALK + "\":" + walk.equals("int8") + "}", "-searcher_params",
        HnswIndex.SEARCH_KEYS);
  }

  private static FloatVectors mixture(float[] centres, int n, long seed) {
    Random r = new Random(seed);
    FloatVectors v = new FloatVectors(DIM, n);
    for (int i = 0; i < n; i++) {
      int off = v.appendRow() * DIM;
      int c = r.nextInt(centres.length / DIM);
      for (int j = 0; j < DIM; j++) {
        v.data()[off + j] = (float) (centres[c * DIM + j] + 0.3 * r.nextGaussian());
      }
    }
    return v;
  }

  /** All queries, one thread. */
  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public Neighbors search() {
    return index.search(queries, K, search, 1);
  }
}
