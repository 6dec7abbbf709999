package io.proximace.spark;

import io.proximace.api.IndexSpec;
import io.proximace.api.SearchParams;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.Params;
import io.proximace.plan.Algorithm;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * The runner's option values as the engine facade's types: {@code -builder_params} and {@code -searcher_params} JSON
 * (the engine's own keys, e.g. {@code proxima.hnsw.builder.max_neighbor_count}), checked by the engine's {@link Params}
 * against the algorithm's keys as the runner checks them (its messages, under the parameter's own name), to an
 * {@link IndexSpec} and {@link SearchParams}; and a row's vector column ({@code array<float>}, {@code array<double>} or an ML {@code Vector}) to floats.
 */
final class KnnSettings {
  private KnnSettings() {}

  static IndexSpec spec(String algorithm, String distance, String builderParams) {
    IndexSpec spec = IndexSpec.named(algorithm, distance);
    Params p = Params.parse(builderParams, "builderParams", Algorithm.parse(algorithm).buildKeys());
    return switch (spec) {
      case IndexSpec.Linear l -> l;
      case IndexSpec.Hnsw h -> new IndexSpec.Hnsw(h.distance(),
          p.given(HnswIndex.M) ? p.getInt(HnswIndex.M) : null,
          p.given(HnswIndex.EF_CONSTRUCTION) ? p.getInt(HnswIndex.EF_CONSTRUCTION) : null,
          p.given(HnswIndex.ALPHA) ? p.getDouble(HnswIndex.ALPHA) : null,
          p.given(HnswIndex.OVERFLOW) ? p.getDouble(HnswIndex.OVERFLOW) : null,
          p.given(HnswIndex.HIERARCHY) ? p.getBoolean(HnswIndex.HIERARCHY) : null,
          p.given(HnswIndex.REFINE) ? p.getBoolean(HnswIndex.REFINE) : null);
      case IndexSpec.Qc q -> new IndexSpec.Qc(q.distance(),
          p.given(ClusterIndex.CENTROIDS) ? p.getInt(ClusterIndex.CENTROIDS) : null,
          p.given(ClusterIndex.SAMPLE) ? p.getInt(ClusterIndex.SAMPLE) : null,
          p.given(ClusterIndex.ITERATIONS) ? p.getInt(ClusterIndex.ITERATIONS) : null,
          p.given(ClusterIndex.SEED) ? ((Number) p.givenValues().get(ClusterIndex.SEED)).longValue() : null);
    };
  }

  /** The search effort {@code searcherParams} asks for, or null: the engine's defaults. */
  static SearchParams search(String algorithm, String searcherParams) {
    Algorithm a = Algorithm.parse(algorithm);
    Params p = Params.parse(searcherParams, "searcherParams", a.searchKeys());
    return switch (a) {
      case HNSW -> p.given(HnswIndex.EF) ? new SearchParams.Hnsw(p.getInt(HnswIndex.EF)) : null;
      case QC -> p.given(ClusterIndex.SCAN_RATIO) ? new SearchParams.Qc(p.getDouble(ClusterIndex.SCAN_RATIO)) : null;
      case LINEAR -> null;
    };
  }

  /**
   * The vector in column {@code i} ({@code array<float>}, {@code array<double>} or an ML {@code Vector}) named
   * {@code column} of the row whose id is {@code id}; a null vector or element is refused naming the column and the id.
   */
  static float[] floats(Row row, int i, String column, Object id) {
    if (row.isNullAt(i)) {
      throw new IllegalArgumentException("column " + column + " is null in the row of id " + id);
    }
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
      if (!(list.get(j) instanceof Number n)) {
        throw new IllegalArgumentException("column " + column + " holds a null at element " + j
            + " in the row of id " + id);
      }
      f[j] = n.floatValue();
    }
    return f;
  }
}
