package io.proximace.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.Progress;
import io.proximace.fs.AtomicFile;
import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.kernel.Distance;
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
final class RecallStage {
  private static final Logger LOG = LoggerFactory.getLogger(RecallStage.class);
  private static final long SAMPLE_SEED = 20230116L;

  private RecallStage() {}

  static void run(RunContext ctx) throws IOException {
    long t0 = System.nanoTime();
    Figures f = measure(ctx, ctx.spec.recallSample());
    if (f == null) {
      LOG.warn("recall: no queries to sample");
      return;
    }
    ctx.recall = f.byK();
    ctx.recallQueries = f.queries();
    Double seek = ctx.stageSeconds.get(Stage.SEEK);
    LOG.info("recall: {} on {} {} queries against linear search{} ({})", f.line(), f.queries(),
        ctx.sampledTruth != null ? "held-out" : "sampled",
        seek == null ? "" : String.format(Locale.ROOT, "; seek took %.2f s", seek), Runner.seconds(t0));
    RecallCheck.warnIfLow(ctx, f, "recall");
    writeReport(ctx, f.byK(), f.queries());
  }

  /** Recall@k for each k of {@code -topk}, measured on {@code queries} sampled queries. */
  record Figures(Map<Integer, Double> byK, int queries) {
    /** {@code Recall@10=0.9710 Recall@20=0.9650}, for logs. */
    String line() {
      StringJoiner line = new StringJoiner(" ");
      byK.forEach((kk, r) -> line.add(String.format(Locale.ROOT, "Recall@%d=%.4f", kk, r)));
      return line.toString();
    }
  }

  /** The exact neighbours ({@code lists}) of sampled queries ({@code ids}, positions in the query partition). */
  record Truth(int[] ids, List<List<Candidate>> lists) {}

  /**
   * Recall@k of the output partition on sampled queries against exact search: in a tuned run the queries
   * {@code -target_recall} held out (never those it tuned on, whose exact neighbours it found already), else up to
   * {@code size} sampled ones. Null when the query partition is empty.
   */
  static Figures measure(RunContext ctx, int size) throws IOException {
    JobSpec spec = ctx.spec;
    // The truth: exact search over the docs as the user gave them (unit length with NormalizeConverter;
    // neither quantized nor augmented), by the user's distance.
    Transform truthSpace = new Transform(spec.dimension(), spec.converter() == Converter.NORMALIZE, 0, 0, 0, false);
    VectorInput.Rows read = VectorInput.readRows(ctx.queryPartition(), spec, "query", ctx.queryCategories);
    FloatVectors queries = truthSpace.queries(read.vectors());
    Pks queryPks = read.pks();
    Truth known = ctx.sampledTruth;
    int[] sample = known != null ? known.ids() : sample(queries.size(), size);
    if (sample.length == 0) {
      return null;
    }
    List<long[]> categories = null;
    if (ctx.categorized()) {
      categories = Arrays.stream(sample).mapToObj(read.categories()::get).toList();
    }
    List<List<Candidate>> truth = known != null ? known.lists()
        : exactNeighbors(ctx, spec, queries.select(sample), categories, truthSpace);
    Map<String, Integer> slot = new HashMap<>();
    for (int s = 0; s < sample.length; s++) {
      slot.put(queryPks.text(sample[s]), s);
    }
    List<List<String>> got = new ArrayList<>();
    for (int s = 0; s < sample.length; s++) {
      got.add(new ArrayList<>());
    }
    Partition out = ctx.outputTable().partition(spec.outputPartition());
    try (PartitionReader rows = out.open()) {
      while (rows.next()) {
        Integer s = slot.get(rows.field(0));
        if (s != null) {
          got.get(s).add(rows.field(1));
        }
      }
    }
    Map<Integer, Double> recall = new LinkedHashMap<>();
    for (int kk : spec.topk()) {
      double r = recallAt(kk, truth, got);
      recall.put(kk, Double.isNaN(r) ? 0 : r);
    }
    return new Figures(recall, sample.length);
  }

  /**
   * Recall@k of {@code found} (each sampled query's doc pks, best first) against {@code truth}, averaged over
   * the queries that have a true neighbour; NaN when none has.
   */
  static double recallAt(int k, List<List<Candidate>> truth, List<List<String>> found) {
    double sum = 0;
    int counted = 0;
    for (double r : perQuery(k, truth, found)) {
      if (!Double.isNaN(r)) {
        sum += r;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }

  /** Each sampled query's Recall@k: the share of its true top k that {@code found} has; NaN when it has no true neighbour. */
  static double[] perQuery(int k, List<List<Candidate>> truth, List<List<String>> found) {
    double[] out = new double[truth.size()];
    for (int s = 0; s < truth.size(); s++) {
      int t = Math.min(k, truth.get(s).size());
      if (t == 0) {
        out[s] = Double.NaN;
        continue;
      }
      Set<String> want = new HashSet<>();
      for (int i = 0; i < t; i++) {
        want.add(truth.get(s).get(i).pk());
      }
      int hit = 0;
      List<String> g = found.get(s);
      for (int i = 0; i < Math.min(k, g.size()); i++) {
        if (want.contains(g.get(i))) {
          hit++;
        }
      }
      out[s] = (double) hit / t;
    }
    return out;
  }

  /** A doc found by exact search: its rank (smaller is closer) and pk. */
  record Candidate(float rank, String pk) {}

  /**
   * Each sampled query's exact top-k over the doc partition (only docs of its categories in a multi-category
   * run), streamed in blocks that fit a fraction of the heap: every block is searched with the batch kernel
   * and merged into the running lists by (score, pk), the order of one search over all docs. Results worse
   * than {@code -threshold_score} are dropped, as seek drops them.
   */
  static List<List<Candidate>> exactNeighbors(RunContext ctx, JobSpec spec, FloatVectors queries, List<long[]> categories,
      Transform space) throws IOException {
    int dim = spec.dimension();
    int k = spec.maxTopk();
    Distance distance = spec.distance().truth();
    Partition dp = ctx.docPartition();
    String where = "doc table " + dp.table().name() + ", partition pt=" + dp.value();
    int blockRows = Math.max(4096, (int) Math.min(1 << 20, (64L << 20) / (4L * dim)));
    List<RankedList> lists = new ArrayList<>();
    Map<Long, List<Integer>> wanting = new HashMap<>();
    for (int q = 0; q < queries.size(); q++) {
      lists.add(new RankedList(spec.pkType()));
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
        Neighbors found = exact.search(queries.select(ids), k, spec.threads());
        for (int s = 0; s < ids.length; s++) {
          RankedList inBlock = new RankedList(spec.pkType());
          for (int i = 0; i < found.count(s); i++) {
            inBlock.add(distance.rank(found.score(s, i)), found.score(s, i), b.pks, found.id(s, i));
          }
          RankedList merged = new RankedList(spec.pkType());
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
        Progress progress = Progress.start("exact search", "docs", ctx.plan == null ? 0 : ctx.plan.docRows())) {
      VectorInput.forEach(rows, dp.table().schema(), spec, "doc", (i, buf, ps, pe, lp, vector) -> {
        progress.add(1);
        long c = categories == null ? 0 : CategoryInput.parse(rows, ctx.docCategories, "doc", pkCol)[0];
        if (!wanting.containsKey(c)) {
          return;
        }
        System.arraycopy(vector, 0, row, 0, dim);
        space.prepare(row, 0, true);
        blocks.computeIfAbsent(c, x -> new Block(new BlockedVectors(dim), spec.pkType().newColumn())).add(buf, ps, pe, lp, row);
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
        if (spec.keeps(list.score(i))) {
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
      VectorInput.addPk(pks, buf, ps, pe, lp);
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

  private static void writeReport(RunContext ctx, Map<Integer, Double> recall, int sampled) throws IOException {
    JobSpec spec = ctx.tuned != null ? ctx.tuned : ctx.spec;
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("output", ctx.outputName());
    root.put("algo", spec.algorithm().optionName());
    root.put("distance", spec.distance().optionName());
    if (!spec.searcherParams().values().isEmpty()) {
      root.put("searcherParams", spec.searcherParams().toString());
    }
    root.put("sampledQueries", sampled);
    Double seek = ctx.stageSeconds.get(Stage.SEEK);
    if (seek != null) {
      root.put("seekSeconds", seek);
    }
    ObjectNode r = root.putObject("recall");
    recall.forEach((kk, v) -> r.put(Integer.toString(kk), v));
    String rel = spec.ownerId() + "/runs/" + spec.outputTable() + "/pt=" + spec.outputPartition() + "/recall.json";
    AtomicFile.write(ctx.indexFs, ctx.volume.odpsPath(rel), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    LOG.info("recall: wrote {}{}", ctx.volume.odpsUrl(), rel);
  }
}
