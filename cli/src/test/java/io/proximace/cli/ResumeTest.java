package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume: a run killed with {@code kill -9} at the start of each stage, then the same command again. The second run
 * reuses exactly the stages the first finished, its output equals an uninterrupted run's row for row, and it leaves no
 * journal. A changed input, a changed option or {@code -resume false} redo what depends on them.
 */
class ResumeTest {
  private static final Pattern STAGE = Pattern.compile("(\\w+) [0-9.]+ s( \\(resumed\\))?");

  @TempDir
  Path tmp;
  Path home;
  Cli cli;

  @BeforeEach
  void setUp() throws IOException {
    home = tmp.resolve("home");
    cli = new Cli(home);
    Files.writeString(tmp.resolve("docs.csv"), rows("d", 3000, 1));
    Files.writeString(tmp.resolve("q.csv"), rows("q", 120, 2));
    Files.writeString(tmp.resolve("q2.csv"), rows("r", 90, 3));
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("docs.csv").toString());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("q.csv").toString());
    ok("vfs", "-create", "vol", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
  }

  /** {@code n} rows of 8 pseudo-random components in a few clusters, the same for the same seed. */
  private static String rows(String prefix, int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(5);
      b.append(prefix).append(i).append(',');
      for (int j = 0; j < 8; j++) {
        b.append(j > 0 ? "~" : "").append(String.format(java.util.Locale.ROOT, "%.4f", c * 3 + r.nextGaussian()));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  /**
   * qc with every stage the runner has: train, build, tune (-target_recall), seek, recall; {@code changes} are
   * option-value pairs that replace the base's (picocli starts a new option group when an option repeats).
   */
  private static String[] run(String... changes) {
    String[] base = {"run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query", "-query_table_partition",
        "1", "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "8", "-topk", "5", "-algo_model", "qc",
        "-builder_params", "{\"proxima.qc.builder.centroid_count\":16}", "-target_recall", "0.9", "-recall_sample", "20",
        "-external_volume", "vol", "-owner_id", "me", "-job_mode", "train:build:seek:recall", "-threads", "2"};
    List<String> args = new ArrayList<>(Arrays.asList(base));
    for (int i = 0; i < changes.length; i += 2) {
      int at = args.indexOf(changes[i]);
      if (at < 0) {
        args.addAll(List.of(changes[i], changes[i + 1]));
      } else {
        args.set(at + 1, changes[i + 1]);
      }
    }
    return args.toArray(String[]::new);
  }

  private void killAt(String pause, String... args) throws Exception {
    String[] all = Stream.concat(Stream.of("--home", home.toString()), Stream.of(args)).toArray(String[]::new);
    ChildJvm child = ChildJvm.start(Main.class, pause, null, all);
    child.awaitPause(Duration.ofMinutes(2));
    child.kill();
  }

  /** The stages of a run's summary line, each with " (resumed)" when it was. */
  private static List<String> stages(String summary) {
    String line = summary.lines().filter(l -> l.startsWith("OK: ")).findFirst().orElseThrow(() -> new AssertionError(summary));
    List<String> out = new ArrayList<>();
    Matcher m = STAGE.matcher(line.substring(line.indexOf(';') + 1));
    while (m.find()) {
      out.add(m.group(1) + (m.group(2) == null ? "" : " (resumed)"));
    }
    return out;
  }

  private String output() {
    return ok("table", "show", "out", "pt=1", "--format", "csv");
  }

  private boolean journalLeft() throws IOException {
    try (Stream<Path> s = Files.walk(tmp.resolve("vol"))) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".journal.json"));
    }
  }

  @Test
  void aRunKilledAtEachStageResumesWhatFinishedAndWritesTheSameRows() throws Exception {
    List<String> fresh = stages(ok(run()));
    assertEquals(List.of("train", "build", "tune", "seek", "recall"), fresh);
    String expected = output();
    assertTrue(expected.lines().count() > 500, expected.lines().count() + " rows");
    List<String> order = List.of("train", "build", "tune", "seek", "recall");
    for (int killed = 1; killed < order.size(); killed++) {
      String at = order.get(killed);
      ok("table", "drop", "out");
      killAt("stage." + at, run());
      assertTrue(journalLeft(), at + ": the killed run journaled what it finished");
      List<String> again = stages(ok(run()));
      List<String> want = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        want.add(order.get(i) + (i < killed ? " (resumed)" : ""));
      }
      assertEquals(want, again, "killed at the start of " + at);
      assertEquals(expected, output(), "killed at the start of " + at + ": the same rows as an uninterrupted run");
      assertFalse(journalLeft(), at + ": a finished run leaves no journal");
    }
  }

  @Test
  void changedQueriesRedoTuneAndSeekButReuseTheIndex() throws Exception {
    killAt("stage.seek", run());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("q2.csv").toString());
    assertEquals(List.of("train (resumed)", "build (resumed)", "tune", "seek", "recall"), stages(ok(run())));
    String resumed = output();
    ok("table", "drop", "out");
    ok(run("-resume", "false"));
    assertEquals(resumed, output(), "the same rows as a fresh run on the new queries");
    assertTrue(resumed.contains("r89,"), "the new queries' rows");
  }

  @Test
  void aChangedOptionRedoesWhatDependsOnItAndResumeFalseRedoesAll() throws Exception {
    killAt("stage.recall", run());
    // -topk changes the selection: the index stays valid, tune and seek do not
    assertEquals(List.of("train (resumed)", "build (resumed)", "tune", "seek", "recall"), stages(ok(run("-topk", "4"))));
    killAt("stage.recall", run());
    // a builder parameter changes what train learns (the centroids) and the index: everything runs again
    assertEquals(List.of("train", "build", "tune", "seek", "recall"),
        stages(ok(run("-builder_params", "{\"proxima.qc.builder.centroid_count\":12}"))));
    killAt("stage.seek", run());
    assertEquals(List.of("train", "build", "tune", "seek", "recall"), stages(ok(run("-resume", "false"))));
    assertFalse(journalLeft());
  }

  @Test
  void aMapReduceRunKilledBeforeItsSeekReusesItsShards() throws Exception {
    // -target_recall runs in one JVM: this run has no tune stage
    List<String> args = new ArrayList<>(Arrays.asList(run("-mode", "mapreduce", "-column_num", "2", "-row_num", "2")));
    args.subList(args.indexOf("-target_recall"), args.indexOf("-target_recall") + 2).clear();
    String[] cmd = args.toArray(String[]::new);
    assertTrue(ok(cmd).contains("ran as MapReduce: 2 doc shards x 2 query shards"));
    String expected = output();
    ok("table", "drop", "out");
    killAt("stage.seek", cmd);
    assertEquals(List.of("train (resumed)", "build (resumed)", "seek", "recall"), stages(ok(cmd)));
    assertEquals(expected, output(), "the same rows as an uninterrupted MapReduce run");
  }

  @Test
  void aMapReduceBuildKilledAfterItsFirstShardBuildsOnlyTheOthers() throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(run("-mode", "mapreduce", "-column_num", "2", "-row_num", "2",
        "-clean_build_volume", "false")));
    args.subList(args.indexOf("-target_recall"), args.indexOf("-target_recall") + 2).clear();
    String[] cmd = args.toArray(String[]::new);
    ok(cmd);
    String expected = output();
    ok("table", "drop", "out");
    Path index = tmp.resolve("vol/me/indexes/default.doc/pt=1");
    killAt("shard.built", cmd); // LocalJobRunner builds the shards one after the other: one is written, the other not
    Path partial = index.resolve("qc.partial");
    List<String> kept = new ArrayList<>();
    for (String shard : List.of("shard-00000", "shard-00001")) {
      if (Files.exists(partial.resolve(shard + "/manifest.json"))) {
        kept.add(shard);
      }
    }
    assertEquals(1, kept.size(), "one shard finished before the kill: " + kept);
    String first = Files.readString(partial.resolve(kept.get(0) + "/manifest.json"));
    assertEquals(List.of("train (resumed)", "build", "seek", "recall"), stages(ok(cmd)));
    assertEquals(first, Files.readString(index.resolve("qc/" + kept.get(0) + "/manifest.json")),
        "the kept shard is the one the killed run built (its manifest, creation time included), not built again");
    assertTrue(Files.exists(index.resolve("qc/shard-00000/manifest.json")) && Files.exists(index.resolve("qc/shard-00001/manifest.json")));
    assertFalse(Files.exists(partial), "the finished shards moved into the index");
    assertEquals(expected, output(), "the same rows as an uninterrupted MapReduce run");
  }

  @Test
  void anIndexAnotherCommandReplacedIsNeverResumed() throws Exception {
    // hnsw learns nothing: the first staged commit of a run is its index's
    List<String> args = new ArrayList<>(Arrays.asList(run("-algo_model", "hnsw", "-builder_params", "{}", "-job_mode",
        "build:seek:recall")));
    args.subList(args.indexOf("-target_recall"), args.indexOf("-target_recall") + 2).clear();
    String[] a = args.toArray(String[]::new);
    killAt("stage.seek", a); // A's index is built and journaled
    String[] b = run("-algo_model", "hnsw", "-builder_params", "{\"proxima.hnsw.builder.max_neighbor_count\":8}",
        "-job_mode", "build:seek:recall");
    killAt("staged.renamed", b); // B replaced the index, and was killed before it could journal it
    assertEquals(List.of("build", "seek", "recall"), stages(ok(a)), "A's journal entry went when B started its build");
  }

  @Test
  void aDamagedJournalIsIgnoredAndTheRunStartsAfresh() throws Exception {
    killAt("stage.seek", run());
    Path journal;
    try (Stream<Path> s = Files.walk(tmp.resolve("vol"))) {
      journal = s.filter(p -> p.getFileName().toString().endsWith(".journal.json")).findFirst().orElseThrow();
    }
    Files.writeString(journal, "{\"format\":1,\"stages\":{\"train\":"); // cut short, as a full disk might leave it
    assertEquals(List.of("train", "build", "tune", "seek", "recall"), stages(ok(run())), "nothing is trusted from it");
    assertFalse(journalLeft(), "the finished run removed it");
  }
}
