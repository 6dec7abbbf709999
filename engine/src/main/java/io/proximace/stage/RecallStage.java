package io.proximace.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.Progress;
import io.proximace.Units;
import io.proximace.fs.AtomicFile;
import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.input.CategoryInput;
import io.proximace.input.VectorInput;
import io.proximace.kernel.Distance;
import io.proximace.model.Transform;
import io.proximace.plan.RunPlan;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.topk.Neighbors;
import io.proximace.topk.RankedList;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An evaluation, not part of the answer: samples up to {@code -recall_sample} queries (in a tuned run, the
 * queries {@code -target_recall} held out), finds their exact neighbours by linear search over the doc
 * partition, reads what seek wrote for them, and reports Recall@k for every k of {@code -topk}. The figures
 * go to the log and to {@code <owner>/runs/<output table>/pt=<value>/recall.json} on the volume.
 */
public final class RecallStage {
  private static final Logger LOG = LoggerFactory.getLogger(RecallStage.class);
  private static final long SAMPLE_SEED = 20230116L;

  private RecallStage() {}

  /**
   * Measures the output of {@code plan} (as searched: a tuned run's plan has its chosen effort) on
   * {@code -recall_sample} sampled queries, or on {@code held}, the queries {@code -target_recall} held out; null when
   * there are no queries. {@code seekSeconds} (or null) goes to {@code recall.json} beside the figures.
   */
  public static Figures run(Workspace ws, RunPlan plan, Truth held, Double seekSeconds) throws IOException {
    long t0 = System.nanoTime();
    Figures f = measure(ws, plan, plan.selection().recallSample(), held);
    if (f == null) {
      LOG.warn("recall: no queries to sample");
      return null;
    }
    LOG.info("recall: {} on {} {} queries against linear search{} ({})", f.line(), f.queries(),
        held != null ? "held-out" : "sampled",
        seekSeconds == null ? "" : String.format(Locale.ROOT, "; seek took %.2f s", seekSeconds), Units.seconds(t0));
    RecallCheck.warnIfLow(plan, f, "recall");
    writeReport(ws, plan, f, seekSeconds);
    return f;
  }

  /**
   * Recall@k for each k of {@code -topk}, measured on {@code queries} sampled queries, and for each k its estimate
   * with the queries it averages and its interval.
   */
  public record Figures(Map<Integer, Double> byK, int queries, Map<Integer, RecallEstimate> estimates) {
    /** {@code Recall@10=0.9710 Recall@20=0.9650}, for logs. */
    String line() {
      StringJoiner line = new StringJoiner(" ");
      byK.forEach((kk, r) -> line.add(String.format(Locale.ROOT, "Recall@%d=%.4f", kk, r)));
      return line.toString();
    }
  }

  /**
   * Sampled queries ({@code ids}, positions in the query partition) and their exact neighbours ({@code lists}; null
   * when not measured yet, as after a resumed tune).
   */
  public record Truth(int[] ids, List<List<Candidate>> lists) {}

  /**
   * Recall@k of the output partition on sampled queries against exact search: in a tuned run the queries
   * {@code -target_recall} held out (never those it tuned on, whose exact neighbours it found already), else up to
   * {@code size} sampled ones. Null when the query partition is empty.
   */
  static Figures measure(Workspace ws, RunPlan plan, int size, Truth known) throws IOException {
    // The truth: exact search over the docs as the user gave them, by the user's distance.
    Transform truthSpace = Transform.truth(plan.index(), plan.dimension());
    VectorInput.Rows read = VectorInput.readRows(ws.partition(plan.inputs().queries()), plan.inputs().format(), "query",
        plan.categorized() ? plan.inputs().categories().queries() : null);
    FloatVectors queries = truthSpace.queries(read.vectors());
    Pks queryPks = read.pks();
    int[] sample = known != null ? known.ids() : sample(queries.size(), size);
    if (sample.length == 0) {
      return null;
    }
    List<long[]> categories = null;
    if (plan.categorized()) {
      categories = Arrays.stream(sample).mapToObj(read.categories()::get).toList();
    }
    List<List<Candidate>> truth = known != null && known.lists() != null ? known.lists()
        : exactNeighbors(ws, plan, queries.select(sample), categories, truthSpace);
    Map<String, Integer> slot = new HashMap<>();
    for (int s = 0; s < sample.length; s++) {
      slot.put(queryPks.text(sample[s]), s);
    }
    List<List<String>> got = new ArrayList<>();
    for (int s = 0; s < sample.length; s++) {
      got.add(new ArrayList<>());
    }
    Partition out = ws.outputTable(plan.output()).partition(plan.output().partition());
    try (PartitionReader rows = out.open()) {
      while (rows.next()) {
        Integer s = slot.get(rows.field(0));
        if (s != null) {
          got.get(s).add(rows.field(1));
        }
      }
    }
    Map<Integer, Double> recall = new LinkedHashMap<>();
    Map<Integer, RecallEstimate> estimates = new LinkedHashMap<>();
    for (int kk : plan.selection().topk()) {
      RecallEstimate e = estimate(kk, truth, got);
      recall.put(kk, e.queries() == 0 ? 0 : e.value());
      estimates.put(kk, e);
    }
    return new Figures(recall, sample.length, estimates);
  }

  /**
   * Recall@k of {@code found} (each sampled query's doc pks, best first) against {@code truth}, averaged over
   * the queries that have a true neighbour; NaN when none has.
   */
  static double recallAt(int k, List<List<Candidate>> truth, List<List<String>> found) {
    RecallEstimate e = estimate(k, truth, found);
    return e.queries() == 0 ? Double.NaN : e.value();
  }

  /** Recall@k of {@code found} against {@code truth} with the queries it averages (those with a true neighbour). */
  static RecallEstimate estimate(int k, List<List<Candidate>> truth, List<List<String>> found) {
    double sum = 0;
    int counted = 0;
    for (double r : perQuery(k, truth, found)) {
      if (!Double.isNaN(r)) {
        sum += r;
        counted++;
      }
    }
    return new RecallEstimate(counted == 0 ? 0 : sum / counted, counted);
  }

  /** Each sampled query's Recall@k: the share of its true top k that {@code found} has; NaN when it has no true neighbour. */
  static double[] perQuery(int k, List<List<Candidate>> truth, List<List<String>> found) {
    double[] out = new double[truth.size()];
    for (int s = 0; s < truth.size(); s++) {
      out[s] = shareOf(k, truth.get(s), found.get(s));
    }
    return out;
  }

  /** One query's true top-k neighbours in the first k of {@code found}, as a share of its true top k; NaN without any. */
  private static double shareOf(int k, List<Candidate> truth, List<String> found) {
    int t = Math.min(k, truth.size());
    Set<String> want = new HashSet<>();
    for (int i = 0; i < t; i++) {
      want.add(truth.get(i).pk());
    }
    int hit = 0;
    for (int i = 0; i < Math.min(k, found.size()); i++) {
      if (want.remove(found.get(i))) { // a pk listed twice is one neighbour
        hit++;
      }
    }
    return t == 0 ? Double.NaN : (double) hit / t;
  }

  /** A doc found by exact search: its rank (smaller is closer) and pk. */
  record Candidate(float rank, String pk) {}

  /**
   * Each sampled query's exact top-k over the doc partition (only docs of its categories in a multi-category
   * run), streamed in blocks that fit a fraction of the heap: every block is searched with the batch kernel
   * and merged into the running lists by (score, pk), the order of one search over all docs. Results worse
   * than {@code -threshold_score} are dropped, as seek drops them.
   */
  static List<List<Candidate>> exactNeighbors(Workspace ws, RunPlan plan, FloatVectors queries, List<long[]> categories,
      Transform space) throws IOException {
    int dim = plan.dimension();
    int k = plan.selection().maxTopk();
    int threads = plan.threads();
    Distance distance = plan.index().distance().truth();
    Partition dp = ws.partition(plan.inputs().docs());
    String where = "doc table " + dp.table().name() + ", partition " + plan.inputs().docs().column() + "=" + dp.value();
    int blockRows = Math.max(4096, (int) Math.min(1 << 20, (64L << 20) / (4L * dim)));
    List<RankedList> lists = new ArrayList<>();
    Map<Long, List<Integer>> wanting = new HashMap<>();
    for (int q = 0; q < queries.size(); q++) {
      lists.add(new RankedList(plan.inputs().format().pkType()));
      for (long c : categories == null ? new long[] {0} : categories.get(q)) {
        wanting.computeIfAbsent(c, x -> new ArrayList<>()).add(q);
      }
    }
    Map<Long, Block> blocks = new HashMap<>();
    int[] buffered = {0};
    Runnable flush = () -> {
      for (Map.Entry<Long, Block> e : blocks.entrySet()) {
        Block b = e.getValue();
        int[] ids = wanting.get(e.getKey()).stream().mapToInt(Integer::intValue).toArray();
        LinearIndex exact = new LinearIndex(b.vectors, b.pks, PkOrder.ranks(b.pks, where), distance);
        Neighbors found = exact.search(queries.select(ids), k, threads);
        for (int s = 0; s < ids.length; s++) {
          RankedList inBlock = new RankedList(plan.inputs().format().pkType());
          for (int i = 0; i < found.count(s); i++) {
            inBlock.add(distance.rank(found.score(s, i)), found.score(s, i), b.pks, found.id(s, i));
          }
          RankedList merged = new RankedList(plan.inputs().format().pkType());
          merged.merge(List.of(lists.get(ids[s]), inBlock), k);
          lists.set(ids[s], merged);
        }
      }
      blocks.clear();
      buffered[0] = 0;
    };
    float[] row = new float[dim];
    int pkCol = dp.table().schema().indexOf("pk");
    try (PartitionReader rows = dp.open();
        Progress progress = Progress.about("exact search", "docs", plan.inputs().docs().rows())) {
      VectorInput.forEach(rows, dp.table().schema(), plan.inputs().format(), "doc", (i, buf, ps, pe, lp, vector) -> {
        progress.add(1);
        long c = categories == null ? 0 : CategoryInput.parse(rows, plan.inputs().categories().docs(), "doc", pkCol)[0];
        if (!wanting.containsKey(c)) {
          return;
        }
        System.arraycopy(vector, 0, row, 0, dim);
        space.prepare(row, 0, true);
        blocks.computeIfAbsent(c, x -> new Block(new BlockedVectors(dim), plan.inputs().format().pkType().newColumn()))
            .add(buf, ps, pe, lp, row);
        if (++buffered[0] == blockRows) {
          flush.run();
        }
      });
    }
    flush.run();
    List<List<Candidate>> out = new ArrayList<>();
    for (RankedList list : lists) {
      List<Candidate> kept = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (plan.selection().keeps(list.score(i))) {
          kept.add(new Candidate(list.rank(i), list.keys().text(i)));
        }
      }
      out.add(kept);
    }
    return out;
  }

  /** Docs of one category buffered for the next exact search. */
  private record Block(BlockedVectors vectors, Pks pks) {
    void add(byte[] buf, int ps, int pe, long lp, float[] row) {
      pks.addParsed(buf, ps, pe, lp);
      vectors.appendRow(row, 0);
    }
  }

  /** Up to {@code max} query positions, the same for the same partition size. */
  static int[] sample(int n, int max) {
    if (n <= max) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    Random r = new Random(SAMPLE_SEED);
    Set<Integer> picked = new HashSet<>();
    while (picked.size() < max) {
      picked.add(r.nextInt(n));
    }
    return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private static void writeReport(Workspace ws, RunPlan plan, Figures f, Double seekSeconds) throws IOException {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("output", plan.output().toString());
    root.put("algo", plan.index().algorithm().optionName());
    root.put("distance", plan.index().distance().optionName());
    if (!plan.index().searcher().values().isEmpty()) {
      root.put("searcherParams", plan.index().searcher().toString());
    }
    root.put("sampledQueries", f.queries());
    if (seekSeconds != null) {
      root.put("seekSeconds", seekSeconds);
    }
    ObjectNode r = root.putObject("recall");
    f.byK().forEach((kk, v) -> r.put(Integer.toString(kk), v));
    String rel = plan.reportFolder() + "recall.json";
    AtomicFile.write(ws.fs(), ws.volume().odpsPath(rel), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    LOG.info("recall: wrote {}{}", ws.volume().odpsUrl(), rel);
  }
}
