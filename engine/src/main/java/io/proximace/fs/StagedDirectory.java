package io.proximace.fs;

import java.io.Closeable;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory written under a hidden staging name beside its target and renamed into place on
 * {@link #commit()}, so readers see the old directory or the new one, never half of one. Closing
 * without committing deletes the staging directory and leaves the target as it was.
 *
 * <p>Names starting with {@code _} are skipped by our readers and by Hadoop's input formats.
 */
public final class StagedDirectory implements Closeable {
  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private boolean done;

  private StagedDirectory(FileSystem fs, Path target, Path staging) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
  }

  /** Starts writing a new version of {@code target}. */
  public static StagedDirectory create(FileSystem fs, Path target) throws IOException {
    Path staging = new Path(target.getParent(), "_staging-" + target.getName() + "-" + UUID.randomUUID());
    if (!fs.mkdirs(staging)) {
      throw new IOException("cannot create " + staging);
    }
    fs.deleteOnExit(staging); // a run killed midway leaves no staging folder behind
    return new StagedDirectory(fs, target, staging);
  }

  /** Where to write the new contents. */
  public Path path() {
    return staging;
  }

  /** The directory this will replace. */
  public Path target() {
    return target;
  }

  /** Puts the new contents in place of the target, replacing what was there. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or aborted: " + target);
    }
    Path old = null;
    if (fs.exists(target)) {
      old = new Path(target.getParent(), "_replaced-" + target.getName() + "-" + UUID.randomUUID());
      if (!fs.rename(target, old)) {
        throw new IOException("cannot move " + target + " aside");
      }
    }
    if (!fs.rename(staging, target)) {
      if (old != null) {
        fs.rename(old, target);
      }
      throw new IOException("cannot rename " + staging + " to " + target);
    }
    done = true;
    fs.cancelDeleteOnExit(staging);
    if (old != null) {
      fs.delete(old, true);
    }
  }

  /** Deletes the staging directory unless committed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      fs.cancelDeleteOnExit(staging);
      fs.delete(staging, true);
    }
  }
}
