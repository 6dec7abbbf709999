package io.proximace.fs;

import io.proximace.ProximaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a local lock file, held against other processes (an OS file lock, which the
 * kernel releases when the holder exits, even by {@code kill -9}) and against other threads of this JVM
 * (the OS lock is per process). Used around every read-modify-write of a catalog file.
 */
public final class LocalLock implements AutoCloseable {
  /** How long a command waits for a lock before it gives up. */
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final ConcurrentHashMap<Path, ReentrantLock> THREADS = new ConcurrentHashMap<>();

  private final ReentrantLock thread;
  private final FileChannel channel;
  private final FileLock lock;

  private LocalLock(ReentrantLock thread, FileChannel channel, FileLock lock) {
    this.thread = thread;
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits for the lock on {@code lockFile} (created when missing); {@code what} names the guarded thing in errors. */
  public static LocalLock acquire(Path lockFile, String what) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock thread = THREADS.computeIfAbsent(key, k -> new ReentrantLock());
    if (thread.isHeldByCurrentThread()) {
      throw new IllegalStateException("this thread holds the lock of " + what + " already"); // a bug, not a busy lock
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      if (!thread.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw busy(what, key);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProximaException("interrupted while waiting for " + what);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      for (long pause = 2; ; pause = Math.min(pause * 2, 100)) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by this JVM through another path spelling: wait like for another process
        }
        if (lock != null) {
          return new LocalLock(thread, channel, lock);
        }
        if (System.nanoTime() > deadline) {
          throw busy(what, key);
        }
        Thread.sleep(pause);
      }
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(channel);
      thread.unlock();
      throw e;
    } catch (InterruptedException e) {
      closeQuietly(channel);
      thread.unlock();
      Thread.currentThread().interrupt();
      throw new ProximaException("interrupted while waiting for " + what);
    }
  }

  private static ProximaException busy(String what, Path lockFile) {
    return new ProximaException(what + " is busy: another command has held its lock " + lockFile + " for over "
        + WAIT.toSeconds() + " s; try again when it has finished");
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // the lock goes with the channel either way
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      thread.unlock();
    }
  }
}
