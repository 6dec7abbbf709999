package io.proximace.fs;

import io.proximace.ProximaException;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A lock held by one process while it writes something long-lived (an index), so that a second writer
 * fails at once with a message naming the first ({@code another run is building ... (pid, host, start)}).
 *
 * <p>On the local disk (also behind {@code odps://}) it is a kernel lock on the lock file, which the kernel
 * releases when the holder exits, even by {@code kill -9}: there is nothing to take over and no race in
 * taking over. The file stays (empty) when the lock is given back. Elsewhere (HDFS, an object store) the lock file is created only if absent and holds the
 * holder's {@link WriterId}; the lock of a holder that died on this host is taken over, one on another
 * host is named with the file to delete once its run has stopped. An object store has no create-if-absent,
 * so there two writers starting within the same second may both proceed.
 */
public final class WriterLock implements Closeable {
  private final FileSystem fs;
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final byte[] content;
  private boolean held = true;

  private WriterLock(FileSystem fs, Path file, FileChannel channel, FileLock lock, byte[] content) {
    this.fs = fs;
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.content = content;
  }

  /** Takes the lock {@code file}; {@code what} says what the holder does, for the message another writer gets. */
  public static WriterLock acquire(FileSystem fs, Path file, String what) throws IOException {
    byte[] me = (WriterId.SELF.text() + "\n" + what + "\n").getBytes(StandardCharsets.UTF_8);
    fs.mkdirs(file.getParent());
    java.nio.file.Path local = Backing.local(fs, file.getParent());
    return local != null ? local(fs, file, local.resolve(file.getName()), what, me) : remote(fs, file, what, me);
  }

  private static WriterLock local(FileSystem fs, Path file, java.nio.file.Path path, String what, byte[] me) throws IOException {
    // the lock file is never deleted: deleting it would let a run lock an unlinked copy while another locks the new one
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // another thread of this process holds it
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = new String(readAll(ch), StandardCharsets.UTF_8);
      ch.close();
      throw busy(holder, what, file, true);
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(me), 0);
    ch.force(false);
    return new WriterLock(fs, file, ch, lock, me);
  }

  private static byte[] readAll(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
    ch.read(buf, 0);
    return java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  private static WriterLock remote(FileSystem fs, Path file, String what, byte[] me) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (OutputStream out = fs.create(file, false)) {
        out.write(me);
        return new WriterLock(fs, file, null, null, me);
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        // held, or left by a dead holder: look below
      }
      byte[] text = AtomicFile.read(fs, file);
      String holder = text == null ? "" : new String(text, StandardCharsets.UTF_8);
      WriterId w = WriterId.parse(holder.split("\n", -1)[0].trim());
      if (text == null) {
        continue; // released meanwhile
      }
      if (w == null || !w.dead()) {
        throw busy(holder, what, file, false);
      }
      fs.delete(file, false); // its holder died on this host
    }
    throw new ProximaException("cannot take the lock " + file + ": other runs keep taking it");
  }

  private static ProximaException busy(String holderText, String what, Path file, boolean local) {
    String[] lines = holderText.split("\n", -1);
    WriterId holder = WriterId.parse(lines[0].trim());
    String doing = lines.length > 1 && !lines[1].isBlank() ? lines[1] : what;
    boolean here = holder != null && holder.host().equals(WriterId.SELF.host());
    return new ProximaException("another run is " + doing + (holder == null ? "" : " (" + holder.describe() + ")")
        + ": wait for it to finish" + (local || here ? "" : ", or delete " + file + " if you know that it has stopped"));
  }

  /** Gives the lock back, removing the lock file when it is still this holder's. */
  @Override
  public void close() throws IOException {
    if (!held) {
      return;
    }
    held = false;
    if (channel != null) {
      try {
        channel.truncate(0); // no stale holder named in it; the file itself stays (see local)
      } finally {
        lock.release();
        channel.close();
      }
      return;
    }
    byte[] now = AtomicFile.read(fs, file);
    if (now != null && Objects.equals(new String(now, StandardCharsets.UTF_8), new String(content, StandardCharsets.UTF_8))) {
      try {
        fs.delete(file, false);
      } catch (FileNotFoundException | NoSuchFileException e) {
        // gone already
      }
    }
  }
}
