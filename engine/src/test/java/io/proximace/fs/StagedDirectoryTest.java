package io.proximace.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDirectoryTest {
  @TempDir
  Path tmp;

  private static FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path("file", null, p.toAbsolutePath().toString());
  }

  /** A child's work: {@code commit <target> <text>} replaces the folder with one file holding the text; {@code delete <target>}. */
  public static void main(String[] args) throws IOException {
    FileSystem fs = fs();
    org.apache.hadoop.fs.Path target = hadoop(Path.of(args[1]));
    if (args[0].equals("delete")) {
      StagedDirectory.delete(fs, target);
      return;
    }
    try (StagedDirectory staged = StagedDirectory.create(fs, target)) {
      try (var out = fs.create(new org.apache.hadoop.fs.Path(staged.path(), "part-00000.csv"))) {
        out.write(args[2].getBytes(StandardCharsets.UTF_8));
      }
      staged.commit("_marker", "done".getBytes(StandardCharsets.UTF_8));
    }
  }

  private Path target() throws IOException {
    Path t = tmp.resolve("table/pt=1");
    main(new String[] {"commit", t.toString(), "old"});
    return t;
  }

  private static String content(Path t) throws IOException {
    return Files.readString(t.resolve("part-00000.csv"));
  }

  private List<String> hidden() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("table"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_")).sorted().toList();
    }
  }

  @Test
  void aCommitKilledAtAnyInstantLeavesTheOldOrTheNewFolderAndNoDebris() throws Exception {
    for (String point : new String[] {"atomic.written", "staged.aside", "staged.renamed"}) {
      Path t = target();
      ChildJvm child = ChildJvm.start(StagedDirectoryTest.class, point, null, "commit", t.toString(), "new");
      child.awaitPause(Duration.ofMinutes(1));
      child.kill();
      assertTrue(StagedDirectory.recover(fs(), hadoop(t)), point + ": the partition is readable");
      String seen = content(t);
      assertEquals(point.equals("staged.renamed") ? "new" : "old", seen, point);
      assertTrue(Files.exists(t.resolve("_marker")), point + ": the folder seen is a whole one, with its marker");
      StagedDirectory.sweep(fs(), hadoop(tmp.resolve("table")));
      assertEquals(List.of(), hidden(), point + ": nothing left beside the partition");
      main(new String[] {"commit", t.toString(), "next"});
      assertEquals("next", content(t), point + ": the next writer works");
    }
  }

  @Test
  void aLiveWritersFoldersAreNeverTouched() throws Exception {
    Path t = target();
    ChildJvm child = ChildJvm.start(StagedDirectoryTest.class, "staged.aside", null, "commit", t.toString(), "new");
    child.awaitPause(Duration.ofMinutes(1));
    List<String> during = hidden();
    assertEquals(2, during.size(), "its staging folder and the old folder moved aside: " + during);
    StagedDirectory.sweep(fs(), hadoop(tmp.resolve("table")));
    assertFalse(StagedDirectory.recover(fs(), hadoop(t)), "the old folder is the live writer's to put back or drop");
    assertEquals(during, hidden(), "a live writer's folders stay");
    child.kill();
    assertTrue(StagedDirectory.recover(fs(), hadoop(t)));
    assertEquals("old", content(t));
  }

  @Test
  void aDeleteKilledMidwayLeavesNoHalfFolder() throws Exception {
    Path t = target();
    ChildJvm child = ChildJvm.start(StagedDirectoryTest.class, "staged.deleted", null, "delete", t.toString());
    child.awaitPause(Duration.ofMinutes(1));
    child.kill();
    assertFalse(Files.exists(t), "gone in one step");
    assertFalse(StagedDirectory.recover(fs(), hadoop(t)), "a deleted folder is not brought back");
    StagedDirectory.sweep(fs(), hadoop(tmp.resolve("table")));
    assertEquals(List.of(), hidden());
  }

  @Test
  void aRenameNeverReplacesNorCopiesIntoAnExistingFolder() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Files.writeString(a.resolve("f"), "a");
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(b.resolve("f"), "b");
    // Hadoop's local rename would copy a into b (b/a/f) and say it succeeded
    assertFalse(Backing.renameNoReplace(fs(), hadoop(a), hadoop(b)));
    assertEquals(List.of("f"), Files.list(b).map(p -> p.getFileName().toString()).toList());
    assertEquals("a", Files.readString(a.resolve("f")), "the source stays");
    assertFalse(Backing.renameNoReplace(fs(), hadoop(tmp.resolve("gone")), hadoop(tmp.resolve("c"))), "a missing source");
    assertTrue(Backing.renameNoReplace(fs(), hadoop(a), hadoop(tmp.resolve("c"))));
    assertEquals("a", Files.readString(tmp.resolve("c/f")));
  }

  @Test
  void theLastOfTwoCommitsReplacesTheFirstWhole() throws Exception {
    Path t = target();
    FileSystem fs = fs();
    StagedDirectory mine = StagedDirectory.create(fs, hadoop(t));
    try (var out = fs.create(new org.apache.hadoop.fs.Path(mine.path(), "part-00000.csv"))) {
      out.write("mine".getBytes(StandardCharsets.UTF_8));
    }
    main(new String[] {"commit", t.toString(), "theirs"});
    mine.commit(); // theirs replaced the old target after mine started: mine still replaces theirs as a whole
    assertEquals("mine", content(t));
    StagedDirectory.sweep(fs, hadoop(tmp.resolve("table")));
    assertEquals(List.of(), hidden());
  }

  @Test
  void foldersAnEarlierVersionLeftAreSwept() throws Exception {
    Path t = target();
    Files.createDirectories(tmp.resolve("table/_staging-pt=1-0b7f5a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b"));
    StagedDirectory.sweep(fs(), hadoop(tmp.resolve("table")));
    assertEquals(List.of(), hidden());
    assertEquals("old", content(t));
  }
}
