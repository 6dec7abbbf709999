package io.proximace.fs;

import io.proximace.ProximaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Copies a file or a folder between file systems (a local disk and a volume), each file written under a
 * hidden temporary name and renamed into place: a copy killed midway, or stopped by a full disk, leaves
 * no half file under the real name and, with {@code overwrite}, the old file whole until the new one is.
 * An existing file is replaced only with {@code overwrite}; what a killed copy left is swept by the next.
 */
public final class FileCopy {
  private FileCopy() {}

  /** Copies {@code src} to {@code dst}: a file, or a folder with everything under it. */
  public static void copy(FileSystem from, Path src, FileSystem to, Path dst, boolean overwrite) throws IOException {
    FileStatus s = from.getFileStatus(src);
    if (s.isDirectory()) {
      to.mkdirs(dst);
      for (FileStatus child : from.listStatus(src)) {
        copy(from, child.getPath(), to, new Path(dst, child.getPath().getName()), overwrite);
      }
      return;
    }
    Path dir = dst.getParent();
    to.mkdirs(dir); // through odps:// this also checks the Write privilege
    java.nio.file.Path local = Backing.local(to, dir);
    try (InputStream in = from.open(src)) {
      if (local != null) {
        copyLocal(in, local, dst, overwrite);
      } else {
        copyRemote(in, to, dst, overwrite);
      }
    }
  }

  private static void copyLocal(InputStream in, java.nio.file.Path dir, Path dst, boolean overwrite) throws IOException {
    java.nio.file.Path target = dir.resolve(dst.getName());
    if (!overwrite && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw exists(dst);
    }
    Temporaries.sweep(dir);
    java.nio.file.Path tmp = dir.resolve(Temporaries.name(".", dst.getName()));
    try {
      try (OutputStream out = DiskFull.watch(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), dst)) {
        in.transferTo(out);
      }
      PausePoint.here("copy.written");
      if (overwrite) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        try {
          Files.createLink(target, tmp); // unlike rename(2), a link never replaces what is there
        } catch (FileAlreadyExistsException e) {
          throw exists(dst);
        }
      }
      Backing.dropStaleChecksum(target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void copyRemote(InputStream in, FileSystem to, Path dst, boolean overwrite) throws IOException {
    if (!overwrite && to.exists(dst)) {
      throw exists(dst);
    }
    Path tmp = new Path(dst.getParent(), Temporaries.name("_", dst.getName()));
    Temporaries.sweep(to, dst.getParent());
    try {
      try (OutputStream out = DiskFull.watch(to.create(tmp, false), dst)) {
        in.transferTo(out);
      }
      if (overwrite) {
        FileUtil.rename(to, tmp, dst, Options.Rename.OVERWRITE);
      } else if (!Backing.renameNoReplace(to, tmp, dst)) {
        throw exists(dst);
      }
    } finally {
      to.delete(tmp, false);
    }
  }

  private static ProximaException exists(Path dst) {
    return new ProximaException(dst + " exists; pass -f to overwrite it");
  }
}
