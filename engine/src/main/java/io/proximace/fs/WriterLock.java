package io.proximace.fs;

import io.proximace.ProximaException;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A lock file on any Hadoop file system, held by one process while it writes something long-lived (an
 * index): created only if absent, holding the holder's {@link WriterId} and what it does. A second writer fails at once,
 * naming the holder; the lock of a holder that died (on this host) is taken over, so {@code kill -9}
 * never leaves a lock behind that blocks the next run.
 *
 * <p>Creation is atomic on the local disk (also behind {@code odps://}) and on HDFS; an object store has
 * no create-if-absent, so there two writers starting within the same second may both proceed.
 */
public final class WriterLock implements Closeable {
  private final FileSystem fs;
  private final Path file;
  private boolean held = true;

  private WriterLock(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
  }

  /** Takes the lock {@code file}; {@code what} says what the holder does, for the message another writer gets. */
  public static WriterLock acquire(FileSystem fs, Path file, String what) throws IOException {
    byte[] me = (WriterId.SELF.text() + "\n" + what + "\n").getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 3; attempt++) {
      if (createNew(fs, file, me)) {
        return new WriterLock(fs, file);
      }
      byte[] text = AtomicFile.read(fs, file);
      String[] lines = text == null ? new String[0] : new String(text, StandardCharsets.UTF_8).split("\n");
      WriterId holder = lines.length == 0 ? null : WriterId.parse(lines[0].trim());
      if (holder != null && !holder.dead()) {
        throw new ProximaException("another run is " + (lines.length > 1 ? lines[1] : what) + " (" + holder.describe() + "): wait for it to finish"
            + (holder.host().equals(WriterId.SELF.host()) ? "" : ", or delete " + file + " if you know that it has stopped"));
      }
      if (text != null) {
        fs.delete(file, false); // its holder is gone (or wrote nothing readable before it died)
      }
    }
    throw new ProximaException("cannot take the lock " + file + ": other runs keep taking it");
  }

  private static boolean createNew(FileSystem fs, Path file, byte[] content) throws IOException {
    fs.mkdirs(file.getParent());
    Path resolved = fs.resolvePath(file.getParent());
    if ("file".equals(resolved.toUri().getScheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(resolved.toUri()).resolve(file.getName());
      try {
        Files.write(local, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false;
      }
      throw e;
    }
  }

  /** Gives the lock back. */
  @Override
  public void close() throws IOException {
    if (held) {
      held = false;
      try {
        fs.delete(file, false);
      } catch (FileNotFoundException e) {
        // taken over by someone who judged us dead: nothing to give back
      }
    }
  }
}
