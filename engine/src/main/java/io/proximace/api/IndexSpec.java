package io.proximace.api;

import io.proximace.ProximaException;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.Params;
import io.proximace.kernel.Distance;
import io.proximace.plan.Algorithm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Index#build} builds: an algorithm, its distance and its build parameters, typed. A parameter
 * left null takes the engine's default (the runner's {@code -builder_params} defaults); a value out of range
 * is refused when the index is built, naming the engine's key.
 */
public sealed interface IndexSpec permits IndexSpec.Linear, IndexSpec.Hnsw, IndexSpec.Qc {
  /** The algorithm's name: {@code linear}, {@code hnsw} or {@code qc}. */
  String algorithm();

  /** How scores are computed. */
  Distance distance();

  /** The engine's builder keys for this spec, checked, with the defaults filled in. */
  Params params();

  /**
   * The spec of {@code algorithm} ({@code linear}, {@code hnsw} (or {@code graph}), {@code qc}) with every
   * parameter at its default, scoring by {@code distance} ({@code squared_euclidean}, {@code inner_product},
   * {@code cosine}); either name unknown: a {@link io.proximace.ProximaException} listing the valid ones.
   */
  static IndexSpec named(String algorithm, String distance) {
    Distance d;
    Algorithm a;
    try {
      d = Distance.parse(distance);
    } catch (ProximaException e) { // the engine's words name the runner's option
      throw new IllegalArgumentException("unknown distance '" + distance + "' for an Index: expected one of "
          + java.util.Arrays.stream(Distance.values()).map(Distance::optionName).collect(java.util.stream.Collectors.joining(", ")));
    }
    try {
      a = Algorithm.parse(algorithm);
    } catch (ProximaException e) {
      throw new IllegalArgumentException("unknown algorithm '" + algorithm + "' for an Index: expected linear, hnsw or qc");
    }
    return switch (a) {
      case LINEAR -> linear(d);
      case HNSW -> hnsw(d);
      case QC -> qc(d);
    };
  }

  /** Exact search. */
  static Linear linear(Distance distance) {
    return new Linear(distance);
  }

  /** A graph index with the default parameters. */
  static Hnsw hnsw(Distance distance) {
    return new Hnsw(distance, null, null, null, null, null, null);
  }

  /** A clustered index with the default parameters. */
  static Qc qc(Distance distance) {
    return new Qc(distance, null, null, null, null);
  }

  /** Exact search over every doc: the oracle of the others. */
  record Linear(Distance distance) implements IndexSpec {
    @Override
    public String algorithm() {
      return Algorithm.LINEAR.optionName();
    }

    @Override
    public Params params() {
      return Params.defaults(List.of());
    }
  }

  /**
   * A navigable graph ({@code -algo_model hnsw}).
   *
   * @param distance how scores are computed
   * @param maxNeighbors the most neighbours a node keeps (graph degree), or null for the default
   * @param efConstruction the beam width while inserting a node, or null
   * @param alpha pruning diversity (1.0 is HNSW's rule), or null
   * @param neighborOverflow how far a neighbour list may overflow before it is pruned, or null
   * @param hierarchy whether to build HNSW's upper layers, or null
   * @param refine accepted and ignored, or null: the former builder's second pass over the finished graph
   */
  record Hnsw(Distance distance, Integer maxNeighbors, Integer efConstruction, Double alpha, Double neighborOverflow,
      Boolean hierarchy, Boolean refine) implements IndexSpec {
    @Override
    public String algorithm() {
      return Algorithm.HNSW.optionName();
    }

    @Override
    public Params params() {
      Map<String, Object> given = new LinkedHashMap<>();
      put(given, HnswIndex.M, maxNeighbors);
      put(given, HnswIndex.EF_CONSTRUCTION, efConstruction);
      put(given, HnswIndex.ALPHA, alpha);
      put(given, HnswIndex.OVERFLOW, neighborOverflow);
      put(given, HnswIndex.HIERARCHY, hierarchy);
      put(given, HnswIndex.REFINE, refine);
      return Params.of(given, "hnsw", HnswIndex.BUILD_KEYS);
    }

    /** This spec with another graph degree. */
    public Hnsw withMaxNeighbors(int m) {
      return new Hnsw(distance, m, efConstruction, alpha, neighborOverflow, hierarchy, refine);
    }

    /** This spec with another insertion beam. */
    public Hnsw withEfConstruction(int ef) {
      return new Hnsw(distance, maxNeighbors, ef, alpha, neighborOverflow, hierarchy, refine);
    }

    /** This spec with another pruning diversity. */
    public Hnsw withAlpha(double a) {
      return new Hnsw(distance, maxNeighbors, efConstruction, a, neighborOverflow, hierarchy, refine);
    }

    /** This spec with another neighbour overflow. */
    public Hnsw withNeighborOverflow(double overflow) {
      return new Hnsw(distance, maxNeighbors, efConstruction, alpha, overflow, hierarchy, refine);
    }

    /** This spec with or without HNSW's upper layers. */
    public Hnsw withHierarchy(boolean h) {
      return new Hnsw(distance, maxNeighbors, efConstruction, alpha, neighborOverflow, h, refine);
    }

    /** This spec with {@code refine} set, which the builder accepts and ignores (it was the former builder's second pass). */
    public Hnsw withRefine(boolean r) {
      return new Hnsw(distance, maxNeighbors, efConstruction, alpha, neighborOverflow, hierarchy, r);
    }
  }

  /**
   * k-means clusters, each query scanning its nearest ones ({@code -algo_model qc}).
   *
   * @param distance how scores are computed
   * @param centroids the number of clusters, or null for the default (about 4 sqrt(docs), at most docs/32)
   * @param trainSample docs sampled to train k-means, or null
   * @param iterations k-means iterations, or null
   * @param seed the seed of the sample and of k-means++, or null
   */
  record Qc(Distance distance, Integer centroids, Integer trainSample, Integer iterations, Long seed) implements IndexSpec {
    @Override
    public String algorithm() {
      return Algorithm.QC.optionName();
    }

    @Override
    public Params params() {
      Map<String, Object> given = new LinkedHashMap<>();
      put(given, ClusterIndex.CENTROIDS, centroids);
      put(given, ClusterIndex.SAMPLE, trainSample);
      put(given, ClusterIndex.ITERATIONS, iterations);
      put(given, ClusterIndex.SEED, seed);
      return Params.of(given, "qc", ClusterIndex.BUILD_KEYS);
    }

    /** This spec with another number of clusters. */
    public Qc withCentroids(int n) {
      return new Qc(distance, n, trainSample, iterations, seed);
    }

    /** This spec with another training sample size. */
    public Qc withTrainSample(int n) {
      return new Qc(distance, centroids, n, iterations, seed);
    }

    /** This spec with another number of k-means iterations. */
    public Qc withIterations(int n) {
      return new Qc(distance, centroids, trainSample, n, seed);
    }

    /** This spec with another seed. */
    public Qc withSeed(long s) {
      return new Qc(distance, centroids, trainSample, iterations, s);
    }
  }

  private static void put(Map<String, Object> given, String key, Object value) {
    if (value != null) {
      given.put(key, value);
    }
  }
}
