package io.proximace.stage;

import io.proximace.Progress;
import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.StagedDirectory;
import io.proximace.index.CategorySet;
import io.proximace.index.Params;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.input.CategoryInput;
import io.proximace.input.Docs;
import io.proximace.input.VectorInput;
import io.proximace.kernel.Distance;
import io.proximace.model.Model;
import io.proximace.plan.Algorithm;
import io.proximace.plan.IndexPlan;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Selection;
import io.proximace.table.RowWriter;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Table;
import io.proximace.topk.Neighbors;
import io.proximace.topk.Ranking;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-category build and seek: one index per category (exact linear search below
 * {@code -category_threshold} docs, the run's algorithm above, built and searched on {@code -category_thread_num}
 * threads), each query searched only in its category, or in each of its categories with the results merged by
 * (score, doc pk).
 */
final class CategorySearch {
  private static final Logger LOG = LoggerFactory.getLogger(CategorySearch.class);

  private CategorySearch() {}

  /** The index a category's docs are built and searched with: linear for small categories. */
  static IndexPlan indexFor(IndexPlan index, String algo) {
    if (algo.equals(index.algorithm().optionName())) {
      return index;
    }
    return new IndexPlan(Algorithm.LINEAR, index.distance(), index.converter(), Params.defaults(Algorithm.LINEAR.buildKeys()),
        Params.defaults(Algorithm.LINEAR.searchKeys()), index.volume(), index.owner(), index.relative(), index.url(),
        index.writes(), index.removeAfter(), index.acceptStale());
  }

  static Built build(Workspace ws, RunPlan plan, Model trained) throws IOException {
    long t0 = System.nanoTime();
    Model model = trained != null ? trained : TrainStage.ensure(ws, plan);
    Partition p = ws.partition(plan.inputs().docs());
    Fingerprint fingerprint = p.fingerprint(); // before reading it
    TreeMap<Long, Docs> byCategory = new TreeMap<>();
    int pkCol = p.table().schema().indexOf("pk");
    CategoryInput.Layout layout = plan.inputs().categories().docs();
    long threshold = plan.inputs().categories().settings().threshold();
    try (PartitionReader rows = p.open(); Progress progress = Progress.about("build", "docs", plan.inputs().docs().rows())) {
      VectorInput.forEach(rows, p.table().schema(), plan.inputs().format(), "doc", (i, buf, ps, pe, lp, vector) -> {
        long c = CategoryInput.parse(rows, layout, "doc", pkCol)[0];
        byCategory.computeIfAbsent(c, k -> new Docs(plan.inputs().format(), false)).add(buf, ps, pe, lp, vector);
        progress.add(1);
      });
    }
    long docs = byCategory.values().stream().mapToLong(Docs::size).sum();
    if (docs == 0) {
      throw new ProximaException("doc table " + p.table().name() + ", partition pt=" + p.value() + " has no rows: nothing to index");
    }
    String algoName = plan.index().algorithm().optionName();
    long large = byCategory.values().stream().filter(d -> d.size() >= threshold).count();
    LOG.info("build: read {} docs in {} categories from {} in {}; {} with {} docs or more get {}, the rest linear", docs,
        byCategory.size(), p, Units.seconds(t0), large, threshold, algoName);
    Map<Long, CategorySet.Part> parts = new LinkedHashMap<>();
    try (StagedDirectory staged = StagedDirectory.create(ws.fs(), ws.indexDir())) {
      while (!byCategory.isEmpty()) {
        Map.Entry<Long, Docs> e = byCategory.pollFirstEntry(); // dropped as built: memory goes with it
        long c = e.getKey();
        String algo = e.getValue().size() >= threshold ? algoName : "linear";
        IndexPlan catIndex = indexFor(plan.index(), algo);
        String where = "doc table " + p.table().name() + ", partition " + plan.inputs().docs().column() + "=" + p.value()
            + ", category " + c;
        int threads = algo.equals(algoName) ? plan.inputs().categories().settings().threadsForLarge(plan.threads()) : plan.threads();
        try (VectorIndex index = BuildStage.index(catIndex, plan.inputs().format(), threads, model, e.getValue(), where,
            ws.indexUrl() + " category " + c)) {
          BuildStage.save(ws.fs(), CategorySet.dir(staged.path(), c), index, catIndex, plan.inputs().format(), model,
              p + " category " + c, null);
          parts.put(c, new CategorySet.Part(index.size(), algo));
        }
      }
      new CategorySet(parts, Instant.now().toString(), fingerprint).commit(staged);
    }
    LOG.info("build: wrote {} category indexes of {} docs to {} in {}", parts.size(), docs, ws.indexUrl(), Units.seconds(t0));
    return new Built(ws.indexUrl(), docs, 1, parts.size(), null);
  }

  /** One category's answers: which queries it searched, their neighbours and output scores, the docs' pks. */
  private record Found(int[] queries, Neighbors neighbors, float[] scores, Pks pks) {
    int slot(int query) {
      return Arrays.binarySearch(queries, query);
    }
  }

  static Sought seek(Workspace ws, RunPlan plan) throws IOException {
    long t0 = System.nanoTime();
    CategorySet set = CategorySet.read(ws.fs(), ws.indexDir());
    if (set == null) {
      throw new ProximaException("the index at " + ws.indexUrl() + " has no categories: rebuild it with -job_mode build:seek");
    }
    Partition qp = ws.partition(plan.inputs().queries());
    VectorInput.Rows queries = VectorInput.readRows(qp, plan.inputs().format(), "query", plan.inputs().categories().queries());
    PkOrder.ranks(queries.pks(), "query table " + qp.table().name() + ", partition " + plan.inputs().queries().column() + "="
        + qp.value());
    List<long[]> categories = queries.categories();
    Map<Long, List<Integer>> queriesOf = new TreeMap<>();
    for (int q = 0; q < categories.size(); q++) {
      for (long c : categories.get(q)) {
        queriesOf.computeIfAbsent(c, k -> new ArrayList<>()).add(q);
      }
    }
    checkSameCategories(plan, set, queriesOf);

    Selection sel = plan.selection();
    int k = sel.maxTopk();
    Map<Long, Found> found = new TreeMap<>();
    for (Map.Entry<Long, List<Integer>> e : queriesOf.entrySet()) {
      CategorySet.Part part = set.parts().get(e.getKey());
      if (part == null) {
        continue;
      }
      RunPlan catPlan = plan.with(indexFor(plan.index(), part.algo()));
      int[] ids = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      try (Searcher s = Searcher.open(ws.fs(), CategorySet.dir(ws.indexDir(), e.getKey()),
          ws.indexUrl() + " category " + e.getKey(), catPlan)) {
        FloatVectors prepared = s.prepare(queries.vectors().select(ids));
        boolean large = part.algo().equals(plan.index().algorithm().optionName());
        Neighbors n = s.search(prepared, large ? plan.inputs().categories().settings().threadsForLarge(plan.threads()) : plan.threads());
        float[] scores = new float[ids.length * k];
        for (int q = 0; q < ids.length; q++) {
          for (int i = 0; i < n.count(q); i++) {
            scores[q * k + i] = s.score(n, q, i, prepared);
          }
        }
        found.put(e.getKey(), new Found(ids, n, scores, s.index().pks()));
      }
    }
    LOG.info("seek: searched {} queries in {} categories in {}", queries.pks().size(), found.size(), Units.seconds(t0));

    long t1 = System.nanoTime();
    Distance distance = plan.index().distance().truth();
    Table outTable = ws.outputTable(plan.output());
    long rows;
    try (PartitionWriter w = outTable.overwrite(plan.output().partition())) {
      RowWriter csv = w.writer();
      List<Found> lists = new ArrayList<>();
      int[] fromList = new int[k];
      int[] fromIndex = new int[k];
      for (int q = 0; q < categories.size(); q++) {
        lists.clear();
        for (long c : categories.get(q)) {
          Found f = found.get(c);
          if (f != null) {
            lists.add(f);
          }
        }
        int[] slots = new int[lists.size()];
        int[] sizes = new int[lists.size()];
        for (int l = 0; l < lists.size(); l++) {
          slots[l] = lists.get(l).slot(q);
          sizes[l] = lists.get(l).neighbors().count(slots[l]);
        }
        // k-way merge of the query's categories, best first: a doc is in one category, so no duplicates
        int n = Ranking.merge(sizes, (a, i, b, j) -> compare(lists.get(a), slots[a], i, lists.get(b), slots[b], j, k, distance),
            k, fromList, fromIndex);
        for (int m = 0; m < n; m++) {
          Found f = lists.get(fromList[m]);
          int slot = slots[fromList[m]];
          float score = f.scores()[slot * k + fromIndex[m]];
          if (!sel.keeps(score)) {
            break;
          }
          queries.pks().writeField(csv, q);
          f.pks().writeField(csv, f.neighbors().id(slot, fromIndex[m]));
          csv.field(score);
          csv.endRow();
        }
      }
      rows = w.rows();
      w.commit();
    }
    LOG.info("seek: wrote {} rows to {} in {}", rows, plan.output(), Units.seconds(t1));
    return new Sought(plan.output().toString(), outTable.partition(plan.output().partition()).fingerprint(), set.totalDocs(),
        queries.pks().size(), rows, null);
  }

  /** Orders neighbour {@code i} of {@code a}'s query slot {@code qa} against {@code j} of {@code b}'s: output score, then pk. */
  private static int compare(Found a, int qa, int i, Found b, int qb, int j, int k, Distance distance) {
    return Ranking.compare(distance.rank(a.scores()[qa * k + i]), a.pks(), a.neighbors().id(qa, i),
        distance.rank(b.scores()[qb * k + j]), b.pks(), b.neighbors().id(qb, j));
  }

  /** Proxima CE fails when doc and query categories differ; {@code -category_mismatch warn} searches what it can. */
  private static void checkSameCategories(RunPlan plan, CategorySet set, Map<Long, List<Integer>> queriesOf) {
    TreeSet<Long> noDocs = new TreeSet<>(queriesOf.keySet());
    noDocs.removeAll(set.parts().keySet());
    TreeSet<Long> noQueries = new TreeSet<>(set.parts().keySet());
    noQueries.removeAll(queriesOf.keySet());
    if (noDocs.isEmpty() && noQueries.isEmpty()) {
      return;
    }
    String diff = (noDocs.isEmpty() ? "" : "query categories without docs: " + list(noDocs))
        + (noDocs.isEmpty() || noQueries.isEmpty() ? "" : "; ")
        + (noQueries.isEmpty() ? "" : "doc categories no query asks for: " + list(noQueries));
    if (!plan.inputs().categories().settings().allowMissing()) {
      throw new ProximaException("doc and query categories differ (" + diff + "): Proxima CE needs the same set; "
          + "-category_mismatch warn searches the categories that have docs");
    }
    LOG.warn("seek: doc and query categories differ ({}); queries of a category without docs get no rows from it", diff);
  }

  private static String list(TreeSet<Long> ids) {
    return ids.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", ")) + (ids.size() > 20 ? ", ..." : "");
  }
}
