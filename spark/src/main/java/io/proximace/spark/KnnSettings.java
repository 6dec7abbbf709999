package io.proximace.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.api.IndexSpec;
import io.proximace.api.SearchParams;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * The runner's option values as the engine facade's types: {@code -builder_params} and {@code -searcher_params} JSON
 * (the engine's own keys, e.g. {@code proxima.hnsw.builder.max_neighbor_count}) to an {@link IndexSpec} and {@link
 * SearchParams}; and a row's vector column ({@code array<float>}, {@code array<double>} or an ML {@code Vector}) to floats.
 */
final class KnnSettings {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KnnSettings() {}

  static IndexSpec spec(String algorithm, String distance, String builderParams) {
    IndexSpec spec = IndexSpec.named(algorithm, distance);
    JsonNode p = json(builderParams, "builderParams");
    return switch (spec) {
      case IndexSpec.Linear l -> {
        known(p, Set.of(), "builderParams of linear");
        yield l;
      }
      case IndexSpec.Hnsw h -> {
        known(p, Set.of(HnswIndex.M, HnswIndex.EF_CONSTRUCTION, HnswIndex.ALPHA, HnswIndex.OVERFLOW, HnswIndex.HIERARCHY,
            HnswIndex.REFINE), "builderParams of hnsw");
        yield new IndexSpec.Hnsw(h.distance(), p.has(HnswIndex.M) ? p.get(HnswIndex.M).asInt() : null,
            p.has(HnswIndex.EF_CONSTRUCTION) ? p.get(HnswIndex.EF_CONSTRUCTION).asInt() : null,
            p.has(HnswIndex.ALPHA) ? p.get(HnswIndex.ALPHA).asDouble() : null,
            p.has(HnswIndex.OVERFLOW) ? p.get(HnswIndex.OVERFLOW).asDouble() : null,
            p.has(HnswIndex.HIERARCHY) ? p.get(HnswIndex.HIERARCHY).asBoolean() : null,
            p.has(HnswIndex.REFINE) ? p.get(HnswIndex.REFINE).asBoolean() : null);
      }
      case IndexSpec.Qc q -> {
        known(p, Set.of(ClusterIndex.CENTROIDS, ClusterIndex.SAMPLE, ClusterIndex.ITERATIONS, ClusterIndex.SEED), "builderParams of qc");
        yield new IndexSpec.Qc(q.distance(), p.has(ClusterIndex.CENTROIDS) ? p.get(ClusterIndex.CENTROIDS).asInt() : null,
            p.has(ClusterIndex.SAMPLE) ? p.get(ClusterIndex.SAMPLE).asInt() : null,
            p.has(ClusterIndex.ITERATIONS) ? p.get(ClusterIndex.ITERATIONS).asInt() : null,
            p.has(ClusterIndex.SEED) ? p.get(ClusterIndex.SEED).asLong() : null);
      }
    };
  }

  /** The search effort {@code searcherParams} asks for, or null: the engine's defaults. */
  static SearchParams search(String algorithm, String searcherParams) {
    JsonNode p = json(searcherParams, "searcherParams");
    if (p.isEmpty()) {
      return null;
    }
    return switch (IndexSpec.named(algorithm, "squared_euclidean")) {
      case IndexSpec.Hnsw h -> {
        known(p, Set.of(HnswIndex.EF), "searcherParams of hnsw");
        yield new SearchParams.Hnsw(p.get(HnswIndex.EF).asInt());
      }
      case IndexSpec.Qc q -> {
        known(p, Set.of(ClusterIndex.SCAN_RATIO), "searcherParams of qc");
        yield new SearchParams.Qc(p.get(ClusterIndex.SCAN_RATIO).asDouble());
      }
      default -> throw new IllegalArgumentException("searcherParams " + searcherParams + " do not apply to " + algorithm);
    };
  }

  private static JsonNode json(String text, String what) {
    if (text == null || text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(text);
      if (!n.isObject()) {
        throw new IllegalArgumentException(what + " must be a JSON object, not " + text);
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not JSON: " + text, e);
    }
  }

  private static void known(JsonNode p, Set<String> keys, String what) {
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new IllegalArgumentException("unknown key " + k + " in " + what + (keys.isEmpty() ? "" : ": expected one of " + keys));
      }
    }
  }

  /** The vector in column {@code i}: {@code array<float>}, {@code array<double>} or an ML {@code Vector}. */
  static float[] floats(Row row, int i) {
    Object v = row.get(i);
    if (v instanceof Vector ml) {
      double[] d = ml.toArray();
      float[] f = new float[d.length];
      for (int j = 0; j < d.length; j++) {
        f[j] = (float) d[j];
      }
      return f;
    }
    List<Object> list = row.getList(i);
    float[] f = new float[list.size()];
    for (int j = 0; j < f.length; j++) {
      f[j] = ((Number) list.get(j)).floatValue();
    }
    return f;
  }
}
