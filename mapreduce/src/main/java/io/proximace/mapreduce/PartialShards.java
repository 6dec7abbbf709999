package io.proximace.mapreduce;

import io.proximace.index.IndexStore;
import io.proximace.index.ShardSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The shards a MapReduce build has finished, kept beside the index ({@code <index>.partial/}) until every shard is
 * written, so that a build killed half-way resumes: the same build (the same key) run again builds only the missing
 * shards. Each shard is complete once its manifest is there (the index store writes it last); {@code _key} says which
 * build the shards belong to.
 */
final class PartialShards {
  private final FileSystem fs;
  private final Path dir;
  private final List<Integer> done;

  private PartialShards(FileSystem fs, Path dir, List<Integer> done) {
    this.fs = fs;
    this.dir = dir;
    this.done = done;
  }

  /**
   * The finished shards at {@code dir} of the build {@code key} when {@code resume}; otherwise (or when they belong to
   * another build) an empty folder for this one.
   */
  static PartialShards open(FileSystem fs, Path dir, String key, boolean resume, int columns) throws IOException {
    Path keyFile = new Path(dir, "_key");
    if (resume && fs.exists(keyFile)) {
      String kept;
      try (InputStream in = fs.open(keyFile)) {
        kept = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (kept.equals(key)) {
        fs.delete(new Path(dir, "_rejects"), true); // what the interrupted job rejected is found again, or not at all
        List<Integer> done = new ArrayList<>();
        for (int s = 0; s < columns; s++) {
          if (IndexStore.manifest(fs, ShardSet.shardDir(dir, s)) != null) {
            done.add(s);
          }
        }
        return new PartialShards(fs, dir, done);
      }
    }
    if (fs.exists(dir)) {
      fs.delete(dir, true);
    }
    fs.mkdirs(dir);
    try (OutputStream out = fs.create(keyFile, false)) {
      out.write(key.getBytes(StandardCharsets.UTF_8));
    }
    return new PartialShards(fs, dir, List.of());
  }

  /** Where the build's reducers write their shards. */
  Path dir() {
    return dir;
  }

  /** The shards finished before, which this build skips. */
  List<Integer> done() {
    return done;
  }

  /** Moves every shard into {@code target} (the staged index folder) and removes this folder. */
  void moveInto(Path target, int columns) throws IOException {
    for (int s = 0; s < columns; s++) {
      Path shard = ShardSet.shardDir(dir, s);
      if (fs.exists(shard) && !fs.rename(shard, ShardSet.shardDir(target, s))) {
        throw new IOException("cannot move the finished shard " + shard + " into " + target);
      }
    }
    fs.delete(dir, true);
  }

  /** Removes the folder: a build that will not be resumed. */
  void delete() throws IOException {
    fs.delete(dir, true);
  }
}
