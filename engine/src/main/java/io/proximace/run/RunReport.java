package io.proximace.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.Build;
import io.proximace.fs.AtomicFile;
import io.proximace.index.Params;
import io.proximace.kernel.Kernels;
import io.proximace.plan.Algorithm;
import io.proximace.input.RowFormat;
import io.proximace.plan.Categories;
import io.proximace.plan.Converter;
import io.proximace.plan.Execution;
import io.proximace.plan.PlanCodec;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import io.proximace.stage.RecallEstimate;
import io.proximace.stage.RecallCheck;
import io.proximace.stage.Tuned;
import io.proximace.stage.Tuner;
import io.proximace.stage.Workspace;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a run did, for people: {@code report.json} and a self-contained {@code report.html} (inline CSS and
 * SVG, nothing fetched) written next to the output on the volume, {@code <owner>/runs/<project>.<table>/pt=<value>/}.
 * A summary comes first (algorithm and the parameters in effect, seek throughput, Recall@topk with its interval,
 * version and kernel, MapReduce jobs), then options, plan, row counts, stage times, Recall@k, the recall/effort curve
 * of {@code -target_recall}, and the earlier runs into the same partition.
 *
 * <p>Each run keeps its own copy in a folder named by when it finished, {@code <yyyyMMdd-HHmmss>Z-<nnn>/}, claimed by
 * creating its report.json there (so two runs in one second take two folders); report.json and report.html beside
 * those folders are the latest run's.
 */
public final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern RUN_FOLDER = Pattern.compile("\\d{8}-\\d{6}Z-\\d{3}");
  /** Earlier runs a report lists, newest first. */
  static final int HISTORY = 20;

  private RunReport() {}

  /** Writes this run's folder and the latest report.json and report.html; returns the {@code odps://} url of report.html. */
  public static String write(Workspace ws, RunPlan plan, RunResult r) throws IOException {
    Instant finished = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode root = json(ws.home().user(), plan, r, finished);
    if (VolumeCatalog.isDirect(ws.volume())) { // AccessKey mode: where the index went (never the keys)
      ((ObjectNode) root.path("options")).put("-oss_endpoint", ws.volume().ossEndpoint())
          .put("-oss_bucket", ws.volume().root().toUri().getAuthority());
    }
    String rel = plan.reportFolder();
    FileSystem fs = ws.fs();
    Path dir = ws.volume().odpsPath(rel + "report.json").getParent();
    keepUnfiled(fs, dir);
    root.set("history", history(fs, dir, root.path("options")));
    String run = claim(fs, dir, finished, root);
    byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    // the run folder's copy links to the other runs from one level down
    AtomicFile.write(fs, new Path(new Path(dir, run), "report.html"), html(root, "../").getBytes(StandardCharsets.UTF_8));
    AtomicFile.write(fs, ws.volume().odpsPath(rel + "report.json"), json);
    AtomicFile.write(fs, ws.volume().odpsPath(rel + "report.html"), html(root, "").getBytes(StandardCharsets.UTF_8));
    return ws.volume().odpsUrl() + rel + "report.html";
  }

  /**
   * Takes the first free run folder in {@code dir} for {@code finished}, {@code <time>-001} then {@code -002} ..., by
   * creating its report.json (with {@code root}, its {@code run} set to the folder's name); returns the name.
   */
  static String claim(FileSystem fs, Path dir, Instant finished, ObjectNode root) throws IOException {
    for (int seq = 1; seq < 1000; seq++) {
      String run = RUN_NAME.format(finished) + String.format(Locale.ROOT, "-%03d", seq);
      root.put("run", run);
      if (AtomicFile.createNew(fs, new Path(new Path(dir, run), "report.json"), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(root))) {
        return run;
      }
    }
    throw new IOException("no free run folder for " + RUN_NAME.format(finished) + " in " + dir);
  }

  /**
   * Files a report written before runs kept a history (a {@code report.json} beside the run folders, with no {@code run}
   * of its own) into a run folder of its own, so that the next report does not replace the only copy.
   */
  static void keepUnfiled(FileSystem fs, Path dir) throws IOException {
    byte[] bytes = AtomicFile.read(fs, new Path(dir, "report.json"));
    JsonNode old;
    try {
      old = bytes == null ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      return; // damaged: nothing to keep
    }
    if (old instanceof ObjectNode o && !o.has("run")) {
      Instant finished;
      try {
        finished = Instant.parse(o.path("finished").asText()).truncatedTo(ChronoUnit.SECONDS);
      } catch (java.time.format.DateTimeParseException e) {
        finished = Instant.ofEpochMilli(fs.getFileStatus(new Path(dir, "report.json")).getModificationTime());
      }
      String run = claim(fs, dir, finished, o);
      byte[] html = AtomicFile.read(fs, new Path(dir, "report.html"));
      if (html != null) {
        AtomicFile.write(fs, new Path(new Path(dir, run), "report.html"), html);
      }
    }
  }

  /**
   * The earlier runs in {@code dir}, newest first, at most {@link #HISTORY}: each one's folder, finish time, Recall@topk,
   * stage seconds and the options in which it differs from this run's {@code options}. A folder whose report.json
   * cannot be read (being written, or damaged) is left out.
   */
  static ArrayNode history(FileSystem fs, Path dir, JsonNode options) throws IOException {
    List<String> runs = new ArrayList<>();
    try {
      for (FileStatus st : fs.listStatus(dir)) {
        if (st.isDirectory() && RUN_FOLDER.matcher(st.getPath().getName()).matches()) {
          runs.add(st.getPath().getName());
        }
      }
    } catch (java.io.FileNotFoundException e) {
      // the first run into this partition
    }
    runs.sort(Comparator.reverseOrder());
    ArrayNode out = JSON.createArrayNode();
    for (String run : runs.subList(0, Math.min(HISTORY, runs.size()))) {
      JsonNode old;
      try {
        byte[] bytes = AtomicFile.read(fs, new Path(new Path(dir, run), "report.json"));
        old = bytes == null ? null : JSON.readTree(bytes);
      } catch (IOException e) {
        old = null;
      }
      if (old == null || !old.isObject()) {
        continue;
      }
      ObjectNode e = out.addObject().put("run", run).put("finished", old.path("finished").asText());
      JsonNode recall = old.path("summary").path("recall");
      if (recall.has("value")) {
        e.put("recallK", recall.path("k").asInt()).put("recall", recall.path("value").asDouble());
      }
      e.put("seconds", old.path("summary").path("seconds").asDouble());
      ObjectNode changed = e.putObject("changed");
      for (Iterator<Map.Entry<String, JsonNode>> it = old.path("options").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> o = it.next();
        if (!o.getValue().equals(options.path(o.getKey()))) {
          changed.put(o.getKey(), o.getValue().asText());
        }
      }
      for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!old.path("options").has(name)) {
          changed.put(name, "(not given)");
        }
      }
    }
    return out;
  }

  /**
   * What matters first: the algorithm and the parameters in effect (the tuned effort; the index's own builder
   * parameters), seek throughput, Recall@topk with its sample and 95% interval, what ran it, and the MapReduce jobs.
   */
  static ObjectNode summary(RunPlan plan, RunResult r) {
    ObjectNode s = JSON.createObjectNode();
    Algorithm algo = plan.index().algorithm();
    s.put("algorithm", algo.optionName());
    s.put("distance", plan.index().distance().optionName());
    int k = plan.selection().maxTopk();
    Params searcher = r.tuned() != null ? r.tuned().searcher() : plan.index().searcher();
    Map<String, Object> searching = new TreeMap<>(searcher.values());
    if (algo.effortKey() != null) {
      double effort = Tuner.effort(algo, searcher, k);
      Object value = effort == Math.rint(effort) && algo == Algorithm.HNSW ? (Object) (long) effort : (Object) effort;
      searching.put(algo.effortKey(), value); // hnsw's default ef follows topk: the value it came to, not "unset"
      ObjectNode e = s.putObject("effort").put("key", algo.effortKey());
      e.set("value", JSON.valueToTree(value));
      e.put("chosenBy", r.tuned() != null ? "-target_recall " + plan.selection().targetRecall()
              : searcher.given(algo.effortKey()) ? "-searcher_params" : "default");
    }
    if (r.builtWith() != null) {
      s.set("builderParams", JSON.valueToTree(new TreeMap<>(r.builtWith())));
      s.put("builderParamsFrom", plan.stages().has(Stage.BUILD) ? "this run's build" : "the index's manifest.json");
    }
    s.set("searcherParams", JSON.valueToTree(searching));
    StageRun seek = r.stages().stream().filter(x -> x.stage() == Stage.SEEK).findFirst().orElse(null);
    double seekSeconds = seek == null ? 0 : seek.resumed() ? seek.savedSeconds() : seek.seconds();
    if (seekSeconds > 0 && r.queries() > 0) {
      s.put("seekQueriesPerSecond", Math.round(r.queries() / seekSeconds));
    }
    s.put("seconds", Math.round(r.stages().stream().mapToDouble(StageRun::seconds).sum() * 1000) / 1000.0);
    RecallEstimate estimate = r.recallEstimates().get(k);
    if (r.recall().containsKey(k)) {
      ObjectNode rec = s.putObject("recall").put("k", k).put("value", r.recall().get(k)).put("queries", r.recallQueries());
      if (estimate != null && estimate.queries() > 0) {
        rec.put("low95", estimate.low()).put("high95", estimate.high());
      }
    }
    Build build = Build.current();
    s.put("version", build.version()).put("commit", build.commit()).put("java", Runtime.version().toString())
        .put("kernel", Kernels.preferred().name());
    if (!r.jobs().isEmpty()) {
      s.set("mapReduceJobs", JSON.valueToTree(r.jobs()));
    }
    return s;
  }

  static ObjectNode json(String user, RunPlan plan, RunResult r, Instant finished) {
    ObjectNode root = JSON.createObjectNode();
    root.set("summary", summary(plan, r));
    root.putNull("run"); // the run's folder, named when the report is written
    root.put("output", r.output());
    root.put("finished", finished.toString());
    root.put("user", user);
    Build build = Build.current();
    root.putObject("build").put("version", build.version()).put("commit", build.commit())
        .put("java", Runtime.version().toString());
    ObjectNode options = root.putObject("options");
    // the run's options as the runner's command line names them (partitions resolved); the whole plan follows
    RowFormat f = plan.inputs().format();
    options.put("-job_mode", plan.stages().toString());
    options.put("-doc_table", plan.inputs().docs().table().toString());
    options.put("-doc_table_partition", plan.inputs().docs().value());
    options.put("-query_table", plan.inputs().queries().table().toString());
    options.put("-query_table_partition", plan.inputs().queries().value());
    options.put("-output_table", plan.output().table().toString());
    options.put("-output_table_partition", plan.output().partition());
    options.put("-data_type", f.dataType().optionName());
    options.put("-binary_to_int", Boolean.toString(f.binaryToInt()));
    options.put("-dimension", Integer.toString(f.dimension()));
    options.put("-pk_type", f.pkType().name().toLowerCase(Locale.ROOT));
    options.put("-vector_separator", f.separator() == ' ' ? "blank" : Character.toString(f.separator()));
    options.put("-topk", Arrays.stream(plan.selection().topk()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
    options.put("-algo_model", plan.index().algorithm().optionName());
    options.put("-distance_method", plan.index().distance().optionName());
    if (plan.index().converter() != Converter.NONE) {
      options.put("-converter", plan.index().converter().optionName());
    }
    options.put("-builder_params", given(plan.index().builder()));
    options.put("-searcher_params", given(plan.index().searcher()));
    options.put("-external_volume", plan.index().volume());
    options.put("-owner_id", plan.index().owner());
    options.put("-clean_build_volume", Boolean.toString(plan.index().removeAfter()));
    options.put("-threads", Integer.toString(plan.threads()));
    options.put("-recall_sample", Integer.toString(plan.selection().recallSample()));
    options.put("-recall_warn_below", Double.toString(plan.selection().recallWarnBelow()));
    if (plan.selection().threshold() != null) {
      options.put("-threshold_score", plan.selection().threshold().toString());
    }
    if (plan.selection().targetRecall() != null) {
      options.put("-target_recall", plan.selection().targetRecall().toString());
    }
    if (plan.categorized()) {
      Categories c = plan.inputs().categories().settings();
      options.put("-category_threshold", Long.toString(c.threshold()));
      options.put("-query_multi_label", Boolean.toString(c.multiLabel()));
      options.put("-category_mismatch", c.allowMissing() ? "warn" : "error");
    }
    options.put("-resume", Boolean.toString(plan.resume()));
    Execution e = plan.execution();
    ObjectNode p = root.putObject("plan");
    p.put("mode", e.mapReduce() ? "mapreduce" : "local");
    p.put("docShards", e.columns());
    p.put("queryShards", e.rows());
    p.put("threads", e.threads());
    p.put("estimatedBytes", e.docBytes() + e.queryBytes());
    p.put("budgetBytes", e.budget());
    p.put("reason", e.reason());
    root.set("runPlan", PlanCodec.tree(plan));
    ObjectNode rows = root.putObject("rows");
    rows.put("docs", r.docs());
    rows.put("queries", r.queries());
    rows.put("written", r.rowsWritten());
    rows.put("rejected", 0); // a bad row fails the run, naming it; no row is skipped silently
    ObjectNode stages = root.putObject("stages");
    r.stages().forEach(s -> stages.put(s.stage().optionName(), s.seconds()));
    ObjectNode status = root.putObject("stageStatus");
    r.stages().forEach(s -> status.putObject(s.stage().optionName()).put("status", s.status()).put("seconds", s.seconds())
        .put("savedSeconds", s.savedSeconds()));
    if (!r.recall().isEmpty()) {
      ObjectNode rec = root.putObject("recall");
      rec.put("sampledQueries", r.recallQueries());
      rec.put("measuredBy", r.stageSeconds().containsKey(Stage.RECALL) ? "recall" : "check");
      rec.put("warnBelow", RecallCheck.threshold(plan));
      r.recall().forEach((k, v) -> rec.put("at" + k, v));
      ObjectNode intervals = rec.putObject("intervals");
      r.recallEstimates().forEach((k, est) -> {
        if (est.queries() > 0) {
          intervals.putObject("at" + k).put("queries", est.queries()).put("low95", est.low()).put("high95", est.high());
        }
      });
    }
    Tuned tuned = r.tuned();
    if (tuned != null && !tuned.curve().isEmpty()) {
      ObjectNode t = root.putObject("tuning");
      t.put("target", plan.selection().targetRecall());
      t.put("knob", plan.index().algorithm().effortKey());
      t.put("chosen", tuned.effort());
      ArrayNode curve = t.putArray("curve");
      for (Tuned.Point point : tuned.curve()) {
        curve.addObject().put("effort", point.effort()).put("recall", point.recall())
            .put("queriesPerSecond", Math.round(point.queriesPerSecond()));
      }
    }
    root.put("index", r.index());
    root.put("indexKept", r.indexKept());
    return root;
  }

  /** {@code -builder_params} or {@code -searcher_params} as given: {@code {"key":value}}, or {@code {}}. */
  private static String given(Params p) {
    return p.givenValues().entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** The page: a summary, tables, a bar chart of stage times and, when tuned, the recall curve. */
  static String html(JsonNode root, String runsFolder) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>proxima-ce run: ")
        .append(esc(root.path("output").asText())).append("</title>\n<style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}")
        .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}td.n{text-align:right}")
        .append(".ok{color:#176f2c}.low{color:#b3261e}.muted{color:#666}svg text{font:12px system-ui,sans-serif}")
        .append("</style></head><body>\n");
    h.append("<h1>proxima-ce run: ").append(esc(root.path("output").asText())).append("</h1>\n<p class=\"muted\">finished ")
        .append(esc(root.path("finished").asText())).append(" by ").append(esc(root.path("user").asText()));
    if (root.has("build") && !root.has("summary")) { // the summary says it; reports before either lack it
      h.append(", proxima-ce ").append(esc(root.path("build").path("version").asText())).append(" (commit ")
          .append(esc(root.path("build").path("commit").asText())).append(")");
    }
    h.append("</p>\n");
    summaryHtml(h, root.path("summary"));
    JsonNode plan = root.path("plan");
    JsonNode rows = root.path("rows");
    h.append("<p>").append(esc(plan.path("mode").asText()));
    if (plan.path("mode").asText().equals("mapreduce")) {
      h.append(", ").append(plan.path("docShards").asInt()).append(" doc shards x ").append(plan.path("queryShards").asInt())
          .append(" query shards");
    }
    h.append(" &middot; ").append(fmt(rows.path("docs").asLong())).append(" docs &middot; ").append(fmt(rows.path("queries").asLong()))
        .append(" queries &middot; ").append(fmt(rows.path("written").asLong())).append(" rows written &middot; ")
        .append(fmt(rows.path("rejected").asLong())).append(" rejected</p>\n<p class=\"muted\">plan: ")
        .append(esc(plan.path("reason").asText())).append("</p>\n");

    JsonNode recall = root.path("recall");
    if (!recall.isMissingNode()) {
      h.append("<h2>Recall</h2>\n<table><tr><th></th>");
      List<String> ks = new ArrayList<>(names(recall).stream().filter(n -> n.startsWith("at")).toList());
      double below = recall.path("warnBelow").asDouble();
      for (String k : ks) {
        h.append("<th>Recall@").append(esc(k.substring(2))).append("</th>");
      }
      h.append("</tr><tr><th>recall</th>");
      for (String k : ks) {
        double v = recall.get(k).asDouble();
        // the warning is about Recall@topk, the last column; a smaller k may fall short of it and be fine
        boolean low = k.equals(ks.get(ks.size() - 1)) && v < below;
        h.append("<td class=\"n ").append(low ? "low" : "ok").append("\">").append(String.format(Locale.ROOT, "%.4f", v))
            .append("</td>");
      }
      JsonNode intervals = recall.path("intervals");
      if (!intervals.isMissingNode()) { // reports written before the interval was recorded lack it
        h.append("</tr><tr><th>95% interval</th>");
        for (String k : ks) {
          h.append("<td class=\"n\">").append(interval(intervals.path(k))).append("</td>");
        }
      }
      h.append("</tr></table>\n<p class=\"muted\">on ").append(recall.path("sampledQueries").asInt())
          .append(" sampled queries against exact search").append(recall.path("measuredBy").asText().equals("check")
              ? " (the run's recall check; -job_mode ...:recall measures -recall_sample queries)" : "")
          .append("; the interval is the 95% Wilson score interval with each query one trial (a query's neighbours "
              + "are found or missed together too often to count them apart)</p>\n");
      if (below > 0 && recall.path(ks.get(ks.size() - 1)).asDouble() < below) {
        h.append("<p class=\"low\">below ").append(num(below)).append(" (-recall_warn_below): the search misses neighbours "
            + "on this data; raise the searcher's effort, or let -target_recall choose it</p>\n");
      }
    }

    h.append("<h2>Stages</h2>\n").append(stageChart(root.path("stages"), root.path("stageStatus")));

    JsonNode tuning = root.path("tuning");
    if (!tuning.isMissingNode()) {
      h.append("<h2>Tuning: ").append(esc(tuning.path("knob").asText())).append(" for Recall &ge; ")
          .append(tuning.path("target").asDouble()).append("</h2>\n").append(curveChart(tuning))
          .append("<p class=\"muted\">queries/s of each step on the tuning sample, after one untimed warm-up pass, the "
              + "fastest of three passes: a rough guide to the trade-off; the seek's own throughput is in the summary</p>\n")
          .append("<table><tr><th>effort</th><th>recall</th><th>queries/s</th></tr>");
      for (JsonNode pt : tuning.path("curve")) {
        h.append("<tr><td class=\"n\">").append(num(pt.path("effort").asDouble())).append("</td><td class=\"n\">")
            .append(String.format(Locale.ROOT, "%.4f", pt.path("recall").asDouble())).append("</td><td class=\"n\">")
            .append(fmt(pt.path("queriesPerSecond").asLong())).append("</td></tr>");
      }
      h.append("</table>\n<p>chosen: ").append(num(tuning.path("chosen").asDouble())).append("</p>\n");
    }

    h.append("<h2>Options</h2>\n<table>");
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("options").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue().asText())).append("</td></tr>");
    }
    h.append("</table>\n<p class=\"muted\">index ").append(esc(root.path("index").asText()))
        .append(root.path("indexKept").asBoolean() ? " (kept)" : " (removed after the run)").append("</p>\n");
    historyHtml(h, root.path("history"), runsFolder);
    return h.append("</body></html>\n").toString();
  }

  /** The summary as the page's first section. */
  private static void summaryHtml(StringBuilder h, JsonNode s) {
    if (s.isMissingNode()) {
      return; // reports written before the summary was recorded lack it
    }
    h.append("<h2>Summary</h2>\n<table>");
    row(h, "algorithm", esc(s.path("algorithm").asText()) + ", " + esc(s.path("distance").asText()));
    JsonNode effort = s.path("effort");
    if (!effort.isMissingNode()) {
      row(h, "effort", esc(effort.path("key").asText()) + " " + num(effort.path("value").asDouble()) + " <span class=\"muted\">("
          + esc(effort.path("chosenBy").asText()) + ")</span>");
    }
    if (s.has("builderParams")) {
      row(h, "builder params", params(s.path("builderParams")) + " <span class=\"muted\">(in effect, from "
          + esc(s.path("builderParamsFrom").asText()) + ")</span>");
    }
    row(h, "searcher params", params(s.path("searcherParams")) + " <span class=\"muted\">(in effect)</span>");
    if (s.has("seekQueriesPerSecond")) {
      row(h, "seek", fmt(s.path("seekQueriesPerSecond").asLong()) + " queries/s <span class=\"muted\">(queries over the seek "
          + "stage's seconds: reading, searching and writing)</span>");
    }
    JsonNode recall = s.path("recall");
    if (!recall.isMissingNode()) {
      row(h, "Recall@" + recall.path("k").asInt(), String.format(Locale.ROOT, "%.4f", recall.path("value").asDouble())
          + (recall.has("low95") ? " <span class=\"muted\">(95% interval " + interval(recall) + ", "
              + recall.path("queries").asInt() + " sampled queries)</span>" : ""));
    }
    row(h, "seconds", String.format(Locale.ROOT, "%.2f", s.path("seconds").asDouble()) + " <span class=\"muted\">(the stages "
        + "together)</span>");
    row(h, "built by", "proxima-ce " + esc(s.path("version").asText()) + " (commit " + esc(s.path("commit").asText())
        + "), Java " + esc(s.path("java").asText()) + ", kernel " + esc(s.path("kernel").asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("mapReduceJobs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> job = it.next();
      StringBuilder counters = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> c = job.getValue().path("counters").fields(); c.hasNext(); ) {
        Map.Entry<String, JsonNode> e = c.next();
        counters.append(counters.length() > 0 ? ", " : "").append(esc(e.getKey())).append(' ').append(fmt(e.getValue().asLong()));
      }
      row(h, esc(job.getKey()) + " job", "<code>" + esc(job.getValue().path("id").asText()) + "</code>: " + counters);
    }
    h.append("</table>\n");
  }

  /** Earlier runs into the same partition, newest first, with what differs from this one; {@code runsFolder}: their folders' parent, relative. */
  private static void historyHtml(StringBuilder h, JsonNode history, String runsFolder) {
    if (!history.isArray() || history.isEmpty()) {
      return;
    }
    h.append("<h2>Earlier runs</h2>\n<table><tr><th>run</th><th>recall</th><th>seconds</th><th>options that differ from this "
        + "run</th></tr>");
    for (JsonNode e : history) {
      StringBuilder changed = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = e.path("changed").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> c = it.next();
        changed.append(changed.length() > 0 ? ", " : "").append(esc(c.getKey())).append(' ').append(esc(c.getValue().asText()));
      }
      h.append("<tr><td><a href=\"").append(runsFolder).append(esc(e.path("run").asText())).append("/report.html\">").append(esc(e.path("run").asText()))
          .append("</a></td><td class=\"n\">").append(e.has("recall") ? String.format(Locale.ROOT, "Recall@%d %.4f",
              e.path("recallK").asInt(), e.path("recall").asDouble()) : "").append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.2f", e.path("seconds").asDouble())).append("</td><td>")
          .append(changed.length() == 0 ? "<span class=\"muted\">none</span>" : changed).append("</td></tr>");
    }
    h.append("</table>\n");
  }

  /** {@code <code>key</code> value, ...}, or "defaults"; an empty value (no converter) is left out. */
  private static String params(JsonNode p) {
    StringBuilder out = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().isEmpty()) {
        out.append(out.length() > 0 ? ", " : "").append("<code>").append(esc(e.getKey())).append("</code> ")
            .append(esc(e.getValue().asText()));
      }
    }
    return out.length() == 0 ? "defaults" : out.toString();
  }

  private static void row(StringBuilder h, String name, String html) {
    h.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>");
  }

  /** {@code [0.9521, 0.9803]} from a node's {@code low95} and {@code high95}; empty when it has none. */
  private static String interval(JsonNode n) {
    return n.has("low95") ? String.format(Locale.ROOT, "[%.4f, %.4f]", n.path("low95").asDouble(), n.path("high95").asDouble()) : "";
  }

  private static String stageChart(JsonNode stages, JsonNode status) {
    List<String> names = names(stages);
    double max = 1e-9;
    for (String n : names) {
      max = Math.max(max, stages.get(n).asDouble());
    }
    int rowH = 24;
    StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"")
        .append(rowH * names.size() + 8).append("\" role=\"img\" aria-label=\"seconds per stage\">");
    for (int i = 0; i < names.size(); i++) {
      double v = stages.get(names.get(i)).asDouble();
      int w = (int) Math.max(1, Math.round(380 * v / max));
      int y = 4 + i * rowH;
      boolean resumed = status.path(names.get(i)).path("status").asText().equals("resumed");
      s.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(esc(names.get(i))).append("</text>")
          .append("<rect x=\"80\" y=\"").append(y + 3).append("\" width=\"").append(w).append("\" height=\"16\" fill=\"#4a7ab5\"/>")
          .append("<text x=\"").append(86 + w).append("\" y=\"").append(y + 15).append("\">")
          .append(String.format(Locale.ROOT, "%.2f s", v)).append(resumed ? String.format(Locale.ROOT,
              " resumed (saved %.2f s)", status.path(names.get(i)).path("savedSeconds").asDouble()) : "").append("</text>");
    }
    return s.append("</svg>\n").toString();
  }

  private static String curveChart(JsonNode tuning) {
    List<double[]> pts = new ArrayList<>();
    for (JsonNode pt : tuning.path("curve")) {
      pts.add(new double[] {pt.path("effort").asDouble(), pt.path("recall").asDouble()});
    }
    double lo = Math.log(pts.get(0)[0]);
    double hi = Math.max(Math.log(pts.get(pts.size() - 1)[0]), lo + 1e-9);
    int w = 520;
    int hgt = 220;
    int left = 40;
    int bottom = 190;
    StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"")
        .append(hgt).append("\" role=\"img\" aria-label=\"recall against search effort\">")
        .append("<line x1=\"").append(left).append("\" y1=\"").append(bottom).append("\" x2=\"").append(w - 10).append("\" y2=\"")
        .append(bottom).append("\" stroke=\"#888\"/><line x1=\"").append(left).append("\" y1=\"10\" x2=\"").append(left)
        .append("\" y2=\"").append(bottom).append("\" stroke=\"#888\"/>");
    double target = tuning.path("target").asDouble();
    int ty = (int) Math.round(bottom - 180 * target);
    s.append("<line x1=\"").append(left).append("\" y1=\"").append(ty).append("\" x2=\"").append(w - 10).append("\" y2=\"")
        .append(ty).append("\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/><text x=\"").append(w - 90).append("\" y=\"")
        .append(ty - 4).append("\" fill=\"#c33\">target ").append(target).append("</text>")
        .append("<text x=\"4\" y=\"").append(bottom).append("\">0</text><text x=\"4\" y=\"16\">1</text>");
    StringBuilder line = new StringBuilder();
    for (double[] p : pts) {
      double x = left + (w - 60) * (pts.size() == 1 ? 0.5 : (Math.log(p[0]) - lo) / (hi - lo));
      double y = bottom - 180 * p[1];
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#4a7ab5\"/>", x, y))
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x - 8, bottom + 16, num(p[0])));
    }
    return s.append("<polyline fill=\"none\" stroke=\"#4a7ab5\" stroke-width=\"2\" points=\"").append(line.toString().trim())
        .append("\"/></svg>\n").toString();
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) >= 1 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String fmt(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
