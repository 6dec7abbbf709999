package io.proximace.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.plan.Algorithm;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Stage;
import io.proximace.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recall you can see: the default searches reach Recall@10 0.9 on hard data, a run without the recall stage
 * measures a sample and warns when low, and -target_recall refines between its steps and confirms on held-out
 * queries. One home for the class: the two indexes of 20k x 64 standard-normal docs are built once.
 */
class RecallCheckTest {
  private static final int DIM = 64;

  @TempDir
  static Path tmp;

  private static TestHome h;
  private static RunResult qc;
  private static RunResult hnsw;

  /** Standard-normal vectors, one row per line "pk,v1~v2~...": no structure for an index to exploit. */
  static String normal(String prefix, int n, int dim, long seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(prefix).append(i).append(',');
      for (int j = 0; j < dim; j++) {
        s.append(j > 0 ? "~" : "").append(Math.round(r.nextGaussian() * 1000) / 1000f);
      }
      s.append('\n');
    }
    return s.toString();
  }

  /** Builds both indexes with every default, keeps them, and measures their output on 200 sampled queries. */
  @BeforeAll
  static void buildWithDefaults() throws IOException {
    h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", normal("d", 20_000, DIM, 1));
    h.table("query", "pk STRING, vector STRING", "1", normal("q", 400, DIM, 2));
    qc = h.run(defaults(Algorithm.QC, "out_qc", "train:build:seek:recall").cleanBuildVolume(false).recallSample(200).build());
    hnsw = h.run(defaults(Algorithm.HNSW, "out_hnsw", "build:seek:recall").cleanBuildVolume(false).recallSample(200).build());
  }

  private static JobSpec.Builder defaults(Algorithm algo, String out, String mode) {
    return h.builder("doc", "query", out, DIM, "10", mode).algorithm(algo);
  }

  @Test
  void defaultSearchesReachRecall09OnStandardNormalData() {
    // the defaults before (scan_ratio 0.02, ef max(2 topk, 64)) gave about 0.29 and 0.85 on this kind of data
    assertEquals(200, qc.recallQueries());
    assertTrue(qc.recall().get(10) >= 0.9, "qc: " + qc.recall());
    assertTrue(hnsw.recall().get(10) >= 0.9, "hnsw: " + hnsw.recall());
    assertFalse(qc.stageSeconds().containsKey(Stage.CHECK), "the recall stage measures; no check besides");
  }

  @Test
  void aRunWithoutTheRecallStageMeasuresASampleAndWarnsWithTheFigureWhenLow() throws IOException {
    for (Algorithm algo : List.of(Algorithm.QC, Algorithm.HNSW)) {
      String tiny = algo == Algorithm.QC ? "{\"proxima.qc.searcher.scan_ratio\":0.001}" : "{\"proxima.hnsw.searcher.ef\":10}";
      try (Logged log = new Logged()) {
        RunResult low = h.run(defaults(algo, "low", "seek").searcherParams(tiny).build());
        assertTrue(low.stageSeconds().containsKey(Stage.CHECK), algo + ": " + low.stageSeconds());
        assertEquals(RecallCheck.QUERIES, low.recallQueries());
        double r = low.recall().get(10);
        assertTrue(r < 0.7, algo + " searches too little to reach 0.9: " + r);
        String figure = String.format(Locale.ROOT, "%.4f", r);
        assertEquals(1, log.warnings().size(), algo + ": " + log.warnings());
        String w = log.warnings().get(0);
        assertTrue(w.startsWith("recall check: Recall@10 = " + figure + " on 32 sampled queries is below 0.9 (searching with "
            + algo.effortKey() + (algo == Algorithm.QC ? " 0.001" : " 10") + "): raise " + algo.effortKey()), w);
        JsonNode report = report("low");
        assertEquals(r, report.path("recall").path("at10").asDouble(), 1e-12);
        assertEquals("check", report.path("recall").path("measuredBy").asText());
        assertEquals(0.9, report.path("recall").path("warnBelow").asDouble());
      }
      try (Logged log = new Logged()) {
        RunResult fine = h.run(defaults(algo, "fine", "seek").build());
        double r = fine.recall().get(10);
        // 32 queries give a noisy figure: what is asserted is that a warning comes exactly when it is below 0.9
        assertEquals(r < 0.9, !log.warnings().isEmpty(), algo + " " + r + ": " + log.warnings());
        assertTrue(r >= 0.8, algo + ": " + r);
      }
    }
  }

  @Test
  void theCheckIsOffAtZeroAndForExactSearch() throws IOException {
    try (Logged log = new Logged()) {
      RunResult off = h.run(defaults(Algorithm.QC, "off", "seek").searcherParams("{\"proxima.qc.searcher.scan_ratio\":0.001}")
          .recallWarnBelow(0).build());
      assertFalse(off.stageSeconds().containsKey(Stage.CHECK));
      assertTrue(off.recall().isEmpty());
      RunResult linear = h.run(h.spec("doc", "query", "exact", DIM, "10", "build:seek"));
      assertFalse(linear.stageSeconds().containsKey(Stage.CHECK), "linear search is exact: nothing to check");
      assertEquals(List.of(), log.warnings());
    }
  }

  @Test
  void targetRecallRefinesBetweenLadderStepsAndConfirmsOnHeldOutQueries() throws IOException {
    try (Logged log = new Logged()) {
      RunResult r = h.run(defaults(Algorithm.QC, "tuned", "seek").targetRecall(0.9).build());
      JsonNode tuning = report("tuned").path("tuning");
      double chosen = tuning.path("chosen").asDouble();
      // the fixed steps around 0.9 on this data are 0.2 (about 0.8) and 0.5 (about 0.98): the choice lies between them
      assertTrue(chosen > 0.2 && chosen < 0.5, "refined between the steps: " + tuning);
      double largestMiss = 0;
      for (JsonNode p : tuning.path("curve")) {
        double effort = p.path("effort").asDouble();
        if (effort < chosen) {
          assertTrue(p.path("recall").asDouble() < 0.9, tuning.toString());
          largestMiss = effort;
        }
      }
      // qc's steps are up to 2.5x apart; three bisections leave the choice within 2.5^(1/8) = 1.121x, and 3-digit
      // rounding of the middles adds at most 1.005^(1/4 + 1/2 + 1) = 1.009x
      assertTrue(chosen <= largestMiss * 1.1214 * 1.009, "chosen " + chosen + " after a miss at " + largestMiss);
      // -recall_sample 100 of 400 queries: tuned on 100, confirmed on 100 others, and the check measures those same 100
      assertEquals(100, r.recallQueries());
      // confirmed, or a warning that the choice falls short on them beyond sampling noise
      assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("tune: on 100 held-out queries (not tuned on)")),
          log.lines().toString());
      assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("recall check: Recall@10=")
          && l.contains(" on 100 held-out queries against exact search")), log.lines().toString());
    }
  }

  @Test
  void theTunerTunesAndConfirmsOnDisjointHalvesOfTheRecallSample() {
    int[][] halves = Tuner.split(10_000, 100);
    assertEquals(100, halves[0].length);
    assertEquals(100, halves[1].length);
    int[] both = IntStream.concat(Arrays.stream(halves[0]), Arrays.stream(halves[1])).sorted().toArray();
    assertArrayEquals(RecallStage.sample(10_000, 200), both, "together: the recall stage's sample of 200, no query twice");
    assertTrue(halves[0][99] > 9000 && halves[1][99] > 9000, "both halves spread over the partition");
    assertArrayEquals(halves[1], Tuner.split(10_000, 100)[1], "the same halves every run");
    int[][] few = Tuner.split(7, 100);
    assertArrayEquals(new int[] {0, 2, 4, 6}, few[0]);
    assertArrayEquals(new int[] {1, 3, 5}, few[1]);
    assertEquals(0, Tuner.split(1, 100)[1].length, "one query: nothing to hold out");
  }

  @Test
  void theChoiceIsWithinABisectionOfTheSmallestEffortThatReaches() {
    List<Double> ratios = List.of(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0);
    for (double needed : new double[] {0.0013, 0.003, 0.042, 0.21, 0.33, 0.49, 0.7}) {
      List<Double> tried = new java.util.ArrayList<>();
      double chosen = Tuner.choose(ratios, Algorithm.QC, 0.9, e -> {
        tried.add(e);
        return e >= needed ? 0.95 : 0.5;
      });
      assertTrue(chosen >= needed && chosen <= needed * 1.1214 * 1.009, needed + " -> " + chosen + " after " + tried);
      assertTrue(tried.size() <= 10 + 3, "the ladder up to the first step that reaches, and three bisections: " + tried);
    }
    List<Double> efs = List.of(10.0, 15.0, 23.0, 35.0, 53.0, 80.0, 120.0, 180.0, 270.0, 405.0);
    for (int needed = 11; needed <= 405; needed += 7) {
      int n = needed;
      double chosen = Tuner.choose(efs, Algorithm.HNSW, 0.9, e -> e >= n ? 0.95 : 0.5);
      assertTrue(chosen >= needed && chosen <= needed * 1.0625 + 1, needed + " -> " + chosen);
    }
    assertEquals(0.001, Tuner.choose(ratios, Algorithm.QC, 0.9, e -> 1), "the first step reaches: nothing to bisect");
    assertEquals(1.0, Tuner.choose(ratios, Algorithm.QC, 0.9, e -> 0.5), "none reaches: the largest");
  }

  @Test
  void bisectionTakesTheMiddleEfOrTheGeometricMiddleRatio() {
    assertEquals(337, Tuner.between(Algorithm.HNSW, 270, 405));
    assertEquals(11, Tuner.between(Algorithm.HNSW, 10, 12));
    assertEquals(0.316, Tuner.between(Algorithm.QC, 0.2, 0.5));
    assertEquals(0.00141, Tuner.between(Algorithm.QC, 0.001, 0.002));
  }

  @Test
  void theConfirmationsNoiseIsTheStandardErrorOfThePerQueryRecalls() {
    double[] me = Tuner.meanAndError(new double[] {1, 0.8, Double.NaN, 0.9, 0.9});
    assertEquals(0.9, me[0], 1e-12);
    assertEquals(Math.sqrt(0.02 / 3 / 4), me[1], 1e-12); // sample variance 0.02/3 over 4 queries with a true neighbour
    assertArrayEquals(new double[] {0.7, 0}, Tuner.meanAndError(new double[] {0.7, 0.7, 0.7}), 1e-12);
    assertArrayEquals(new double[] {1, 0}, Tuner.meanAndError(new double[] {Double.NaN}));
  }

  private static JsonNode report(String out) throws IOException {
    return new ObjectMapper().readTree(tmp.resolve("volumes/vol/owner1/runs/default." + out + "/pt=1/report.json").toFile());
  }

  /** What the engine logs while open. */
  static final class Logged extends AppenderSkeleton implements AutoCloseable {
    private final List<LoggingEvent> events = new CopyOnWriteArrayList<>();

    Logged() {
      Logger.getLogger("io.proximace").addAppender(this);
    }

    List<String> warnings() {
      return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(LoggingEvent::getRenderedMessage).toList();
    }

    List<String> lines() {
      return events.stream().map(LoggingEvent::getRenderedMessage).toList();
    }

    @Override
    protected void append(LoggingEvent event) {
      events.add(event);
    }

    @Override
    public boolean requiresLayout() {
      return false;
    }

    @Override
    public void close() {
      Logger.getLogger("io.proximace").removeAppender(this);
    }
  }
}
