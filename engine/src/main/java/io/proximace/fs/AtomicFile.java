package io.proximace.fs;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A small file (a manifest, a catalog, a report) written under a hidden temporary name beside it and
 * renamed into place, so that a reader finds the old file, the new one or none, never half of one.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes {@code data} to {@code file}, replacing what was there. */
  public static void write(FileSystem fs, Path file, byte[] data) throws IOException {
    Path tmp = new Path(file.getParent(), "_" + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(data);
    }
    if (fs.exists(file)) {
      fs.delete(file, false);
    }
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot write " + file);
    }
  }
}
