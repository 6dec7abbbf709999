package io.proximace.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Where a Hadoop path really is, for the few operations whose safety depends on it: a local folder
 * (also behind an {@code odps://} volume, through {@code resolvePath}) is reached with {@code java.nio} and
 * {@code rename(2)}; an object store has atomic uploads but renames that copy; HDFS has atomic renames.
 */
final class Backing {
  private static final Set<String> OBJECT_STORES = Set.of("oss", "s3a", "s3", "gs", "wasb", "wasbs", "abfs", "abfss");

  private Backing() {}

  /** The local folder {@code dir} really is, or null when it is not on the local disk (or does not exist). */
  static java.nio.file.Path local(FileSystem fs, Path dir) throws IOException {
    Path resolved;
    try {
      resolved = fs.resolvePath(dir);
    } catch (FileNotFoundException e) {
      return null;
    }
    return "file".equals(resolved.toUri().getScheme()) ? java.nio.file.Path.of(resolved.toUri()) : null;
  }

  /** The entries of {@code dir}, none when it does not exist. */
  static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
    try {
      return fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }

  /** Deletes the checksum Hadoop's local file system once wrote beside {@code file}: it no longer matches the file. */
  static void dropStaleChecksum(java.nio.file.Path file) throws IOException {
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  /** Whether {@code dir} (which exists) is on an object store: uploads are atomic, renames are copies. */
  static boolean objectStore(FileSystem fs, Path dir) throws IOException {
    return OBJECT_STORES.contains(String.valueOf(fs.resolvePath(dir).toUri().getScheme()).toLowerCase(Locale.ROOT));
  }

  /**
   * Renames {@code from} to {@code to}, which must not exist: false when it does (or {@code from} is gone),
   * never the copy into the existing folder that Hadoop's local rename falls back to.
   */
  static boolean renameNoReplace(FileSystem fs, Path from, Path to) throws IOException {
    java.nio.file.Path localFrom = local(fs, from.getParent());
    java.nio.file.Path localTo = local(fs, to.getParent());
    try {
      if (localFrom != null && localTo != null) {
        java.nio.file.Path target = localTo.resolve(to.getName());
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          return false; // rename(2) would replace an empty folder: an existing target is never replaced here
        }
        Files.move(localFrom.resolve(from.getName()), target, StandardCopyOption.ATOMIC_MOVE);
        return true;
      }
      FileUtil.rename(fs, from, to, Options.Rename.NONE);
      return true;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException | NoSuchFileException | FileNotFoundException
        | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }
}
