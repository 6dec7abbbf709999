package io.proximace.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import io.proximace.ProximaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterLockTest {
  @TempDir
  Path tmp;

  /** A child's work: takes the lock {@code args[0]} and holds it at the pause point. */
  public static void main(String[] args) throws IOException {
    try (WriterLock lock = WriterLock.acquire(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(args[0]),
        "building the test index")) {
      PausePoint.here("test.holding");
    }
  }

  @Test
  void aSecondWriterIsToldWhoHoldsTheLockAndTakesOverWhenTheHolderIsKilled() throws Exception {
    Path lock = tmp.resolve("idx/_hnsw.lock");
    ChildJvm holder = ChildJvm.start(WriterLockTest.class, "test.holding", null, lock.toUri().toString());
    holder.awaitPause(Duration.ofMinutes(1));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    ProximaException busy = assertThrows(ProximaException.class, () -> WriterLock.acquire(fs, new org.apache.hadoop.fs.Path(lock.toUri()), "x"));
    assertTrue(busy.getMessage().startsWith("another run is building the test index (pid "), busy.getMessage());
    assertTrue(busy.getMessage().contains("on host " + WriterId.SELF.host() + ", started at "), busy.getMessage());
    holder.kill();
    try (WriterLock mine = WriterLock.acquire(fs, new org.apache.hadoop.fs.Path(lock.toUri()), "x")) {
      assertTrue(Files.readString(lock).startsWith(WriterId.SELF.text() + "\n"), "the dead holder's lock is taken over");
    }
    assertEquals("", Files.readString(lock), "given back on close: the file stays, naming no holder");
  }

  @Test
  void aLockOfThisProcessIsHeldAgainstItsOtherThreadsToo() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(tmp.resolve("l.lock").toUri());
    try (WriterLock first = WriterLock.acquire(fs, p, "building it")) {
      assertThrows(ProximaException.class, () -> WriterLock.acquire(fs, p, "building it"));
    }
    WriterLock.acquire(fs, p, "building it").close();
  }

  @Test
  void aLockWrittenOnAnotherHostIsNeverJudgedDead() {
    WriterId other = new WriterId("some-other-host", 1, 1);
    assertTrue(!other.dead());
    assertTrue(new WriterId(WriterId.SELF.host(), Long.MAX_VALUE - 1, 1).dead(), "no such pid here");
    assertTrue(new WriterId(WriterId.SELF.host(), WriterId.SELF.pid(), WriterId.SELF.startMillis() + 1).dead(), "a reused pid");
    assertTrue(!WriterId.SELF.dead());
    assertEquals(WriterId.SELF, WriterId.parse(WriterId.SELF.text()));
  }
}
