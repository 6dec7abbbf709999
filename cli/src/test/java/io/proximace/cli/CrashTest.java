package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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

  private static String[] run(String mode, String clean, String... more) {
    return Stream.concat(Stream.of(runArgs(mode, clean)), Stream.of(more)).toArray(String[]::new);
  }

  private static String[] runArgs(String mode, String clean) {
    return new String[] {"run", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query", "-query_table_partition", "1",
        "-output_table", "out", "-output_table_partition", "1", "-data_type", "float", "-dimension", "4", "-topk", "3",
        "-algo_model", "hnsw", "-external_volume", "vol", "-owner_id", "me", "-job_mode", mode, "-clean_build_volume", clean};
  }

  /** Starts proxima-ce in a child JVM that stops at {@code pause}, waits for it there, and kills it with kill -9. */
  private void killAt(String pause, String... args) throws Exception {
    String[] all = args[0].equals("--home") ? args : Stream.concat(Stream.of("--home", home.toString()), Stream.of(args)).toArray(String[]::new);
    ChildJvm child = ChildJvm.start(Main.class, pause, null, all);
    child.awaitPause(Duration.ofMinutes(2));
    child.kill();
  }

  /** Every name in the home and the volume left by a write that never finished. */
  private List<String> debris() throws IOException {
    try (Stream<Path> s = Stream.concat(Files.walk(home), Files.walk(tmp.resolve("vol")))) {
      return s.map(p -> tmp.relativize(p).toString()).filter(n -> n.matches(".*/_(staging|replaced|deleted)-[^/]*")
          || n.endsWith(".lock") && sizeOf(tmp.resolve(n)) > 0 || n.endsWith(".tmp")).toList();
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
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
  void aBuildKilledAtAnyPhaseLeavesTheOldIndexOrTheNewOneAndTheNextRunWorks() throws Exception {
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("old.csv").toString());
    ok(run("build:seek", "false"));
    String fromOld = ok("table", "show", "out", "pt=1", "--format", "csv");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("new.csv").toString());
    ok(run("build:seek", "false"));
    String fromNew = ok("table", "show", "out", "pt=1", "--format", "csv");
    assertTrue(!fromOld.equals(fromNew) && fromOld.contains(",old") && fromNew.contains(",new"));
    for (String phase : new String[] {"index.written", "atomic.written", "staged.aside", "staged.renamed"}) {
      ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("old.csv").toString());
      ok(run("build:seek", "false"));
      ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("new.csv").toString());
      killAt(phase, run("build:seek", "false")); // rebuilding from the new docs
      // the next command: a seek of the kept index finds it whole, old or new, and says which it is
      Cli.Result seek = cli.run(run("seek", "false"));
      boolean renamed = phase.equals("staged.renamed");
      if (renamed) {
        assertEquals(0, seek.code(), seek.err());
        assertEquals(fromNew, ok("table", "show", "out", "pt=1", "--format", "csv"), phase);
      } else {
        assertTrue(seek.err().contains("the doc partition default.doc/pt=1 changed since the index"), phase + ": " + seek.err());
        ok(run("seek", "false", "-accept_stale_index", "true"));
        assertEquals(fromOld, ok("table", "show", "out", "pt=1", "--format", "csv"), phase);
      }
      ok(run("build:seek", "false")); // the lock a killed run held is no obstacle
      assertEquals(fromNew, ok("table", "show", "out", "pt=1", "--format", "csv"), phase);
      assertEquals(List.of(), debris(), phase);
    }
  }

  @Test
  void aDropKilledMidwayLeavesNoTableAndNoDebris() throws Exception {
    ok("table", "create", "gone", "pk STRING, vector STRING");
    ok("table", "import", "gone", "pt=1", "--file", tmp.resolve("old.csv").toString());
    killAt("staged.deleted", "table", "drop", "gone");
    assertEquals("doc\nquery\n", ok("table", "list"), "the half-deleted table is no table");
    ok("table", "create", "gone2", "pk STRING, vector STRING"); // the next write in the project sweeps it
    assertEquals(List.of(), debris());
    ok("table", "import", "gone2", "pt=1", "--file", tmp.resolve("old.csv").toString());
    killAt("staged.deleted", "table", "drop-partition", "gone2", "pt=1");
    assertTrue(ok("table", "describe", "gone2").contains("partitions:     0"), "the partition is gone in one step");
    ok("table", "import", "gone2", "pt=2", "--file", tmp.resolve("old.csv").toString());
    assertEquals(List.of(), debris());
  }

  @Test
  void aPutKilledMidwayLeavesNoHalfFileAndAWorkingDirectoryIsRemovedOrKept() throws Exception {
    Files.writeString(tmp.resolve("big.csv"), rows("b", 20000));
    killAt("copy.written", "vfs", "-put", tmp.resolve("big.csv").toString(), "/vol/in/big.csv");
    assertTrue(Files.notExists(tmp.resolve("vol/in/big.csv")), "no half file under the real name");
    ok("vfs", "-put", tmp.resolve("old.csv").toString(), "/vol/in/old.csv");
    assertEquals(List.of(), debris(), "the next copy there swept the killed one's temporary file");
    // a run's working directory: removed at the end, kept on request, also in a JVM that exits
    ok("vfs", "-put", tmp.resolve("q.csv").toString(), "/vol/res/dict.txt");
    String[] withFiles = Stream.concat(Stream.of("--home", home.toString()), Stream.concat(Stream.of(run("build:seek", "true")),
        Stream.of("-volume_files", "odps://default/vol/res/dict.txt", "-D", "proxima.work.keep=true"))).toArray(String[]::new);
    ChildJvm keep = ChildJvm.start(Main.class, null, null, withFiles);
    assertEquals(0, keep.waitFor(Duration.ofMinutes(2)), keep.stderr());
    try (Stream<Path> w = Files.list(home.resolve("work"))) {
      List<Path> kept = w.filter(p -> !p.getFileName().toString().contains("~")).toList();
      assertEquals(1, kept.size(), "kept under its plain name: " + kept);
      assertEquals(Files.readString(tmp.resolve("q.csv")), Files.readString(kept.get(0).resolve("dict.txt")));
    }
    killAt("staged.aside", Arrays.copyOf(withFiles, withFiles.length - 2)); // no keep: killed with its folder
    ok(run("build:seek", "true", "-volume_files", "odps://default/vol/res/dict.txt"));
    try (Stream<Path> w = Files.list(home.resolve("work"))) {
      assertEquals(List.of(), w.filter(p -> p.getFileName().toString().contains("~")).toList(), "removed, and the killed run's swept");
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
