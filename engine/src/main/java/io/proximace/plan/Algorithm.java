package io.proximace.plan;

import io.proximace.ProximaException;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.LinearIndex;
import io.proximace.index.Params;
import java.util.List;
import java.util.Locale;

/** The index kind ({@code -algo_model}) and the kernel keys it accepts. */
public enum Algorithm {
  /** Exact search over every doc. */
  LINEAR(LinearIndex.ALGO, List.of(), List.of()),
  /** A navigable graph with HNSW layers, built by batched insertion. */
  HNSW(HnswIndex.ALGO, HnswIndex.BUILD_KEYS, HnswIndex.SEARCH_KEYS),
  /** k-means clusters, each query scanning its nearest ones. */
  QC(ClusterIndex.ALGO, ClusterIndex.BUILD_KEYS, ClusterIndex.SEARCH_KEYS);

  private final String optionName;
  private final List<Params.Key> buildKeys;
  private final List<Params.Key> searchKeys;

  Algorithm(String optionName, List<Params.Key> buildKeys, List<Params.Key> searchKeys) {
    this.optionName = optionName;
    this.buildKeys = buildKeys;
    this.searchKeys = searchKeys;
  }

  /** The option's spelling. */
  public String optionName() {
    return optionName;
  }

  /** {@code -builder_params} keys. */
  public List<Params.Key> buildKeys() {
    return buildKeys;
  }

  /** {@code -searcher_params} keys. */
  public List<Params.Key> searchKeys() {
    return searchKeys;
  }

  /** The searcher key that sets the search effort: hnsw's ef, qc's scan ratio; null for exact search. */
  public String effortKey() {
    return switch (this) {
      case LINEAR -> null;
      case HNSW -> HnswIndex.EF;
      case QC -> ClusterIndex.SCAN_RATIO;
    };
  }

  /** Whether the train stage has something to learn for this algorithm. */
  public boolean trains() {
    return this == QC;
  }

  /** Parses {@code -algo_model}; {@code graph} means hnsw, as in Proxima CE's tests. */
  public static Algorithm parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "linear" -> LINEAR;
      case "hnsw", "graph" -> HNSW;
      case "qc" -> QC;
      // Proxima CE's other kernels: named for what to use instead, not mapped (their recall and cost differ)
      case "ssg" -> throw new ProximaException("-algo_model ssg (a graph) is not available in proxima-ce; use hnsw, "
          + "its graph index; supported: hnsw (graph), qc (clusters), linear (exact)");
      case "hc", "gc" -> throw new ProximaException("-algo_model " + t + " (clustering) is not available in proxima-ce; "
          + "use qc, its cluster index; supported: hnsw (graph), qc (clusters), linear (exact)");
      default -> throw new ProximaException("unknown -algo_model '" + text + "': supported: hnsw (graph), qc, linear");
    };
  }
}
