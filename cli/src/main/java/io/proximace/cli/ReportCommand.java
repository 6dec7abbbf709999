package io.proximace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.Units;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxima-ce report}: a run's report.json, summarized in the terminal. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Print the summary of a run's report: plan, rows, stage times, Recall@k, tuning.",
        "Every run writes report.json and report.html next to its output on the volume and prints where."})
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "report.json or report.html or their folder: an odps:// url, "
      + "/<volume>/<path> in the current project, or a local file.")
  String path;

  @Override
  public Integer call() throws IOException {
    JsonNode report;
    try {
      report = new ObjectMapper().readTree(read());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      report = null;
    }
    if (report == null || !report.isObject() || !report.has("output") || !report.has("stages")) {
      throw new ProximaException(path + " is not a run report (a run's report.json, report.html or their folder)");
    }
    print(spec.commandLine().getOut(), report);
    return 0;
  }

  private byte[] read() throws IOException {
    java.nio.file.Path local = java.nio.file.Path.of(path);
    if (!path.startsWith("odps://") && Files.isRegularFile(local)) {
      return Files.readAllBytes(local);
    }
    Home home = ProximaCeCommand.of(spec).openHome();
    Path p = VfsCommand.path(home, path);
    String name = p.getName();
    if (name.equals("report.html")) {
      p = new Path(p.getParent(), "report.json");
    } else if (!name.equals("report.json")) {
      p = new Path(p, "report.json");
    }
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), home.conf())) {
      if (!fs.exists(p)) {
        throw new ProximaException("no report at " + p + ": name a run's report.json, report.html or their folder");
      }
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    }
  }

  static void print(PrintWriter out, JsonNode r) {
    out.println("run " + r.path("output").asText() + ", finished " + r.path("finished").asText() + " by " + r.path("user").asText());
    summary(out, r.path("summary"));
    JsonNode plan = r.path("plan");
    out.println("plan: " + plan.path("mode").asText() + (plan.path("mode").asText().equals("mapreduce")
        ? ", " + plan.path("docShards").asInt() + " doc shards x " + plan.path("queryShards").asInt() + " query shards" : "")
        + " (" + plan.path("reason").asText() + ")");
    JsonNode rows = r.path("rows");
    out.printf(Locale.ROOT, "rows: %,d docs, %,d queries, %,d written, %,d rejected%n", rows.path("docs").asLong(),
        rows.path("queries").asLong(), rows.path("written").asLong(), rows.path("rejected").asLong());
    StringJoiner stages = new StringJoiner(", ");
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("stages").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      stages.add(String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue().asDouble()));
    }
    out.println("stages: " + stages);
    JsonNode recall = r.path("recall");
    if (!recall.isMissingNode()) {
      StringJoiner line = new StringJoiner(" ");
      for (Iterator<Map.Entry<String, JsonNode>> it = recall.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith("at")) {
          line.add(String.format(Locale.ROOT, "Recall@%s=%.4f", e.getKey().substring(2), e.getValue().asDouble()));
        }
      }
      out.println("recall: " + line + " (" + recall.path("sampledQueries").asInt() + " sampled queries)");
    }
    JsonNode tuning = r.path("tuning");
    if (!tuning.isMissingNode()) {
      StringJoiner curve = new StringJoiner(", ");
      for (JsonNode p : tuning.path("curve")) {
        curve.add(String.format(Locale.ROOT, "%s %.4f", num(p.path("effort").asDouble()), p.path("recall").asDouble()));
      }
      out.println("tuning: " + tuning.path("knob").asText() + " for recall >= " + tuning.path("target").asDouble() + ": " + curve
          + " -> " + num(tuning.path("chosen").asDouble()));
    }
    out.println("index: " + r.path("index").asText() + (r.path("indexKept").asBoolean() ? " (kept)" : " (removed after the run)"));
    out.flush();
  }

  /** The report's summary in a line, and a line per MapReduce job; nothing for a report written before it had one. */
  private static void summary(PrintWriter out, JsonNode s) {
    if (s.isMissingNode()) {
      return;
    }
    StringJoiner line = new StringJoiner("; ");
    JsonNode effort = s.path("effort");
    line.add(s.path("algorithm").asText() + ", " + s.path("distance").asText() + (effort.isMissingNode() ? ""
        : ", " + effort.path("key").asText() + " " + num(effort.path("value").asDouble()) + " (" + effort.path("chosenBy").asText() + ")"));
    if (s.has("seekQueriesPerSecond")) {
      line.add(String.format(Locale.ROOT, "seek %,d queries/s", s.path("seekQueriesPerSecond").asLong()));
    }
    JsonNode recall = s.path("recall");
    if (recall.has("low95")) {
      line.add(String.format(Locale.ROOT, "Recall@%d %.4f, 95%% interval [%.4f, %.4f] (%s)", recall.path("k").asInt(),
          recall.path("value").asDouble(), recall.path("low95").asDouble(), recall.path("high95").asDouble(),
          Units.count(recall.path("queries").asInt(), "sampled query", "sampled queries")));
    }
    line.add("proxima-ce " + s.path("version").asText() + " (commit " + s.path("commit").asText() + "), kernel " + s.path("kernel").asText());
    out.println("summary: " + line);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("mapReduceJobs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> job = it.next();
      StringJoiner counters = new StringJoiner(", ");
      job.getValue().path("counters").fields().forEachRemaining(c -> counters.add(String.format(Locale.ROOT, "%s %,d", c.getKey(),
          c.getValue().asLong())));
      out.println(job.getKey() + " job: " + job.getValue().path("id").asText() + ": " + counters);
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) >= 1 ? Long.toString((long) v) : Double.toString(v);
  }
}
