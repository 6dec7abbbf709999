package io.proximace.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
  private static final Set<String> OBJECT_STORES = Set.of("oss", "s3a", "s3", "gs", "wasb", "wasbs", "abfs", "abfss");

  private AtomicFile() {}

  /** Changes a file's bytes; {@code old} is null when the file does not exist. Returning {@code old} writes nothing. */
  public interface Change {
    byte[] apply(byte[] old) throws IOException;
  }

  /** Writes {@code data} to {@code file} on {@code fs}, replacing what was there. */
  public static void write(FileSystem fs, Path file, byte[] data) throws IOException {
    Path dir = file.getParent();
    fs.mkdirs(dir); // through odps:// this also checks the Write privilege
    Path resolved = fs.resolvePath(dir);
    if ("file".equals(resolved.toUri().getScheme())) {
      write(java.nio.file.Path.of(resolved.toUri()).resolve(file.getName()), data, null);
      return;
    }
    if (OBJECT_STORES.contains(String.valueOf(resolved.toUri().getScheme()).toLowerCase(Locale.ROOT))) {
      try (OutputStream out = fs.create(file, true)) {
        out.write(data);
      }
      return;
    }
    Path tmp = new Path(dir, "_" + file.getName() + "." + WriterId.SELF.text() + "." + random() + ".tmp");
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

  /** The bytes of {@code file} on {@code fs}, or null when it does not exist. */
  public static byte[] read(FileSystem fs, Path file) throws IOException {
    Path resolved;
    try {
      resolved = fs.resolvePath(file.getParent());
    } catch (FileNotFoundException e) {
      return null;
    }
    if ("file".equals(resolved.toUri().getScheme())) {
      return read(java.nio.file.Path.of(resolved.toUri()).resolve(file.getName()));
    }
    try (var in = fs.open(file)) {
      return in.readAllBytes();
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** The bytes of a local file, or null when it does not exist. */
  public static byte[] read(java.nio.file.Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Replaces the local {@code file} with {@code data}; {@code permissions} (e.g. {@code rw-------}) are set on
   * the new file before any byte is written, or null for the default.
   */
  public static void write(java.nio.file.Path file, byte[] data, String permissions) throws IOException {
    java.nio.file.Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    sweepTemporaries(file);
    java.nio.file.Path tmp = dir.resolve(tmpPrefix(file) + WriterId.SELF.text() + "." + random() + ".tmp");
    FileAttribute<?>[] attrs = permissions == null ? new FileAttribute<?>[0]
        : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    try {
      Files.createFile(tmp, attrs);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(data));
        ch.force(true);
      }
      PausePoint.here("atomic.written");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    // a checksum Hadoop's local file system once wrote beside the file would no longer match it
    Files.deleteIfExists(dir.resolve("." + file.getFileName() + ".crc"));
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

  private static String tmpPrefix(java.nio.file.Path file) {
    return "." + file.getFileName() + ".";
  }

  /** Deletes temporary files that a killed writer of {@code file} left; a live writer's are kept. */
  private static void sweepTemporaries(java.nio.file.Path file) throws IOException {
    String prefix = tmpPrefix(file);
    java.nio.file.Path dir = file.toAbsolutePath().getParent();
    try (DirectoryStream<java.nio.file.Path> tmps = Files.newDirectoryStream(dir, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && n.endsWith(".tmp");
    })) {
      for (java.nio.file.Path t : tmps) {
        String middle = t.getFileName().toString().substring(prefix.length());
        int cut = middle.lastIndexOf('.', middle.length() - 5);
        WriterId w = cut < 0 ? null : WriterId.parse(middle.substring(0, cut));
        if (w == null || w.dead()) {
          Files.deleteIfExists(t);
        }
      }
    } catch (NoSuchFileException | FileAlreadyExistsException e) {
      // nothing to sweep
    }
  }

  private static String random() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }
}
