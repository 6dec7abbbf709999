package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.Params;
import io.proximace.index.VectorIndex;
import io.proximace.input.RowFormat;
import io.proximace.model.Transform;
import io.proximace.plan.IndexPlan;
import io.proximace.plan.RunPlan;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** An index loaded for searching, with the transform its queries go through: what a seek holds. */
public final class Searcher implements AutoCloseable {
  private final VectorIndex index;
  private final Transform transform;
  private final Params params;
  private final int k;

  private Searcher(VectorIndex index, Transform transform, Params params, int k) {
    this.index = index;
    this.transform = transform;
    this.params = params;
    this.k = k;
  }

  /** Loads the index at {@code dir} ({@code url} names it), refusing one built with other options than {@code plan}'s. */
  public static Searcher open(FileSystem fs, Path dir, String url, RunPlan plan) throws IOException {
    IndexManifest m = IndexStore.manifest(fs, dir);
    if (m == null) {
      throw new ProximaException("there is no index at " + url);
    }
    IndexPlan ip = plan.index();
    checkManifest(m, ip, plan.inputs().format(), url);
    Transform transform = Transform.of(ip, plan.dimension(), number(m, "int8_offset").floatValue(),
        number(m, "int8_scale").floatValue(), number(m, "mips_norm").doubleValue());
    return new Searcher(IndexStore.load(fs, dir, m, ip.distance().indexDistance(ip.algorithm())), transform, ip.searcher(),
        plan.selection().maxTopk());
  }

  public VectorIndex index() {
    return index;
  }

  /** Queries as the index sees them. */
  public FloatVectors prepare(FloatVectors queries) {
    return transform.queries(queries);
  }

  /** The {@code -topk} nearest docs of every prepared query. */
  public Neighbors search(FloatVectors prepared, int threads) {
    return index.search(prepared, k, params, threads);
  }

  /** The {@code -topk} nearest docs of every prepared query, searched with {@code searcher} parameters (tuning). */
  public Neighbors search(FloatVectors prepared, Params searcher, int threads) {
    return index.search(prepared, k, searcher, threads);
  }

  /** The score written to the output for query {@code q}'s {@code i}-th neighbour. */
  public float score(Neighbors result, int q, int i, FloatVectors prepared) {
    return transform.score(result.score(q, i), prepared.data(), q * prepared.dim());
  }

  @Override
  public void close() {
    index.close();
  }

  private static Number number(IndexManifest m, String key) {
    Object v = m.params() == null ? null : m.params().get(key);
    return v instanceof Number n ? n : 0;
  }

  /** Refuses an index whose manifest does not match this run's options. */
  static void checkManifest(IndexManifest m, IndexPlan ip, RowFormat format, String url) {
    List<String> diffs = new ArrayList<>();
    differs(diffs, "-algo_model", m.algo(), ip.algorithm().optionName());
    if (m.dimension() != format.dimension() + (ip.distance().augments(ip.algorithm()) ? 1 : 0)) {
      diffs.add("-dimension " + m.dimension() + " (this run: " + format.dimension() + ")");
    }
    differs(diffs, "-data_type", m.dataType(), format.dataType().optionName());
    differs(diffs, "-distance_method", m.distance(), ip.distance().optionName());
    differs(diffs, "-pk_type", m.pkType(), format.pkType().name().toLowerCase(Locale.ROOT));
    Map<String, Object> params = m.params() == null ? Map.of() : m.params();
    differs(diffs, "-converter", String.valueOf(params.getOrDefault("converter", "")), ip.converter().optionName());
    ip.builder().givenValues().forEach((key, value) -> {
      Object built = params.get(key);
      if (built == null || !numbersEqual(built, value)) {
        diffs.add(key + " " + built + " (this run: " + value + ")");
      }
    });
    if (!IndexManifest.readable(m.format())) {
      diffs.add("file format " + m.format() + " (this version reads 1 to " + IndexManifest.FORMAT + ")");
    }
    if (!diffs.isEmpty()) {
      throw new ProximaException("the index at " + url + " was built with " + String.join(", ", diffs)
          + ": rebuild it with -job_mode build:seek");
    }
  }

  private static void differs(List<String> diffs, String option, String built, String run) {
    if (!Objects.equals(built, run)) {
      diffs.add(option + " " + (built.isEmpty() ? "(none)" : built) + " (this run: " + (run.isEmpty() ? "(none)" : run) + ")");
    }
  }

  private static boolean numbersEqual(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }
}
