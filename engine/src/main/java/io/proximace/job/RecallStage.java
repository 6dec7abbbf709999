package io.proximace.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An evaluation, not part of the answer: samples up to {@code -recall_sample} queries, finds their
 * exact neighbours by linear search over the doc partition, reads what seek wrote for them, and
 * reports Recall@k for every k of {@code -topk}. The figures go to the log and to
 * {@code <owner>/runs/<output table>/pt=<value>/recall.json} on the volume.
 */
final class RecallStage {
  private static final Logger LOG = LoggerFactory.getLogger(RecallStage.class);
  private static final long SAMPLE_SEED = 20230116L;

  private RecallStage() {}

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    long t0 = System.nanoTime();
    // The truth: exact search over the docs as the user gave them (unit length with NormalizeConverter;
    // neither quantized nor augmented), by the user's distance.
    Transform truthSpace = new Transform(spec.dimension(), spec.converter() == Converter.NORMALIZE, 0, 0, 0, false);
    VectorInput.Rows read = VectorInput.readRows(ctx.queryPartition(), spec, "query");
    FloatVectors queries = truthSpace.queries(read.vectors());
    Pks queryPks = read.pks();
    int[] sample = sample(queries.size(), spec.recallSample());
    if (sample.length == 0) {
      LOG.warn("recall: no queries to sample");
      return;
    }
    Partition dp = ctx.docPartition();
    String where = "doc table " + dp.table().name() + ", partition pt=" + dp.value();
    LinearIndex exact;
    Pks docPks;
    if (truthSpace.identity()) {
      VectorInput.Blocked docs = VectorInput.readBlocked(dp, spec, "doc");
      docPks = docs.pks();
      exact = new LinearIndex(docs.vectors(), docPks, PkOrder.ranks(docPks, where), spec.distance().truth());
    } else {
      VectorInput.Rows docs = VectorInput.readRows(dp, spec, "doc");
      docPks = docs.pks();
      FloatVectors rows = truthSpace.docs(docs.vectors());
      BlockedVectors blocked = new BlockedVectors(rows.dim());
      for (int i = 0; i < rows.size(); i++) {
        int d = blocked.appendRow();
        for (int j = 0; j < rows.dim(); j++) {
          blocked.chunkOf(d)[blocked.offsetOf(d) + j * BlockedVectors.BLOCK] = rows.data()[i * rows.dim() + j];
        }
      }
      exact = new LinearIndex(blocked, docPks, PkOrder.ranks(docPks, where), spec.distance().truth());
    }
    int k = spec.maxTopk();
    Neighbors truth = exact.search(queries.select(sample), k, spec.threads());

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
      double sum = 0;
      int counted = 0;
      for (int s = 0; s < sample.length; s++) {
        int t = Math.min(kk, truth.count(s));
        if (t == 0) {
          continue;
        }
        Set<String> want = new HashSet<>();
        for (int i = 0; i < t; i++) {
          want.add(docPks.text(truth.id(s, i)));
        }
        int hit = 0;
        List<String> g = got.get(s);
        for (int i = 0; i < Math.min(kk, g.size()); i++) {
          if (want.contains(g.get(i))) {
            hit++;
          }
        }
        sum += (double) hit / t;
        counted++;
      }
      recall.put(kk, counted == 0 ? 0 : sum / counted);
    }
    ctx.recall = recall;
    ctx.recallQueries = sample.length;
    StringJoiner line = new StringJoiner(" ");
    recall.forEach((kk, r) -> line.add(String.format(Locale.ROOT, "Recall@%d=%.4f", kk, r)));
    Double seek = ctx.stageSeconds.get(Stage.SEEK);
    LOG.info("recall: {} on {} sampled queries against linear search{} ({})", line, sample.length,
        seek == null ? "" : String.format(Locale.ROOT, "; seek took %.2f s", seek), Runner.seconds(t0));
    writeReport(ctx, recall, sample.length);
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
    JobSpec spec = ctx.spec;
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
    Path p = ctx.volume.odpsPath(rel);
    var fs = ctx.indexFs;
    Path tmp = new Path(p.getParent(), "_recall.json.tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(p, false);
    fs.rename(tmp, p);
    LOG.info("recall: wrote {}{}", ctx.volume.odpsUrl(), rel);
  }
}
