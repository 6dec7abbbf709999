package io.proximace.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local scratch folder of one process (a run's working directory, LocalJobRunner's files), named
 * {@code <name>~<writer>~<n>}: removed when closed, or kept under its plain name when asked; the folders a
 * killed process left are swept by the next one created beside them, a live process's never.
 */
public final class WorkDirectory implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

  private Path path;
  private boolean closed;

  private WorkDirectory(Path path) {
    this.path = path;
  }

  /** A new folder {@code <parent>/<name>~<writer>~<n>}, after sweeping what dead processes left in {@code parent}. */
  public static WorkDirectory create(Path parent, String name) throws IOException {
    Files.createDirectories(parent);
    sweep(parent);
    String unique = name + "~" + WriterId.SELF.text() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    return new WorkDirectory(Files.createDirectory(parent.resolve(unique)));
  }

  /** The folder. */
  public Path path() {
    return path;
  }

  /** Renames the folder to its plain name (with a number when that is taken), so that nothing sweeps it; returns where. */
  public Path keep() throws IOException {
    String name = path.getFileName().toString();
    String plain = name.substring(0, name.indexOf('~'));
    Path kept = path.resolveSibling(plain);
    for (int i = 2; Files.exists(kept); i++) {
      kept = path.resolveSibling(plain + "-" + i);
    }
    path = Files.move(path, kept);
    closed = true;
    return path;
  }

  /** Removes the folder unless it was kept. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      deleteTree(path);
    }
  }

  /** Deletes the folders of dead processes in {@code parent}; best effort. */
  static void sweep(Path parent) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, p -> p.getFileName().toString().contains("~"))) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        int first = n.indexOf('~');
        int last = n.lastIndexOf('~');
        WriterId w = first < last ? WriterId.parse(n.substring(first + 1, last)) : null;
        if (w != null && w.dead()) {
          try {
            deleteTree(p);
          } catch (IOException e) {
            LOG.debug("sweep: cannot remove {}: {}", p, e.getMessage());
          }
        }
      }
    }
  }

  /** Deletes a local folder and everything in it; links are deleted, never followed to their targets. */
  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // gone already
    }
  }
}
