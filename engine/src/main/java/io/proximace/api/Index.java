package io.proximace.api;

import io.proximace.ProximaException;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.LinearIndex;
import io.proximace.index.Params;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.kernel.Distance;
import io.proximace.plan.Algorithm;
import io.proximace.plan.DistanceMethod;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.DataType;
import io.proximace.vector.LongPks;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A vector index for Java programs: built from vectors and {@code long} ids ({@link #build}), searched
 * ({@link #search}), saved to and loaded from a folder on any Hadoop file system ({@link #save}, {@link #load}) in
 * the runner's own index format. Results are the engine's: exact scores, best first, ties by id, the same for
 * any search thread count (an hnsw build on several cores, as the runner's, may differ slightly from one build to the
 * next). Copies made by {@link #withThreads} share the index: closing one closes them all.
 */
public final class Index implements AutoCloseable {
  private static final String INT64 = PkType.INT64.name().toLowerCase(Locale.ROOT);
  private final VectorIndex index;
  private final LongPks ids;
  private final Algorithm algorithm;
  private final IndexManifest description;
  private final int threads;

  private Index(VectorIndex index, Algorithm algorithm, IndexManifest description, int threads) {
    this.index = index;
    this.ids = (LongPks) index.pks();
    this.algorithm = algorithm;
    this.description = description;
    this.threads = threads;
  }

  /** Builds the index {@code spec} asks for over {@code vectors} (one row each, all the same length) keyed by unique {@code ids}. */
  public static Index build(IndexSpec spec, float[][] vectors, long[] ids) {
    return build(spec, vectors, ids, Runtime.getRuntime().availableProcessors());
  }

  /**
   * As {@link #build(IndexSpec, float[][], long[])}, on {@code threads} threads: on one, an hnsw build gives the same
   * graph every time (linear and qc builds are the same on any number).
   */
  public static Index build(IndexSpec spec, float[][] vectors, long[] ids, int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    if (vectors.length == 0) {
      throw new IllegalArgumentException("no vectors to index");
    }
    int dim = vectors[0].length;
    float[] flat = new float[Math.multiplyExact(vectors.length, dim)];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dim) {
        throw new IllegalArgumentException("vector " + i + " has " + vectors[i].length + " components, vector 0 has " + dim);
      }
      System.arraycopy(vectors[i], 0, flat, i * dim, dim);
    }
    return buildOwned(spec, flat, dim, ids, threads);
  }

  /** Builds the index {@code spec} asks for over row-major {@code vectors} of {@code dimension} (copied) keyed by unique {@code ids}. */
  public static Index build(IndexSpec spec, float[] vectors, int dimension, long[] ids) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive: " + dimension);
    }
    if (vectors.length != (long) ids.length * dimension) {
      throw new IllegalArgumentException(vectors.length + " floats are not " + ids.length + " vectors of dimension " + dimension);
    }
    return buildOwned(spec, vectors.clone(), dimension, ids, Runtime.getRuntime().availableProcessors());
  }

  private static Index buildOwned(IndexSpec spec, float[] flat, int dim, long[] keys, int threads) {
    int n = flat.length / dim;
    if (n == 0) {
      throw new IllegalArgumentException("no vectors to index");
    }
    if (keys.length != n) {
      throw new IllegalArgumentException(n + " vectors but " + keys.length + " ids");
    }
    finite(flat, dim, "vector");
    Params params = spec.params();
    LongPks pks = new LongPks();
    for (long k : keys) {
      pks.add(k);
    }
    int[] order = PkOrder.ranks(pks, "ids", i -> "ids[" + i + "]");
    FloatVectors docs = FloatVectors.wrap(flat, dim);
    Distance d = spec.distance();
    VectorIndex index = switch (spec) {
      case IndexSpec.Linear l -> new LinearIndex(BlockedVectors.of(docs), pks, order, d);
      case IndexSpec.Hnsw h -> HnswIndex.build(docs, pks, order, d, params, threads);
      case IndexSpec.Qc q -> ClusterIndex.build(docs, ClusterIndex.train(docs, n, params, threads), pks, order, d, params, threads);
    };
    IndexManifest description = new IndexManifest(IndexManifest.FORMAT, spec.algorithm(), DataType.FLOAT.optionName(),
        d.optionName(), dim, n, INT64, "io.proximace.api", Instant.now().toString(), params.values(), Map.of(), null);
    return new Index(index, Algorithm.parse(spec.algorithm()), description, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Loads the index saved in {@code dir} (by {@link #save}, or by the runner for a float index with
   * {@code -pk_type int64} and no converter), checking every file's size and checksum.
   */
  public static Index load(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    IndexManifest m = IndexStore.manifest(fs, dir);
    if (m == null) {
      throw new ProximaException("there is no index at " + dir);
    }
    Map<String, Object> params = m.params() == null ? Map.of() : m.params();
    String converter = String.valueOf(params.getOrDefault("converter", ""));
    if (!m.dataType().equals(DataType.FLOAT.optionName()) || !m.pkType().equals(INT64) || !converter.isEmpty()
        || params.containsKey("mips_norm") || params.containsKey("int8_scale")) {
      throw new ProximaException("the index at " + dir + " (-data_type " + m.dataType() + ", -pk_type " + m.pkType()
          + (converter.isEmpty() ? "" : ", -converter " + converter) + ", -distance_method " + m.distance()
          + ") needs the runner: Index reads float indexes with int64 ids and no converter");
    }
    if (!IndexManifest.readable(m.format())) {
      throw new ProximaException("the index at " + dir + " has file format " + m.format() + "; this version reads 1 to " + IndexManifest.FORMAT);
    }
    Algorithm algo = Algorithm.parse(m.algo());
    // as the runner's seek does: linear search of mips_squared_euclidean is plain inner product
    VectorIndex index = IndexStore.load(fs, dir, m, DistanceMethod.parse(m.distance()).indexDistance(algo));
    return new Index(index, algo, m, Runtime.getRuntime().availableProcessors());
  }

  /** Saves the index to {@code dir} (replacing any index there), in the runner's index format, with its manifest. */
  public void save(Path dir, Configuration conf) throws IOException {
    IndexStore.save(dir.getFileSystem(conf), dir, index, description);
  }

  /** This index, searching on {@code n} threads (all processors by default). */
  public Index withThreads(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("threads must be positive: " + n);
    }
    return new Index(index, algorithm, description, n);
  }

  /** The {@code k} nearest docs of {@code query}, with the algorithm's default search effort. */
  public Hits search(float[] query, int k) {
    return search(new float[][] {query}, k, null).getFirst();
  }

  /** The {@code k} nearest docs of {@code query}, searched with {@code params} (null: the defaults). */
  public Hits search(float[] query, int k, SearchParams params) {
    return search(new float[][] {query}, k, params).getFirst();
  }

  /** The {@code k} nearest docs of each query, in query order, with the default search effort. */
  public List<Hits> search(float[][] queries, int k) {
    return search(queries, k, null);
  }

  /** The {@code k} nearest docs of each query, in query order, searched with {@code params} (null: the defaults). */
  public List<Hits> search(float[][] queries, int k, SearchParams params) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    int dim = index.dim();
    float[] flat = new float[Math.multiplyExact(queries.length, dim)];
    for (int q = 0; q < queries.length; q++) {
      if (queries[q].length != dim) {
        throw new IllegalArgumentException("query " + q + " has " + queries[q].length + " components; the index has dimension " + dim);
      }
      System.arraycopy(queries[q], 0, flat, q * dim, dim);
    }
    finite(flat, dim, "query");
    Neighbors found = index.search(FloatVectors.wrap(flat, dim), k, searcherParams(params), threads);
    List<Hits> out = new ArrayList<>(queries.length);
    for (int q = 0; q < queries.length; q++) {
      int n = found.count(q);
      long[] keys = new long[n];
      float[] scores = new float[n];
      for (int i = 0; i < n; i++) {
        keys[i] = ids.get(found.id(q, i));
        scores[i] = found.score(q, i);
      }
      out.add(new Hits(keys, scores));
    }
    return out;
  }

  private Params searcherParams(SearchParams p) {
    return switch (p) {
      case null -> Params.defaults(algorithm.searchKeys());
      case SearchParams.Hnsw h when algorithm == Algorithm.HNSW -> Params.of(Map.of(HnswIndex.EF, h.ef()), "hnsw search", HnswIndex.SEARCH_KEYS);
      case SearchParams.Qc q when algorithm == Algorithm.QC ->
          Params.of(Map.of(ClusterIndex.SCAN_RATIO, q.scanRatio()), "qc search", ClusterIndex.SEARCH_KEYS);
      default -> throw new IllegalArgumentException(p + " does not apply to a " + algorithm.optionName() + " index");
    };
  }

  /** Refuses NaN and infinite components: they have no place in the (score, id) order. */
  private static void finite(float[] v, int dim, String what) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(what + " " + i / dim + " component " + i % dim + " is " + v[i]);
      }
    }
  }

  /** The algorithm's name: {@code linear}, {@code hnsw} or {@code qc}. */
  public String algorithm() {
    return algorithm.optionName();
  }

  /** How scores are computed. */
  public Distance distance() {
    return index.distance();
  }

  /** The builder keys the index was built with, defaults included, as its manifest records them (whole numbers as Long). */
  public Map<String, Object> buildParams() {
    return Params.restore(description.builderParams(algorithm.buildKeys()), Map.of()).values();
  }

  /** Number of docs. */
  public int size() {
    return index.size();
  }

  /** Vector dimension. */
  public int dimension() {
    return index.dim();
  }

  /** Releases what the index holds for searching. */
  @Override
  public void close() {
    index.close();
  }
}
