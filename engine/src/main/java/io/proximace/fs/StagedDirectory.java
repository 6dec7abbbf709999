package io.proximace.fs;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory written under a hidden staging name beside its target and renamed into place on
 * {@link #commit}, so readers see the old directory or the new one, never half of one. Closing without
 * committing deletes the staging directory and leaves the target as it was.
 *
 * <p>A commit takes two renames: the old target aside ({@code _replaced-<name>~<writer>~<n>}), then the
 * staging folder in. A process killed between them leaves no target; {@link #recover} (called by every
 * reader of a target, and by {@link #create}) moves the old one back, so a crash at any instant leaves the
 * old or the new directory readable. The names carry the {@link WriterId}: whatever a dead process left
 * beside a target is swept by the next writer there, and a live writer's folders are never touched.
 * Renames never replace: when another writer committed first, this commit fails rather than mixing the
 * two (Hadoop's local rename would copy the staging folder into the existing target).
 *
 * <p>A commit can carry a completeness marker (an index's {@code manifest.json}): written into the staging
 * folder before the rename where a folder rename is atomic, and into the target after it on an object
 * store, where a rename copies object by object (there the old target's marker goes first, so a copy
 * killed midway never looks complete); either way a target with the marker is whole.
 *
 * <p>Names starting with {@code _} are skipped by our readers and by Hadoop's input formats.
 */
public final class StagedDirectory implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(StagedDirectory.class);
  static final String STAGING = "_staging-";
  static final String REPLACED = "_replaced-";
  static final String DELETED = "_deleted-";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private boolean done;

  private StagedDirectory(FileSystem fs, Path target, Path staging) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
  }

  /** Starts writing a new version of {@code target}, first sweeping what dead writers left beside it. */
  public static StagedDirectory create(FileSystem fs, Path target) throws IOException {
    sweep(fs, target.getParent());
    Path staging = new Path(target.getParent(), name(STAGING, target.getName()));
    if (!fs.mkdirs(staging)) {
      throw new IOException("cannot create " + staging);
    }
    fs.deleteOnExit(staging); // a run that exits midway cleans up now; a killed one is swept by the next writer
    return new StagedDirectory(fs, target, staging);
  }

  private static String name(String kind, String target) {
    return kind + target + "~" + WriterId.SELF.text() + "~" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
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
    commit(null, null);
  }

  /**
   * Puts the new contents in place of the target with the file {@code marker} holding {@code data}, so
   * that a target holding the marker is complete on every file system.
   */
  public void commit(String marker, byte[] data) throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or aborted: " + target);
    }
    boolean objectStore = Backing.objectStore(fs, staging);
    if (marker != null && !objectStore) {
      AtomicFile.write(fs, new Path(staging, marker), data);
    }
    Path old = null;
    if (fs.exists(target)) {
      if (marker != null && objectStore) {
        fs.delete(new Path(target, marker), false); // the copy below is not atomic: it must never look whole
      }
      old = new Path(target.getParent(), name(REPLACED, target.getName()));
      if (!Backing.renameNoReplace(fs, target, old)) {
        throw new IOException("cannot move " + target + " aside: another command replaced or removed it at the same time");
      }
    }
    PausePoint.here("staged.aside");
    if (!Backing.renameNoReplace(fs, staging, target)) {
      // another writer committed in between: keep its target, and drop the old one we moved aside
      if (old != null && !Backing.renameNoReplace(fs, old, target)) {
        fs.delete(old, true);
      }
      throw new IOException("cannot put " + staging.getName() + " in place of " + target
          + ": another command replaced it at the same time; run this one again");
    }
    done = true;
    fs.cancelDeleteOnExit(staging);
    PausePoint.here("staged.renamed");
    if (marker != null && objectStore) {
      AtomicFile.write(fs, new Path(target, marker), data);
    }
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

  /**
   * Deletes {@code target} so that it disappears in one step: renamed aside under a hidden name first,
   * then deleted; what a killed process leaves aside is swept by the next writer. Returns whether it existed.
   */
  public static boolean delete(FileSystem fs, Path target) throws IOException {
    Path aside = new Path(target.getParent(), name(DELETED, target.getName()));
    if (!fs.exists(target) || !Backing.renameNoReplace(fs, target, aside)) {
      return false;
    }
    PausePoint.here("staged.deleted");
    fs.delete(aside, true);
    return true;
  }

  /**
   * Makes {@code target} readable again if a writer was killed between the two renames of its commit (the
   * old directory is moved back). Returns whether the target exists.
   */
  public static boolean recover(FileSystem fs, Path target) throws IOException {
    if (fs.exists(target)) {
      return true;
    }
    Left newest = null;
    for (FileStatus s : Backing.list(fs, target.getParent())) {
      Left l = Left.parse(s);
      if (l != null && l.kind.equals(REPLACED) && l.target.equals(target.getName()) && l.deadWriter
          && (newest == null || s.getModificationTime() > newest.status.getModificationTime())) {
        newest = l;
      }
    }
    if (newest == null) {
      return false;
    }
    // a failed rename means another command restored it (or committed) first
    return Backing.renameNoReplace(fs, newest.status.getPath(), target) || fs.exists(target);
  }

  /**
   * Deletes the staging folders and half-deleted directories dead writers left in {@code dir}, and the old
   * directories of commits that finished their second rename; restores an old directory whose commit did
   * not. Best effort: what cannot be removed now (another user's folder) is left for a later writer.
   */
  public static void sweep(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : Backing.list(fs, dir)) {
      Left l = Left.parse(s);
      if (l == null || !l.deadWriter) {
        continue;
      }
      try {
        // an old directory goes only once its target exists: recover may move this one back instead
        if (l.kind.equals(REPLACED) && !recover(fs, new Path(dir, l.target))) {
          continue;
        }
        if (fs.exists(s.getPath())) {
          fs.delete(s.getPath(), true);
        }
      } catch (IOException e) {
        LOG.debug("sweep: cannot remove {}: {}", s.getPath(), e.getMessage());
      }
    }
  }

  /** A staging, old or half-deleted directory beside a target, with whether its writer is certainly gone. */
  private record Left(String kind, String target, boolean deadWriter, FileStatus status) {
    static Left parse(FileStatus s) {
      String n = s.getPath().getName();
      String kind = n.startsWith(STAGING) ? STAGING : n.startsWith(REPLACED) ? REPLACED : n.startsWith(DELETED) ? DELETED : null;
      if (kind == null || !s.isDirectory()) {
        return null;
      }
      // <target>~<host>~<pid>~<start>~<n>: targets and hosts hold no '~'
      String rest = n.substring(kind.length());
      int writerEnd = rest.lastIndexOf('~');
      int targetEnd = writerEnd < 0 ? -1 : rest.lastIndexOf('~', rest.lastIndexOf('~', rest.lastIndexOf('~', writerEnd - 1) - 1) - 1);
      WriterId w = targetEnd < 0 ? null : WriterId.parse(rest.substring(targetEnd + 1, writerEnd));
      if (w != null) {
        return new Left(kind, rest.substring(0, targetEnd), w.dead(), s);
      }
      // an earlier version's name, <target>-<uuid>: no writer of this version is behind it
      if (rest.length() > 37 && rest.charAt(rest.length() - 37) == '-') {
        return new Left(kind, rest.substring(0, rest.length() - 37), true, s);
      }
      return null;
    }
  }
}
