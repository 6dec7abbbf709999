package io.proximace.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir
  Path tmp;

  /** A child process's work: adds {@code args[1]} to the line list in file {@code args[0]}, under the file's lock. */
  public static void main(String[] args) throws IOException {
    AtomicFile.update(Path.of(args[0]), "the test list", old -> add(old, args[1]));
  }

  private static byte[] add(byte[] old, String token) {
    String text = old == null ? "" : new String(old, StandardCharsets.UTF_8);
    return (text + token + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Set<String> lines(Path file) throws IOException {
    return new TreeSet<>(Files.readAllLines(file));
  }

  private Set<String> debris() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void parallelUpdatesFromSeparateProcessesAllLand() throws Exception {
    Path file = tmp.resolve("list.json");
    List<ChildJvm> children = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      children.add(ChildJvm.start(AtomicFileTest.class, null, null, file.toString(), "p" + i));
    }
    for (ChildJvm c : children) {
      assertEquals(0, c.waitFor(Duration.ofMinutes(2)), c.stderr());
    }
    assertEquals(Set.of("p0", "p1", "p2", "p3", "p4", "p5"), lines(file), "no update lost");
    assertEquals(Set.of(), debris());
  }

  @Test
  void parallelUpdatesFromThreadsAllLand() throws Exception {
    Path file = tmp.resolve("list.json");
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < 25; i++) {
            String token = id + "-" + i;
            AtomicFile.update(file, "the test list", old -> add(old, token));
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(null, failure.get());
    assertEquals(200, lines(file).size());
  }

  @Test
  void aReaderNeverFindsTheFileMissingOrHalfWritten() throws Exception {
    Path file = tmp.resolve("catalog.json");
    byte[] a = new byte[1 << 16];
    byte[] b = new byte[1 << 16];
    Arrays.fill(a, (byte) 'a');
    Arrays.fill(b, (byte) 'b');
    AtomicFile.write(file, a, null);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = Thread.ofPlatform().start(() -> {
      try {
        for (int i = 0; i < 400; i++) {
          AtomicFile.write(file, i % 2 == 0 ? b : a, null);
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    int reads = 0;
    while (writer.isAlive() || reads < 100) {
      byte[] got = AtomicFile.read(file);
      assertNotNull(got, "the file is never missing");
      assertTrue(Arrays.equals(got, a) || Arrays.equals(got, b), "the file is the old or the new one, whole");
      reads++;
    }
    writer.join();
    assertEquals(null, failure.get());
  }

  @Test
  void aWriterKilledBeforeItsMoveLeavesTheOldFileAndItsDebrisIsSwept() throws Exception {
    Path file = tmp.resolve("list.json");
    main(new String[] {file.toString(), "old"});
    ChildJvm child = ChildJvm.start(AtomicFileTest.class, "atomic.written", null, file.toString(), "new");
    child.awaitPause(Duration.ofMinutes(1));
    assertEquals(1, debris().size(), "the child's temporary file, written in full");
    assertEquals(Set.of("old"), lines(file));
    child.kill(); // with the lock held: the kernel releases it
    main(new String[] {file.toString(), "later"});
    assertEquals(Set.of("old", "later"), lines(file), "the killed writer's change never appears");
    assertEquals(Set.of(), debris(), "its temporary file was swept");
  }

  @Test
  void aHadoopPathIsReplacedAndAStaleChecksumRemoved() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("t/_schema.json").toUri());
    try (var out = fs.create(file)) { // an earlier version wrote it with a .crc beside it
      out.write("old".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(tmp.resolve("t/._schema.json.crc")));
    AtomicFile.write(fs, file, "new".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), AtomicFile.read(fs, file));
    try (var in = fs.open(file)) { // Hadoop's checksumming reader agrees
      assertEquals("new", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertFalse(Files.exists(tmp.resolve("t/._schema.json.crc")));
    assertEquals(null, AtomicFile.read(fs, new org.apache.hadoop.fs.Path(tmp.resolve("t/none.json").toUri())));
    assertEquals(null, AtomicFile.read(fs, new org.apache.hadoop.fs.Path(tmp.resolve("nofolder/none.json").toUri())));
  }
}
