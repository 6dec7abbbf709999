package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a proxima-ce process at each phase of an import, a build and a commit: the next
 * command sees the old data or the new, whole, and the next command that writes there leaves no debris.
 * Also two processes building one index at once.
 */
class CrashTest {
  @TempDir
  Path tmp;
  Path home;
  Cli cli;

  @BeforeEach
  void setUp() throws IOException {
    home = tmp.resolve("home");
    cli = new Cli(home);
    Files.writeString(tmp.resolve("old.csv"), rows("old", 200));
    Files.writeString(tmp.resolve("new.csv"), rows("new", 300));
    Files.writeString(tmp.resolve("q.csv"), rows("q", 5));
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("old.csv").toString());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("q.csv").toString());
    ok("vfs", "-create", "vol", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
  }

  private static String rows(String prefix, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(prefix).append(i).append(',').append(i % 7).append('~').append(i % 5).append("~1~").append(i % 3).append('\n');
    }
    return b.toString();
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  private static String[] run(String mode, String clean) {
    return new String[] {"run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query", "-query_table_partition", "1",
        "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "4", "-topk", "3",
        "-algo_model", "hnsw", "-external_volume", "vol", "-owner_id", "me", "-job_mode", mode, "-clean_build_volume", clean};
  }

  /** Starts proxima-ce in a child JVM that stops at {@code pause}, waits for it there, and kills it with kill -9. */
  private void killAt(String pause, String... args) throws Exception {
    String[] all = Stream.concat(Stream.of("--home", home.toString()), Stream.of(args)).toArray(String[]::new);
    ChildJvm child = ChildJvm.start(Main.class, pause, null, all);
    child.awaitPause(Duration.ofMinutes(2));
    child.kill();
  }

  /** Every name in the home and the volume left by a write that never finished. */
  private List<String> debris() throws IOException {
    try (Stream<Path> s = Stream.concat(Files.walk(home), Files.walk(tmp.resolve("vol")))) {
      return s.map(p -> tmp.relativize(p).toString()).filter(n -> n.matches(".*/_(staging|replaced|deleted)-[^/]*")
          || n.endsWith(".lock") && !n.contains("/catalog/") || n.endsWith(".tmp")).toList();
    }
  }

  private String docPks() {
    String csv = ok("table", "show", "doc", "pt=1", "--format", "csv");
    return csv.lines().skip(1).map(l -> l.substring(0, 3)).distinct().reduce("", String::concat) + ":" + (csv.lines().count() - 1);
  }

  @Test
  void anImportKilledAtAnyPhaseLeavesTheOldPartitionOrTheNewOne() throws Exception {
    String[] importNew = {"table", "import", "doc", "pt=1", "--file", tmp.resolve("new.csv").toString()};
    for (String phase : new String[] {"import.written", "staged.aside", "staged.renamed"}) {
      ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("old.csv").toString());
      killAt(phase, importNew);
      String seen = docPks();
      assertEquals(phase.equals("staged.renamed") ? "new:300" : "old:200", seen, phase);
      ok(importNew); // the next writer sweeps what the killed one left
      assertEquals("new:300", docPks(), phase);
      assertEquals(List.of(), debris(), phase);
    }
  }

  @Test
  void aBuildKilledAtAnyPhaseLeavesNoHalfIndexAndTheNextRunWorks() throws Exception {
    ok(run("build:seek", "false"));
    String before = ok("table", "show", "out", "pt=1", "--format", "csv");
    for (String phase : new String[] {"index.written", "atomic.written", "staged.aside", "staged.renamed"}) {
      killAt(phase, run("build:seek", "false"));
      // the next command: a seek of the kept index finds it whole (old or new: same docs here), the lock taken over
      ok(run("seek", "false"));
      assertEquals(before, ok("table", "show", "out", "pt=1", "--format", "csv"), phase);
      ok(run("build:seek", "false"));
      assertEquals(List.of(), debris(), phase);
    }
  }

  @Test
  void anOutputCommitKilledAtAnyPhaseLeavesTheOldOutputOrTheNewOne() throws Exception {
    ok(run("build:seek", "false"));
    String old = ok("table", "show", "out", "pt=1", "--format", "csv");
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("new.csv").toString()); // new queries: a new output
    for (String phase : new String[] {"staged.aside", "staged.renamed"}) {
      killAt(phase, run("seek", "false"));
      String seen = ok("table", "show", "out", "pt=1", "--format", "csv");
      assertEquals(phase.equals("staged.renamed") ? 901 : 16, seen.lines().count(), phase + ": the whole old or new output");
      if (!phase.equals("staged.renamed")) {
        assertEquals(old, seen);
      }
      ok(run("seek", "false"));
      assertEquals(List.of(), debris(), phase);
    }
  }

  @Test
  void aSecondRunBuildingTheSameIndexIsToldWhoIs() throws Exception {
    String[] all = Stream.concat(Stream.of("--home", home.toString()), Stream.of(run("build:seek", "false"))).toArray(String[]::new);
    ChildJvm first = ChildJvm.start(Main.class, "index.written", null, all);
    first.awaitPause(Duration.ofMinutes(2));
    Cli.Result second = cli.run(run("build:seek", "false"));
    assertEquals(1, second.code(), second.err());
    assertTrue(second.err().startsWith("proxima-ce: error: another run is building or removing the index "
        + "odps://default/vol/me/indexes/default.doc/pt=1/hnsw (pid "), second.err());
    first.kill();
    ok(run("build:seek", "false"));
    assertEquals(List.of(), debris());
  }
}
