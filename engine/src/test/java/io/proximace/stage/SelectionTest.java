package io.proximace.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.Build;
import io.proximace.ProximaException;
import io.proximace.plan.Algorithm;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Stage;
import io.proximace.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** -threshold_score, -target_recall and the run report, through the runner. */
class SelectionTest {
  @TempDir
  Path tmp;

  /** Gaussian clusters in {@code dim} dimensions, one row per line "pk,v1~v2~...". */
  static String clustered(String prefix, int n, int dim, long seed) {
    Random centres = new Random(5);
    float[][] c = new float[20][dim];
    for (float[] x : c) {
      for (int j = 0; j < dim; j++) {
        x[j] = (float) centres.nextGaussian() * 3;
      }
    }
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      float[] base = c[r.nextInt(c.length)];
      s.append(prefix).append(i).append(',');
      for (int j = 0; j < dim; j++) {
        s.append(j > 0 ? "~" : "").append(Math.round((base[j] + r.nextGaussian()) * 100) / 100f);
      }
      s.append('\n');
    }
    return s.toString();
  }

  @Test
  void aThresholdDropsExactlyTheRowsWorseThanIt() throws IOException {
    TestHome h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", clustered("d", 800, 8, 1));
    h.table("query", "pk STRING, vector STRING", "1", clustered("q", 50, 8, 2));
    for (DistanceMethod d : List.of(DistanceMethod.SQUARED_EUCLIDEAN, DistanceMethod.INNER_PRODUCT)) {
      h.run(h.builder("doc", "query", "all", 8, "10", "build:seek").distance(d).build());
      List<String> all = h.rows("all", "1");
      List<Double> scores = all.stream().map(row -> Double.parseDouble(row.split(",")[2])).sorted().toList();
      double t = scores.get(scores.size() / 2); // about half the rows pass
      h.run(h.builder("doc", "query", "cut", 8, "10", "build:seek").distance(d).thresholdScore(t).build());
      boolean smaller = d == DistanceMethod.SQUARED_EUCLIDEAN;
      List<String> expected = all.stream().filter(row -> {
        double s = Double.parseDouble(row.split(",")[2]);
        return smaller ? s <= t : s >= t;
      }).toList();
      assertTrue(expected.size() > 100 && expected.size() < all.size(), d + ": " + expected.size());
      assertEquals(expected, h.rows("cut", "1"), d.toString());
    }
  }

  @Test
  void targetRecallPicksTheSmallestEffortThatReachesIt() throws IOException {
    TestHome h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", clustered("d", 6000, 24, 3));
    h.table("query", "pk STRING, vector STRING", "1", clustered("q", 300, 24, 4));
    // a sparse graph, so that a small beam misses neighbours
    JobSpec spec = h.builder("doc", "query", "out", 24, "10", "train:build:seek:recall").algorithm(Algorithm.HNSW)
        .builderParams("{\"proxima.hnsw.builder.max_neighbor_count\":6,\"proxima.hnsw.builder.efconstruction\":16}")
        .recallSample(300).targetRecall(0.97).build();
    RunResult r = h.run(spec);
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("volumes/vol/owner1/runs/default.out/pt=1/report.json").toFile());
    JsonNode tuning = report.path("tuning");
    double chosen = tuning.path("chosen").asDouble();
    JsonNode curve = tuning.path("curve");
    assertTrue(curve.size() >= 2, "a small beam fell short first: " + curve);
    double largestMiss = 0;
    for (int i = 0; i < curve.size(); i++) {
      double effort = curve.get(i).path("effort").asDouble();
      double recall = curve.get(i).path("recall").asDouble();
      if (i > 0) {
        assertTrue(curve.get(i - 1).path("effort").asDouble() < effort, "the curve is in effort order: " + curve);
      }
      if (effort < chosen) {
        assertTrue(recall < 0.97, "every smaller effort misses the target: " + curve);
        largestMiss = effort;
      } else if (effort == chosen) {
        assertTrue(recall >= 0.97, "the chosen effort reaches it: " + curve);
      }
    }
    // the ef ladder steps by 1.5x; three bisections leave the choice within 1/16 of the largest miss (and one for rounding)
    assertTrue(largestMiss > 0 && chosen <= largestMiss * 1.0625 + 1, "chosen " + chosen + " after a miss at " + largestMiss);
    // 300 queries: the tuner tunes on 150 and holds out the other 150, on which the recall stage measures the output
    assertEquals(150, r.recallQueries());
    assertTrue(r.recall().get(10) >= 0.94, "held-out queries reach the target within sampling noise: " + r.recall());
    assertEquals("proxima.hnsw.searcher.ef", tuning.path("knob").asText());
    assertTrue(r.stageSeconds().containsKey(Stage.TUNE));
    JsonNode effort = report.path("summary").path("effort");
    assertEquals(chosen, effort.path("value").asDouble(), "the summary shows the tuned effort, not the default");
    assertEquals("-target_recall 0.97", effort.path("chosenBy").asText());
    assertEquals((long) chosen, report.path("summary").path("searcherParams").path("proxima.hnsw.searcher.ef").asLong());
  }

  @Test
  void targetRecallOutsideItsRangeOrWithoutAKnobIsAnError() {
    assertEquals("-target_recall must be in (0, 1], not 1.5", assertThrows(ProximaException.class, () -> JobSpec.builder()
        .docs(io.proximace.table.TableName.parse("d", "p"), "1").queries(io.proximace.table.TableName.parse("q", "p"), "1")
        .output(io.proximace.table.TableName.parse("o", "p"), "1").dimension(4).volume("v", "o").algorithm(Algorithm.HNSW)
        .targetRecall(1.5).build()).getMessage());
    assertEquals("-target_recall tunes an approximate search: -algo_model linear is exact already",
        assertThrows(ProximaException.class, () -> JobSpec.builder().dimension(4).volume("v", "o").algorithm(Algorithm.LINEAR)
            .targetRecall(0.9).build()).getMessage());
    assertEquals("-target_recall chooses proxima.hnsw.searcher.ef itself: leave it out of -searcher_params",
        assertThrows(ProximaException.class, () -> JobSpec.builder().dimension(4).volume("v", "o").algorithm(Algorithm.HNSW)
            .searcherParams("{\"proxima.hnsw.searcher.ef\":50}").targetRecall(0.9).build()).getMessage());
  }

  @Test
  void everyRunLeavesAReadableReport() throws IOException {
    TestHome h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    RunResult r = h.run(h.spec("doc", "query", "out", 8, "1,3", "train:build:seek:recall"));
    assertEquals("odps://default/vol/owner1/runs/default.out/pt=1/report.html", r.report());
    Path dir = tmp.resolve("volumes/vol/owner1/runs/default.out/pt=1");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertEquals("default.out/pt=1", json.path("output").asText());
    assertEquals(9, json.path("rows").path("written").asLong());
    assertEquals(10, json.path("rows").path("docs").asLong());
    assertEquals("local", json.path("plan").path("mode").asText());
    assertEquals(List.of("train", "build", "seek", "recall"), List.copyOf(iterable(json.path("stages"))));
    assertEquals(1.0, json.path("recall").path("at3").asDouble());
    assertEquals("linear", json.path("options").path("-algo_model").asText());
    assertEquals(Build.current().version(), json.path("build").path("version").asText());
    assertEquals(Build.current().commit(), json.path("build").path("commit").asText());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg") && html.contains("Recall@3"), html);
    assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"), "self-contained: nothing fetched");
  }

  private static List<String> iterable(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
