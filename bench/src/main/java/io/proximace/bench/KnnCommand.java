package io.proximace.bench;

import io.proximace.ProximaException;
import io.proximace.index.LinearIndex;
import io.proximace.kernel.Distance;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.ScalarFloatKernel;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxima-bench knn}: loads {@code .fvecs} docs and queries, builds an index, searches, checks
 * recall, and prints one JSON line with the timings.
 */
@Command(name = "knn", mixinStandardHelpOptions = true,
    description = {"Run kNN on .fvecs files and print one JSON line:",
        "{\"algo\":..,\"build_s\":..,\"search_s\":..,\"qps\":..,\"recall\":..,\"threads\":..}.",
        "Recall is against --gt when given, else against the scalar reference kernel on --gt-sample queries."})
final class KnnCommand implements Callable<Integer> {
  /** The metrics, as ann-benchmarks names them. */
  enum Metric {
    l2(Distance.SQUARED_EUCLIDEAN), ip(Distance.INNER_PRODUCT), cos(Distance.COSINE);

    final Distance distance;

    Metric(Distance distance) {
      this.distance = distance;
    }
  }

  @Option(names = "--base", required = true, description = "Docs (.fvecs).")
  Path base;

  @Option(names = "--query", required = true, description = "Queries (.fvecs).")
  Path query;

  @Option(names = "--gt", description = "Ground truth (.ivecs): the true neighbour ids of each query, best first.")
  Path gt;

  @Option(names = "--gt-out", description = "Write the ids found to this .ivecs file (exact with --algo linear).")
  Path gtOut;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--algo", defaultValue = "linear", description = "linear (default: ${DEFAULT-VALUE}).")
  String algo;

  @Option(names = "--metric", defaultValue = "l2", description = "l2, ip or cos (default: ${DEFAULT-VALUE}).")
  Metric metric;

  @Option(names = "--threads", description = "Threads (default: all cores).")
  Integer threads;

  @Option(names = "--base-limit", defaultValue = "2147483647", description = "Read at most this many docs.")
  int baseLimit;

  @Option(names = "--query-limit", defaultValue = "2147483647", description = "Read at most this many queries.")
  int queryLimit;

  @Option(names = "--repeat", defaultValue = "1",
      description = "Search this many times, one JSON line each: the first includes JIT warm-up (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--warm-up", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "Warm the kernel up while the files load, as the runner does (default: ${DEFAULT-VALUE}).")
  boolean warmUp;

  @Option(names = "--gt-sample", defaultValue = "200", description = "Without --gt: queries checked against the scalar reference (default: ${DEFAULT-VALUE}).")
  int gtSample;

  @Override
  public Integer call() throws Exception {
    int t = BenchMain.threads(threads);
    if (!algo.equals("linear")) {
      throw new ProximaException("--algo " + algo + ": supported: linear");
    }
    if (k < 1) {
      throw new ProximaException("--k must be positive");
    }
    if (warmUp) {
      Kernels.warmUp();
    }
    long heap0 = usedHeap();
    long t0 = System.nanoTime();
    BlockedVectors docs = Fvecs.readBlocked(base, baseLimit);
    FloatVectors queries = Fvecs.readRows(query, queryLimit);
    double loadSeconds = seconds(t0);
    if (queries.dim() != docs.dim()) {
      throw new ProximaException(query + " has dimension " + queries.dim() + ", " + base + " has " + docs.dim());
    }
    long t1 = System.nanoTime();
    int n = docs.size();
    LongPks pks = new LongPks();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      pks.add(i);
      order[i] = i;
    }
    LinearIndex index = new LinearIndex(docs, pks, order, metric.distance);
    double buildSeconds = seconds(t1);
    long heapMb = (usedHeap() - heap0) >> 20;

    for (int run = 1; run <= repeat; run++) {
      long t2 = System.nanoTime();
      Neighbors found = index.search(queries, k, t);
      double searchSeconds = seconds(t2);
      report(run, found, searchSeconds, loadSeconds, buildSeconds, heapMb, index, queries, t);
    }
    return 0;
  }

  private void report(int run, Neighbors found, double searchSeconds, double loadSeconds, double buildSeconds, long heapMb,
      LinearIndex index, FloatVectors queries, int t) throws Exception {
    int n = index.size();

    double recall;
    int checked;
    if (gt != null) {
      int[][] truth = Fvecs.readIds(gt, queries.size(), k);
      checked = truth.length;
      recall = recall(found, truth, k);
    } else {
      checked = Math.min(gtSample, queries.size());
      int[] sample = new int[checked];
      for (int i = 0; i < checked; i++) {
        sample[i] = (int) ((long) i * queries.size() / checked);
      }
      Neighbors ref = index.search(queries.select(sample), k, t, new ScalarFloatKernel());
      int[][] truth = new int[checked][];
      for (int i = 0; i < checked; i++) {
        truth[i] = ref.ids(i);
      }
      Neighbors mine = new Neighbors(checked, k);
      for (int i = 0; i < checked; i++) {
        int[] ids = found.ids(sample[i]);
        float[] scores = new float[ids.length];
        mine.set(i, ids, scores, 0, ids.length);
      }
      recall = recall(mine, truth, k);
    }
    if (gtOut != null && run == 1) {
      int[][] ids = new int[queries.size()][];
      for (int q = 0; q < ids.length; q++) {
        ids[q] = found.ids(q);
      }
      Fvecs.writeInts(gtOut, ids);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("algo", algo);
    line.put("metric", metric.name());
    line.put("n", n);
    line.put("nq", queries.size());
    line.put("dim", index.dim());
    line.put("k", k);
    line.put("threads", t);
    line.put("load_s", round(loadSeconds));
    line.put("build_s", round(buildSeconds));
    line.put("search_s", round(searchSeconds));
    line.put("qps", Math.round(queries.size() / searchSeconds));
    line.put("gflops", round(2.0 * n * queries.size() * index.dim() / searchSeconds / 1e9));
    line.put("recall", round(recall));
    line.put("recall_queries", checked);
    line.put("index_heap_mb", heapMb);
    line.put("doc_storage_ratio", round(index.docs().bytes() / (4.0 * n * index.dim())));
    line.put("kernel", Kernels.preferred().name());
    line.put("run", run);
    System.out.println(line.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
        .collect(Collectors.joining(",", "{", "}")));
  }

  /** Mean over queries of |found top-k ∩ true top-k| / k. */
  static double recall(Neighbors found, int[][] truth, int k) {
    double sum = 0;
    for (int q = 0; q < truth.length; q++) {
      int hit = 0;
      for (int i = 0; i < found.count(q); i++) {
        int id = found.id(q, i);
        for (int j = 0; j < k; j++) {
          if (truth[q][j] == id) {
            hit++;
            break;
          }
        }
      }
      sum += (double) hit / k;
    }
    return truth.length == 0 ? 0 : sum / truth.length;
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
