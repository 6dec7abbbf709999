package io.proximace.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hidden temporary files a write goes through before its rename into place:
 * {@code <prefix><name>~<host>~<pid>~<start>~<n>.tmp}, read from the end (a name may hold {@code ~}, a host
 * may not). The writer in the name lets the next write in the same folder sweep what a killed one left,
 * and never a live one's.
 */
final class Temporaries {
  private static final String SUFFIX = ".tmp";

  private Temporaries() {}

  /** A temporary name for {@code name} written by this process; {@code prefix} hides it ({@code .} or {@code _}). */
  static String name(String prefix, String name) {
    return prefix + name + "~" + WriterId.SELF.text() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL)
        + SUFFIX;
  }

  /** The writer of temporary file {@code fileName}, or null when it is not one. */
  static WriterId writerOf(String fileName) {
    if (!fileName.endsWith(SUFFIX) || !(fileName.startsWith(".") || fileName.startsWith("_"))) {
      return null;
    }
    String[] p = fileName.substring(0, fileName.length() - SUFFIX.length()).split("~", -1);
    return p.length < 5 ? null : WriterId.parse(p[p.length - 4] + "~" + p[p.length - 3] + "~" + p[p.length - 2]);
  }

  /** Deletes the temporary files of dead writers in the local folder {@code dir}. */
  static void sweep(java.nio.file.Path dir) throws IOException {
    try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(dir, p -> dead(p.getFileName().toString()))) {
      for (java.nio.file.Path p : entries) {
        Files.deleteIfExists(p);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // nothing to sweep
    }
  }

  /** Deletes the temporary files of dead writers in {@code dir} on {@code fs}; best effort. */
  static void sweep(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : Backing.list(fs, dir)) {
      if (s.isFile() && dead(s.getPath().getName())) {
        try {
          fs.delete(s.getPath(), false);
        } catch (IOException e) {
          // another user's file, say: left for a later writer
        }
      }
    }
  }

  private static boolean dead(String fileName) {
    WriterId w = writerOf(fileName);
    return w != null && w.dead();
  }
}
