package io.proximace.index.hnsw;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.proximace.Progress;
import io.proximace.kernel.Distance;
import io.proximace.vector.FloatVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds an {@link HnswGraph} with jvector's {@code GraphIndexBuilder}, the one place the engine uses jvector.
 * jvector scores the build with its own SIMD code, so the graph depends on jvector's bits, not the kernel's:
 * searching then uses only our arrays and {@link io.proximace.kernel.DocRanker}.
 *
 * @param maxDegree the most neighbours a node keeps (jvector's M)
 * @param beamWidth beam width while inserting a node (efConstruction)
 * @param neighborOverflow how far a neighbour list may overflow before it is pruned
 * @param alpha pruning diversity (1 is HNSW's rule)
 * @param hierarchy whether to build HNSW's upper layers
 * @param refine whether to make a second pass over the finished graph
 */
public record JvectorGraphBuilder(int maxDegree, int beamWidth, float neighborOverflow, float alpha, boolean hierarchy,
    boolean refine) {
  private static final VectorTypeSupport VTS;
  private static final long POLL_MILLIS = 200;

  static {
    // jvector reads this property once, when its VectorizationProvider is first asked for, and has no API to
    // pass a provider, so it must be a system property set before jvector's first score: here, before any
    // build. Its default on JDK 22+ is a native library whose code depends on the CPU; Panama scores floats
    // faster here and gives the same bits, so the same graph, on every machine. (jvector.physical_core_count,
    // set here before, only sizes jvector's own pool, which a build with its pools given never uses.)
    if (System.getProperty("jvector.vectorization_provider") == null) {
      System.setProperty("jvector.vectorization_provider", "panama");
    }
    VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  }

  /** jvector's similarity for a distance: it orders pairs as the distance does. */
  static VectorSimilarityFunction similarity(Distance d) {
    return switch (d) {
      case SQUARED_EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
      case INNER_PRODUCT -> VectorSimilarityFunction.DOT_PRODUCT;
      case COSINE -> VectorSimilarityFunction.COSINE;
    };
  }

  /**
   * A thread that counts the nodes jvector has added into a {@link Progress} until interrupted. Polling the
   * graph's size leaves jvector's build, and so its insertion order and the graph, as they are.
   */
  private static Thread watch(GraphIndexBuilder b, int n) {
    return Thread.ofPlatform().daemon().name("hnsw-progress").start(() -> {
      try (Progress progress = Progress.start("hnsw graph", "nodes", n)) {
        while (!Thread.currentThread().isInterrupted()) {
          progress.add(b.getGraph().size(0) - progress.done());
          try {
            Thread.sleep(POLL_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    });
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The graph of row-major {@code docs} (node i is doc i) by {@code distance}, built on {@code threads} threads. */
  public HnswGraph build(FloatVectors docs, Distance distance, int threads) {
    int n = docs.size();
    int dim = docs.dim();
    List<VectorFloat<?>> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] row = new float[dim];
      System.arraycopy(docs.data(), i * dim, row, 0, dim);
      list.add(VTS.createFloatVector(row));
    }
    RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(list, dim);
    BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, similarity(distance));
    ForkJoinPool simd = new ForkJoinPool(threads);
    ForkJoinPool parallel = new ForkJoinPool(threads);
    try {
      GraphIndexBuilder b = new GraphIndexBuilder(bsp, dim, maxDegree, beamWidth, neighborOverflow, alpha, hierarchy,
          refine, simd, parallel);
      Thread watch = watch(b, n);
      try {
        return HnswGraph.of(b.build(ravv), n);
      } finally {
        watch.interrupt();
        join(watch);
      }
    } finally {
      simd.shutdown();
      parallel.shutdown();
    }
  }
}
