package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.Progress;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.table.CsvWriter;
import io.proximace.table.Partition;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Table;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the index from the volume, searches every query, and replaces the output partition with one
 * row per (query, neighbour), queries in input order, each query's rows by (score, doc pk).
 */
public final class SeekStage {
  private static final Logger LOG = LoggerFactory.getLogger(SeekStage.class);

  private SeekStage() {}

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.tuned != null ? ctx.tuned : ctx.spec;
    long t0 = System.nanoTime();
    int k = spec.maxTopk();
    try (Searcher searcher = Searcher.open(ctx.indexFs, ctx.indexDir, ctx.indexUrl, spec)) {
      VectorIndex index = searcher.index();
      ctx.docs = index.size();
      LOG.info("seek: loaded the {} index of {} docs from {} in {}", spec.algorithm().optionName(), index.size(),
          ctx.indexUrl, Runner.seconds(t0));

      long t1 = System.nanoTime();
      Partition qp = ctx.queryPartition();
      VectorInput.Rows queries = VectorInput.readRows(qp, spec, "query");
      PkOrder.ranks(queries.pks(), "query table " + qp.table().name() + ", partition pt=" + qp.value());
      FloatVectors space = searcher.prepare(queries.vectors());
      int nq = space.size();
      LOG.info("seek: read {} queries from {} in {}", nq, qp, Runner.seconds(t1));
      if (nq == 0) {
        LOG.warn("seek: query partition {} has no rows; the output partition will be empty", qp);
      }

      long t2 = System.nanoTime();
      Neighbors result = search(searcher, space, spec);
      double searchSeconds = (System.nanoTime() - t2) / 1e9;
      LOG.info("seek: searched {} queries x {} docs, top {}, {}{}on {} threads in {}{}", nq, index.size(), k,
          spec.algorithm().optionName(), spec.searcherParams().values().isEmpty() ? " " : " " + spec.searcherParams() + " ",
          spec.threads(), Runner.seconds(t2),
          searchSeconds < 0.05 ? "" : String.format(Locale.ROOT, " (%.0f queries/s)", nq / searchSeconds));

      long t3 = System.nanoTime();
      Table out = ctx.outputTable();
      try (PartitionWriter w = out.overwrite(spec.outputPartition())) {
        CsvWriter csv = w.csv();
        Pks docPks = index.pks();
        for (int q = 0; q < nq; q++) {
          for (int i = 0; i < result.count(q); i++) {
            float score = searcher.score(result, q, i, space);
            if (!spec.keeps(score)) {
              break; // rows come best first: the rest are worse still
            }
            writePk(csv, queries.pks(), q);
            writePk(csv, docPks, result.id(q, i));
            csv.field(score);
            csv.endRow();
          }
        }
        ctx.rowsWritten = w.rows();
        w.commit();
      }
      ctx.queries = nq;
      LOG.info("seek: wrote {} rows to {} in {}", ctx.rowsWritten, ctx.outputName(), Runner.seconds(t3));
    }
  }

  /** Queries in chunks, so that a long search shows its progress. */
  private static Neighbors search(Searcher searcher, FloatVectors space, JobSpec spec) {
    int nq = space.size();
    int chunk = Math.max(8192, nq / 50);
    if (nq <= chunk) {
      return searcher.search(space, spec.threads());
    }
    Neighbors all = new Neighbors(nq, spec.maxTopk());
    try (Progress progress = Progress.start("seek", "queries", nq)) {
      for (int from = 0; from < nq; from += chunk) {
        int n = Math.min(chunk, nq - from);
        Neighbors part = searcher.search(space.select(java.util.stream.IntStream.range(from, from + n).toArray()), spec.threads());
        for (int q = 0; q < n; q++) {
          all.put(from + q, part, q);
        }
        progress.add(n);
      }
    }
    return all;
  }

  /** An index loaded for searching, with the transform its queries go through: what a seek holds. */
  public static final class Searcher implements AutoCloseable {
    private final JobSpec spec;
    private final VectorIndex index;
    private final Transform transform;

    private Searcher(JobSpec spec, VectorIndex index, Transform transform) {
      this.spec = spec;
      this.index = index;
      this.transform = transform;
    }

    /** Loads the index at {@code dir} ({@code url} names it), refusing one built with other options. */
    public static Searcher open(FileSystem fs, Path dir, String url, JobSpec spec) throws IOException {
      IndexManifest m = IndexStore.manifest(fs, dir);
      if (m == null) {
        throw new ProximaException("there is no index at " + url);
      }
      checkManifest(m, spec, url);
      Transform transform = Transform.of(spec, number(m, "int8_offset").floatValue(), number(m, "int8_scale").floatValue(),
          number(m, "mips_norm").doubleValue());
      return new Searcher(spec, IndexStore.load(fs, dir, m, spec.distance().indexDistance(spec.algorithm())), transform);
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
      return index.search(prepared, spec.maxTopk(), spec.searcherParams(), threads);
    }

    /** The score written to the output for query {@code q}'s {@code i}-th neighbour. */
    public float score(Neighbors result, int q, int i, FloatVectors prepared) {
      return transform.score(result.score(q, i), prepared.data(), q * prepared.dim());
    }

    @Override
    public void close() {
      index.close();
    }
  }

  private static Number number(IndexManifest m, String key) {
    Object v = m.params() == null ? null : m.params().get(key);
    return v instanceof Number n ? n : 0;
  }

  /** Refuses an index whose manifest does not match this run's options. */
  static void checkManifest(IndexManifest m, JobSpec spec, String url) {
    List<String> diffs = new ArrayList<>();
    differs(diffs, "-algo_model", m.algo(), spec.algorithm().optionName());
    if (m.dimension() != spec.dimension() + (spec.distance().augments(spec.algorithm()) ? 1 : 0)) {
      diffs.add("-dimension " + m.dimension() + " (this run: " + spec.dimension() + ")");
    }
    differs(diffs, "-data_type", m.dataType(), spec.dataType().optionName());
    differs(diffs, "-distance_method", m.distance(), spec.distance().optionName());
    differs(diffs, "-pk_type", m.pkType(), spec.pkType().name().toLowerCase(Locale.ROOT));
    Map<String, Object> params = m.params() == null ? Map.of() : m.params();
    differs(diffs, "-converter", String.valueOf(params.getOrDefault("converter", "")), spec.converter().optionName());
    spec.builderParams().givenValues().forEach((key, value) -> {
      Object built = params.get(key);
      if (built == null || !numbersEqual(built, value)) {
        diffs.add(key + " " + built + " (this run: " + value + ")");
      }
    });
    if (m.format() != IndexManifest.FORMAT) {
      diffs.add("file format " + m.format() + " (this version reads " + IndexManifest.FORMAT + ")");
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

  static void writePk(CsvWriter csv, Pks pks, int i) throws IOException {
    pks.writeField(csv, i);
  }
}
