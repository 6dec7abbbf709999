package io.proximace.bench;

import io.proximace.ProximaException;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.LinearIndex;
import io.proximace.index.Params;
import io.proximace.index.VectorIndex;
import io.proximace.kernel.Distance;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.ScalarFloatKernel;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxima-bench knn}: loads {@code .fvecs} docs and queries, builds an index, searches (once, or
 * once per swept searcher value), checks recall, and prints one JSON line per search.
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
    description = {"Run kNN on .fvecs files and print one JSON line per search.",
        "Recall is against --gt when given, else against exact search (the scalar reference kernel on "
            + "--gt-sample queries for --algo linear; the SIMD linear index on every query otherwise)."},
    footer = {"", "A line:",
        "  {\"algo\":..,\"build_s\":..,\"search_s\":..,\"qps\":..,\"recall\":..,\"threads\":..}",
        "Build keys, for example:",
        "  --builder-params '{\"proxima.hnsw.builder.max_neighbor_count\":16}'"})
final class KnnCommand implements Callable<Integer> {
  /** The metrics, as ann-benchmarks names them. */
  enum Metric {
    l2(Distance.SQUARED_EUCLIDEAN), ip(Distance.INNER_PRODUCT), cos(Distance.COSINE);

    final Distance distance;

    Metric(Distance distance) {
      this.distance = distance;
    }
  }

  @Option(names = "--base", required = true, paramLabel = "FILE", description = "Docs (.fvecs).")
  Path base;

  @Option(names = "--query", required = true, paramLabel = "FILE", description = "Queries (.fvecs).")
  Path query;

  @Option(names = "--gt", paramLabel = "FILE", description = "Ground truth (.ivecs): the true neighbour ids of each query, best first.")
  Path gt;

  @Option(names = "--gt-out", paramLabel = "FILE", description = "Write the ids found by the first search to this .ivecs file (exact with --algo linear).")
  Path gtOut;

  @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--algo", paramLabel = "ALGO", defaultValue = "linear", description = "linear, hnsw or qc (default: ${DEFAULT-VALUE}).")
  String algo;

  @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "l2", description = "l2, ip or cos (default: ${DEFAULT-VALUE}).")
  Metric metric;

  @Option(names = "--builder-params", paramLabel = "JSON", description = "JSON of builder keys, as the runner's -builder_params.")
  String builderParams;

  @Option(names = "--searcher-params", paramLabel = "JSON", description = "JSON of searcher keys, as the runner's "
      + "-searcher_params; given more than once, each is searched (with each --sweep value), on the same index.")
  List<String> searcherParams = new ArrayList<>();

  @Option(names = "--sweep", paramLabel = "KEY=V,V...", description = "Search once per value of a searcher key: ef=10,20,40 (hnsw), scan_ratio=0.01,0.02 (qc), or a full key name.")
  String sweep;

  @Option(names = "--threads", paramLabel = "N", description = "Build threads, and search threads for linear (default: all cores).")
  Integer threads;

  @Option(names = "--search-threads", paramLabel = "N", description = "Search threads (default: --threads).")
  Integer searchThreads;

  // the names before bench took one option style; scripts written for them keep working
  @Option(names = "--builder_params", hidden = true)
  void builderParamsOldName(String json) {
    builderParams = json;
  }

  @Option(names = "--searcher_params", hidden = true)
  void searcherParamsOldName(String json) {
    searcherParams.add(json);
  }

  @Option(names = "--search_threads", hidden = true)
  void searchThreadsOldName(int n) {
    searchThreads = n;
  }

  @Option(names = "--base-limit", paramLabel = "N", defaultValue = "2147483647", description = "Read at most this many docs.")
  int baseLimit;

  @Option(names = "--query-limit", paramLabel = "N", defaultValue = "2147483647", description = "Read at most this many queries.")
  int queryLimit;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
      description = "Run each search this many times, one JSON line each: the first includes JIT warm-up (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--warm-up", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "Warm the kernel up while the files load, as the runner does (default: ${DEFAULT-VALUE}).")
  boolean warmUp;

  @Option(names = "--reload", defaultValue = "false",
      description = "Save the built index to a temporary folder and search the index loaded from it, as the runner's seek "
          + "does, and report the memory it holds while searching: its heap, and the pages of files it maps that the "
          + "searches touched (mem_bytes_per_vector).")
  boolean reload;

  @Option(names = "--gt-sample", paramLabel = "N", defaultValue = "200",
      description = "Without --gt, for --algo linear: queries checked against the scalar reference (default: ${DEFAULT-VALUE}).")
  int gtSample;

  @Override
  public Integer call() throws Exception {
    int buildThreads = BenchMain.threads(threads);
    int searchWith = BenchMain.threads(searchThreads == null ? buildThreads : searchThreads);
    if (k < 1) {
      throw new ProximaException("--k must be positive");
    }
    List<Params.Key> buildKeys;
    List<Params.Key> searchKeys;
    switch (algo) {
      case "linear" -> {
        buildKeys = List.of();
        searchKeys = List.of();
      }
      case "hnsw", "graph" -> {
        buildKeys = HnswIndex.BUILD_KEYS;
        searchKeys = HnswIndex.SEARCH_KEYS;
      }
      case "qc" -> {
        buildKeys = ClusterIndex.BUILD_KEYS;
        searchKeys = ClusterIndex.SEARCH_KEYS;
      }
      default -> throw new ProximaException("--algo " + algo + ": supported: linear, hnsw, qc");
    }
    Params build = Params.parse(builderParams, "--builder_params", buildKeys);
    List<Params> searches = new ArrayList<>();
    for (String json : searcherParams.isEmpty() ? java.util.Collections.<String>singletonList(null) : searcherParams) {
      searches.addAll(sweeps(Params.parse(json, "--searcher_params", searchKeys), searchKeys));
    }
    if (warmUp) {
      Kernels.warmUp();
    }

    long heap0 = usedHeap();
    long t0 = System.nanoTime();
    FloatVectors queries = Fvecs.readRows(query, queryLimit);
    BlockedVectors blocked = null;
    FloatVectors rows = null;
    if (algo.equals("linear")) {
      blocked = Fvecs.readBlocked(base, baseLimit);
    } else {
      rows = Fvecs.readRows(base, baseLimit);
    }
    double loadSeconds = seconds(t0);
    int n = blocked != null ? blocked.size() : rows.size();
    int dim = blocked != null ? blocked.dim() : rows.dim();
    if (queries.dim() != dim) {
      throw new ProximaException(query + " has dimension " + queries.dim() + ", " + base + " has " + dim);
    }
    LongPks pks = new LongPks();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      pks.add(i);
      order[i] = i;
    }
    long t1 = System.nanoTime();
    VectorIndex index = switch (algo) {
      case "linear" -> new LinearIndex(blocked, pks, order, metric.distance);
      case "qc" -> ClusterIndex.build(rows, ClusterIndex.train(rows, n, build, buildThreads), pks, order, metric.distance,
          build, buildThreads);
      default -> HnswIndex.build(rows, pks, order, metric.distance, build, buildThreads);
    };
    double buildSeconds = seconds(t1);
    rows = null;
    long heapMb = (usedHeap() - heap0) >> 20;
    long searchHeap = -1;
    if (reload) {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("proxima-knn-");
      FileSystem fs = FileSystem.getLocal(new Configuration());
      org.apache.hadoop.fs.Path at = new org.apache.hadoop.fs.Path(dir.resolve("index").toUri());
      IndexManifest m = IndexStore.save(fs, at, index, new IndexManifest(1, algo, "float", metric.distance.optionName(), dim, n,
          "int64", "proxima-bench knn", "now", Map.of(), Map.of(), null));
      index.close();
      index = null;
      long before = usedHeap();
      index = IndexStore.load(fs, at, m, metric.distance);
      searchHeap = usedHeap() - before;
      fs.delete(new org.apache.hadoop.fs.Path(dir.toUri()), true);
    }

    int[][] truth = truth(index, queries, blocked, pks, order, searchWith);
    boolean first = true;
    // round by round over all the settings, so that each setting's best of --repeat meets the same warm JIT and
    // the same background load as the others', side by side
    for (int run = 1; run <= repeat; run++) {
      for (Params p : searches) {
        long t2 = System.nanoTime();
        Neighbors found = index.search(queries, k, p, searchWith);
        double searchSeconds = seconds(t2);
        if (first && gtOut != null) {
          int[][] ids = new int[queries.size()][];
          for (int q = 0; q < ids.length; q++) {
            ids[q] = found.ids(q);
          }
          Fvecs.writeInts(gtOut, ids);
        }
        first = false;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("algo", algo);
        line.put("metric", metric.name());
        line.put("n", n);
        line.put("nq", queries.size());
        line.put("dim", dim);
        line.put("k", k);
        line.put("threads", buildThreads);
        line.put("search_threads", searchWith);
        if (!build.values().isEmpty()) {
          line.put("builder_params", build.toString());
        }
        if (!p.values().isEmpty()) {
          line.put("searcher_params", p.toString());
        }
        line.put("load_s", round(loadSeconds));
        line.put("build_s", round(buildSeconds));
        line.put("search_s", round(searchSeconds));
        line.put("qps", Math.round(queries.size() / searchSeconds));
        if (algo.equals("linear")) {
          line.put("gflops", round(2.0 * n * queries.size() * dim / searchSeconds / 1e9));
        }
        line.put("recall", round(recall(found, truth, k, algo.equals("linear") && gt == null ? sample(queries.size()) : null)));
        line.put("recall_queries", truth.length);
        if (index instanceof ClusterIndex c) {
          line.put("clusters", c.clusters());
        }
        line.put("index_heap_mb", heapMb);
        if (searchHeap >= 0) {
          long mapped = MappedPages.residentBytes("proxima-rows-");
          line.put("search_heap_bytes_per_vector", round((double) searchHeap / n));
          line.put("mapped_resident_bytes_per_vector", round((double) mapped / n));
          line.put("mem_bytes_per_vector", round((double) (searchHeap + mapped) / n));
        }
        if (blocked != null) {
          line.put("doc_storage_ratio", round(blocked.bytes() / (4.0 * n * dim)));
        }
        line.put("kernel", Kernels.preferred().name());
        line.put("run", run);
        System.out.println(line.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof String s ? json(s) : e.getValue()))
            .collect(Collectors.joining(",", "{", "}")));
      }
    }
    index.close();
    return 0;
  }

  /** The searcher params of each run: the given ones with each --sweep value, or just the given ones. */
  private List<Params> sweeps(Params search, List<Params.Key> keys) {
    if (sweep == null) {
      return List.of(search);
    }
    int eq = sweep.indexOf('=');
    if (eq < 0) {
      throw new ProximaException("--sweep needs KEY=V1,V2,..., e.g. ef=10,20,40");
    }
    String name = sweep.substring(0, eq).trim();
    Params.Key key = keys.stream().filter(kk -> kk.name().equals(name) || kk.name().endsWith("." + name)).findFirst()
        .orElseThrow(() -> new ProximaException("--sweep: " + name + " is not a searcher key of --algo " + algo + "; keys: "
            + keys.stream().map(Params.Key::name).collect(Collectors.joining(", "))));
    List<Params> out = new ArrayList<>();
    for (String v : sweep.substring(eq + 1).split(",")) {
      // the swept key on top of --searcher-params
      java.util.Map<String, Object> given = new java.util.TreeMap<>(search.givenValues());
      given.putAll(Params.parse("{\"" + key.name() + "\":" + v.trim() + "}", "--sweep", keys).givenValues());
      out.add(Params.of(given, "--sweep", keys));
    }
    return out;
  }

  /** The true neighbours: from --gt, else exact search (scalar reference on a sample for linear). */
  private int[][] truth(VectorIndex index, FloatVectors queries, BlockedVectors blocked, LongPks pks, int[] order,
      int searchWith) throws Exception {
    if (gt != null) {
      return Fvecs.readIds(gt, queries.size(), k);
    }
    Neighbors ref;
    if (index instanceof LinearIndex linear) {
      ref = linear.search(queries.select(sample(queries.size())), k, searchWith, new ScalarFloatKernel());
    } else {
      BlockedVectors all = Fvecs.readBlocked(base, baseLimit);
      ref = new LinearIndex(all, pks, order, metric.distance).search(queries, k, searchWith);
    }
    int[][] truth = new int[ref.queries()][];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = ref.ids(i);
    }
    return truth;
  }

  private int[] sample(int nq) {
    int checked = Math.min(gtSample, nq);
    int[] sample = new int[checked];
    for (int i = 0; i < checked; i++) {
      sample[i] = (int) ((long) i * nq / checked);
    }
    return sample;
  }

  /** Mean over queries of |found top-k ∩ true top-k| / k; {@code rows} maps truth row to query (null: same). */
  static double recall(Neighbors found, int[][] truth, int k, int[] rows) {
    double sum = 0;
    for (int t = 0; t < truth.length; t++) {
      int q = rows == null ? t : rows[t];
      int hit = 0;
      int want = Math.min(k, truth[t].length);
      for (int i = 0; i < found.count(q); i++) {
        int id = found.id(q, i);
        for (int j = 0; j < want; j++) {
          if (truth[t][j] == id) {
            hit++;
            break;
          }
        }
      }
      sum += want == 0 ? 1 : (double) hit / want;
    }
    return truth.length == 0 ? 0 : sum / truth.length;
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4f", v));
  }
}
