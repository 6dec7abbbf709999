package io.proximace.fs;

import io.proximace.Failures;
import io.proximace.ProximaException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A small file (a catalog, grants, a schema, a manifest, a report) replaced in one step: written under a
 * temporary name of its own beside it, then moved over the old file, so a reader finds the old file or
 * the new one, never half of one and never none. Nothing is deleted before the move.
 *
 * <p>On the local disk (also behind an {@code odps://} volume) this is {@code rename(2)}, with the data
 * synced first; on HDFS a rename with overwrite, which is atomic there; on an object store a direct
 * upload, since one PUT is atomic and a rename is a copy. A catalog's read-modify-write also holds the
 * file's {@link LocalLock} ({@link #update}), so parallel commands never lose each other's changes.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Changes a file's bytes; {@code old} is null when the file does not exist. Returning {@code old} writes nothing. */
  public interface Change {
    byte[] apply(byte[] old) throws IOException;
  }

  /** Writes {@code data} to {@code file} on {@code fs}, replacing what was there. */
  public static void write(FileSystem fs, Path file, byte[] data) throws IOException {
    Path dir = file.getParent();
    fs.mkdirs(dir); // through odps:// this also checks the Write privilege
    java.nio.file.Path local = Backing.local(fs, dir);
    if (local != null) {
      write(local.resolve(file.getName()), data, null);
      return;
    }
    if (Backing.objectStore(fs, dir)) {
      try (OutputStream out = fs.create(file, true)) {
        out.write(data);
      }
      return;
    }
    Path tmp = new Path(dir, Temporaries.name("_", file.getName()));
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(data);
      }
      FileUtil.rename(fs, tmp, file, Options.Rename.OVERWRITE);
    } catch (IOException | RuntimeException e) {
      fs.delete(tmp, false);
      throw e;
    }
  }

  /**
   * Writes {@code data} to a new {@code file} on {@code fs}: false, writing nothing, when it exists. Of two writers of
   * one name only one succeeds (an exclusive create; on an object store, as far as its create honours "no overwrite").
   * A reader may meet the file before all of it is written.
   */
  public static boolean createNew(FileSystem fs, Path file, byte[] data) throws IOException {
    Path dir = file.getParent();
    fs.mkdirs(dir);
    java.nio.file.Path local = Backing.local(fs, dir);
    if (local != null) {
      try (FileChannel ch = FileChannel.open(local.resolve(file.getName()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(data));
        ch.force(true);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(data);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The bytes of {@code file} on {@code fs}, or null when it does not exist. */
  public static byte[] read(FileSystem fs, Path file) throws IOException {
    java.nio.file.Path local = Backing.local(fs, file.getParent());
    if (local != null) {
      return read(local.resolve(file.getName()));
    }
    try (var in = fs.open(file)) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** The bytes of a local file, or null when it does not exist; a link in its place is refused, never followed. */
  public static byte[] read(java.nio.file.Path file) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return Channels.newInputStream(ch).readAllBytes();
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      if (Files.isSymbolicLink(file)) {
        throw new ProximaException(file + " is a link, not a file; refused");
      }
      throw e;
    }
  }

  /**
   * Replaces the local {@code file} with {@code data}; {@code permissions} (e.g. {@code rw-------}) are set on
   * the new file before any byte is written, or null for the default.
   */
  public static void write(java.nio.file.Path file, byte[] data, String permissions) throws IOException {
    java.nio.file.Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Temporaries.sweep(dir);
    java.nio.file.Path tmp = dir.resolve(Temporaries.name(".", file.getFileName().toString()));
    FileAttribute<?>[] attrs = permissions == null ? new FileAttribute<?>[0]
        : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    try {
      Files.createFile(tmp, attrs);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(data));
        ch.force(true);
      } catch (IOException e) {
        if (Failures.noSpace(e)) {
          throw new ProximaException("no space left on device writing " + file
              + "; free some space and run the command again (the file is unchanged)", e);
        }
        throw e;
      }
      PausePoint.here("atomic.written");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Backing.dropStaleChecksum(file);
  }

  /**
   * Reads, changes and replaces the local {@code file} under its lock ({@code .<name>.lock} beside it), so
   * that parallel read-modify-writes all land. {@code what} names the file in a busy message. Returns
   * the bytes now in the file (null when it still does not exist).
   */
  public static byte[] update(java.nio.file.Path file, String what, Change change) throws IOException {
    return update(file, what, change, null);
  }

  /** {@link #update(java.nio.file.Path, String, Change)} creating the file with {@code permissions} ({@code rw-------}). */
  public static byte[] update(java.nio.file.Path file, String what, Change change, String permissions) throws IOException {
    java.nio.file.Path lockFile = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".lock");
    try (LocalLock lock = LocalLock.acquire(lockFile, what)) {
      byte[] old = read(file);
      byte[] now = change.apply(old);
      if (now != old) {
        write(file, now, permissions != null ? permissions : permissionsOf(file));
      }
      return now;
    }
  }

  private static String permissionsOf(java.nio.file.Path file) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return PosixFilePermissions.toString(p);
    } catch (NoSuchFileException | UnsupportedOperationException e) {
      return null;
    }
  }
}
