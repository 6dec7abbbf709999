package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.Build;
import io.proximace.kernel.Kernels;
import io.proximace.plan.Algorithm;
import io.proximace.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report's summary, its recall interval, and the history of runs into one partition, through the runner. */
class ReportSummaryTest {
  @TempDir
  Path tmp;

  @Test
  void theSummaryComesFirstWithWhatTheRunUsed() throws IOException {
    TestHome h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    RunResult r = h.run(h.spec("doc", "query", "out", 8, "1,3", "train:build:seek:recall"));
    JsonNode report = json(runs("out").resolve("report.json"));
    assertEquals("summary", report.fieldNames().next(), "the summary leads");
    JsonNode s = report.path("summary");
    assertEquals("linear", s.path("algorithm").asText());
    assertEquals("squared_euclidean", s.path("distance").asText());
    assertFalse(s.has("effort"), "exact search has no effort to tune");
    assertEquals("this run's build", s.path("builderParamsFrom").asText());
    double seek = report.path("stages").path("seek").asDouble();
    assertEquals(Math.round(3 / seek), s.path("seekQueriesPerSecond").asLong());
    assertEquals(Build.current().version(), s.path("version").asText());
    assertEquals(Build.current().commit(), s.path("commit").asText());
    assertEquals(Kernels.preferred().name(), s.path("kernel").asText());
    assertFalse(s.has("mapReduceJobs"), "a local run has none");
    // exact search finds all 3 neighbours of each of the 3 queries: Recall 1 on 3 queries, Wilson 95% low end 3 / (3 + z^2)
    JsonNode recall = s.path("recall");
    assertEquals(3, recall.path("k").asInt());
    assertEquals(1.0, recall.path("value").asDouble());
    assertEquals(3, recall.path("queries").asInt());
    assertEquals(0.438503, recall.path("low95").asDouble(), 1e-6);
    assertEquals(1.0, recall.path("high95").asDouble());
    JsonNode at1 = report.path("recall").path("intervals").path("at1");
    assertEquals(3, at1.path("queries").asInt());
    assertEquals(new RecallEstimate(1, 3).low(), at1.path("low95").asDouble());
    assertEquals(new RecallEstimate(1, 3), r.recallEstimates().get(3));
    String html = Files.readString(runs("out").resolve("report.html"));
    assertTrue(html.indexOf("<h2>Summary</h2>") < html.indexOf("<h2>Recall</h2>"), "the summary is the first section");
    assertTrue(html.contains("95% interval [0.4385, 1.0000], 3 sampled queries"), html);
  }

  @Test
  void aSeekOnlyRunShowsTheIndexsOwnBuildParameters() throws IOException {
    TestHome h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    h.run(h.builder("doc", "query", "out", 8, "3", "build:seek").algorithm(Algorithm.HNSW)
        .builderParams("{\"proxima.hnsw.builder.max_neighbor_count\":6}").cleanBuildVolume(false).build());
    h.run(h.builder("doc", "query", "out", 8, "3", "seek").algorithm(Algorithm.HNSW)
        .searcherParams("{\"proxima.hnsw.searcher.ef\":50}").build());
    JsonNode report = json(runs("out").resolve("report.json"));
    assertEquals("{}", report.path("options").path("-builder_params").asText(), "the seek-only run gave none");
    JsonNode s = report.path("summary");
    assertEquals("the index's manifest.json", s.path("builderParamsFrom").asText());
    assertEquals(6, s.path("builderParams").path("proxima.hnsw.builder.max_neighbor_count").asInt());
    assertTrue(s.path("builderParams").has("proxima.hnsw.builder.efconstruction"), "defaults included: " + s);
    assertEquals("proxima.hnsw.searcher.ef", s.path("effort").path("key").asText());
    assertEquals(50, s.path("effort").path("value").asDouble());
    assertEquals("-searcher_params", s.path("effort").path("chosenBy").asText());
    assertEquals(50, s.path("searcherParams").path("proxima.hnsw.searcher.ef").asInt());
  }

  @Test
  void runsKeepAHistoryAndTheLatestStaysInPlace() throws IOException {
    TestHome h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    h.run(h.spec("doc", "query", "out", 8, "1,3", "train:build:seek:recall"));
    RunResult second = h.run(h.spec("doc", "query", "out", 8, "2", "train:build:seek:recall"));
    assertEquals("odps://default/vol/owner1/runs/default.out/pt=1/report.html", second.report());
    List<Path> folders;
    try (Stream<Path> list = Files.list(runs("out"))) {
      folders = list.filter(Files::isDirectory).sorted().toList();
    }
    assertEquals(2, folders.size(), "one folder per run: " + folders);
    JsonNode first = json(folders.get(0).resolve("report.json"));
    JsonNode last = json(folders.get(1).resolve("report.json"));
    assertEquals("1,3", first.path("options").path("-topk").asText());
    assertEquals("2", last.path("options").path("-topk").asText());
    assertEquals(folders.get(1).getFileName().toString(), last.path("run").asText());
    assertEquals(last, json(runs("out").resolve("report.json")), "the latest is the second run");
    // each copy links to the first run's report where it lies
    String firstRun = folders.get(0).getFileName().toString();
    assertTrue(Files.readString(runs("out").resolve("report.html")).contains("<a href=\"" + firstRun + "/report.html\">"));
    assertTrue(Files.readString(folders.get(1).resolve("report.html")).contains("<a href=\"../" + firstRun + "/report.html\">"));
    assertTrue(Files.exists(runs("out").resolve(firstRun + "/report.html")));
    JsonNode history = last.path("history");
    assertEquals(1, history.size());
    assertEquals(first.path("run").asText(), history.get(0).path("run").asText());
    assertEquals(1.0, history.get(0).path("recall").asDouble());
    assertEquals("1,3", history.get(0).path("changed").path("-topk").asText());
    assertEquals(1, history.get(0).path("changed").size(), "only -topk differs: " + history);
    assertEquals(0, first.path("history").size());
    assertTrue(Files.readString(runs("out").resolve("report.html")).contains("<h2>Earlier runs</h2>"));
  }

  private Path runs(String out) {
    return tmp.resolve("volumes/vol/owner1/runs/default." + out + "/pt=1");
  }

  private static JsonNode json(Path p) throws IOException {
    return new ObjectMapper().readTree(p.toFile());
  }
}
