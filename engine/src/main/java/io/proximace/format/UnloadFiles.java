package io.proximace.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The files of one unload: created under hidden names, renamed into place by {@link #commit}, deleted otherwise. */
final class UnloadFiles implements Closeable {
  private final FileSystem fs;
  private final Path dir;
  private final List<Path> temporary = new ArrayList<>();
  private boolean committed;

  UnloadFiles(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** A new file that becomes {@code name} on commit. */
  OutputStream create(String name) throws IOException {
    Path tmp = new Path(dir, "_tmp-" + name);
    temporary.add(tmp);
    return fs.create(tmp, false);
  }

  /** Renames every file into place; returns their final paths. */
  List<Path> commit() throws IOException {
    List<Path> done = new ArrayList<>();
    for (Path tmp : temporary) {
      Path to = new Path(dir, tmp.getName().substring("_tmp-".length()));
      if (!fs.rename(tmp, to)) {
        throw new IOException("cannot rename " + tmp + " to " + to);
      }
      done.add(to);
    }
    committed = true;
    return done;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      for (Path tmp : temporary) {
        fs.delete(tmp, false);
      }
    }
  }
}
