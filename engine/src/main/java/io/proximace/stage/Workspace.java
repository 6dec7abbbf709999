package io.proximace.stage;

import io.proximace.home.Home;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.StagedDirectory;
import io.proximace.fs.WriterLock;
import io.proximace.index.CategorySet;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.ShardSet;
import io.proximace.plan.OutputRef;
import io.proximace.plan.PartitionRef;
import io.proximace.plan.Planner;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import io.proximace.table.Partition;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import io.proximace.volume.Volume;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run reads and writes: the home's tables, its volume's {@code odps://} file system (through which every index
 * file is read and written with the acting user's privileges) and the index folder. A run that writes the index holds
 * the folder's lock until {@link #close}. It holds resources, not results: stages return those.
 */
public final class Workspace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

  private final Home home;
  private final Volume volume;
  private final FileSystem fs;
  private final Path indexDir;
  private final Path modelDir;
  private final Path partialDir;
  private final String indexUrl;
  private WriterLock lock;

  private Workspace(Home home, Volume volume, FileSystem fs, String indexRelative, String indexUrl) {
    this.home = home;
    this.volume = volume;
    this.fs = fs;
    this.indexDir = volume.odpsPath(indexRelative);
    this.modelDir = volume.odpsPath(indexRelative + ".train");
    this.partialDir = volume.odpsPath(indexRelative + ".partial");
    this.indexUrl = indexUrl;
  }

  /**
   * Opens the volume of {@code plan}'s index; a run that writes the index takes its lock, finishes what a killed
   * commit left, and removes the files of a build killed before its commit marker.
   */
  public static Workspace open(Home home, RunPlan plan) throws IOException {
    Volume volume = home.volumes().get(plan.index().volume());
    Workspace ws = new Workspace(home, volume, home.volumeFs(volume.project()), plan.index().relative(), plan.index().url());
    try {
      if (plan.index().writes()) {
        ws.lock = WriterLock.acquire(ws.fs, volume.odpsPath(plan.index().relative().replaceFirst("[^/]+$", "_$0.lock")),
            "building or removing the index " + ws.indexUrl);
      }
      StagedDirectory.recover(ws.fs, ws.modelDir);
      boolean exists = StagedDirectory.recover(ws.fs, ws.indexDir);
      if (plan.stages().has(Stage.BUILD) && exists && ws.kept() == null) {
        // files of a build killed before its commit marker (an object store's copy): nothing reads them
        StagedDirectory.delete(ws.fs, ws.indexDir);
      }
    } catch (IOException | RuntimeException e) {
      ws.close();
      throw e;
    }
    return ws;
  }

  /** A complete index at the index folder (one index, shards or categories), with the doc files it was built from. */
  public record Kept(Fingerprint builtFrom) {}

  /**
   * The complete index at the index folder; null when there is none (or only a killed build's files). An index
   * of an earlier version did not record its doc files: {@code builtFrom} is null then.
   */
  public Kept kept() throws IOException {
    IndexManifest m = IndexStore.manifest(fs, indexDir);
    if (m != null) {
      return new Kept(m.fingerprint());
    }
    ShardSet shards = ShardSet.read(fs, indexDir);
    if (shards != null) {
      return new Kept(shards.fingerprint());
    }
    CategorySet categories = CategorySet.read(fs, indexDir);
    return categories == null ? null : new Kept(categories.fingerprint());
  }

  /**
   * The builder parameters in effect, defaults included, as the index at the index folder recorded them in its
   * manifest (a sharded index: its first shard's; a multi-category index: its first category of the run's
   * algorithm); null when there is no index there.
   */
  public java.util.Map<String, Object> builtWith(RunPlan plan) throws IOException {
    IndexManifest m = IndexStore.manifest(fs, indexDir);
    if (m == null && ShardSet.read(fs, indexDir) != null) {
      m = IndexStore.manifest(fs, ShardSet.shardDir(indexDir, 0));
    }
    CategorySet categories = m == null ? CategorySet.read(fs, indexDir) : null;
    if (categories != null) {
      String algo = plan.index().algorithm().optionName();
      Long id = categories.parts().entrySet().stream().filter(e -> e.getValue().algo().equals(algo)).map(java.util.Map.Entry::getKey)
          .findFirst().orElse(null);
      m = id == null ? null : IndexStore.manifest(fs, CategorySet.dir(indexDir, id));
    }
    return m == null ? null : m.builderParams(plan.index().algorithm().buildKeys());
  }

  /** The home whose tables and volumes the run uses. */
  public Home home() {
    return home;
  }

  /** The volume that holds the index. */
  public Volume volume() {
    return volume;
  }

  /** The run's {@code odps://} file system, acting as the run's user. */
  public FileSystem fs() {
    return fs;
  }

  /** The index folder, an {@code odps://} path. */
  public Path indexDir() {
    return indexDir;
  }

  /** What train learned, beside the index: {@code <algo>.train}. */
  public Path modelDir() {
    return modelDir;
  }

  /** Where a MapReduce build keeps the shards it finished until all are: {@code <algo>.partial}, beside the index. */
  public Path partialDir() {
    return partialDir;
  }

  /** The index folder as a user reads it. */
  public String indexUrl() {
    return indexUrl;
  }

  /** An input partition of the plan. */
  public Partition partition(PartitionRef ref) {
    return home.warehouse().table(ref.table()).partition(ref.value());
  }

  /** The output table, created now if missing. */
  public Table outputTable(OutputRef out) throws IOException {
    if (!home.warehouse().exists(out.table())) {
      LOG.info("creating output table {} ({}) partitioned by (pt STRING)", out.table(), out.schema().columnsDdl());
      return home.create(out.table(), out.schema(), true);
    }
    Table t = home.open(out.table(), Privilege.UPDATE);
    Planner.checkOutput(t, out.schema());
    return t;
  }

  /** The output partition's files, or null when it does not exist. */
  public Fingerprint outputFiles(OutputRef out) {
    if (!home.warehouse().exists(out.table())) {
      return null;
    }
    Table t = home.warehouse().table(out.table());
    return t.hasPartition(out.partition()) ? t.partition(out.partition()).fingerprint() : null;
  }

  /** Removes the index, what train learned and the shards of an unfinished build; true when there was an index. */
  public boolean removeIndex() throws IOException {
    StagedDirectory.delete(fs, modelDir);
    if (fs.exists(partialDir)) {
      fs.delete(partialDir, true);
    }
    return StagedDirectory.delete(fs, indexDir);
  }

  @Override
  public void close() throws IOException {
    try (FileSystem f = fs; WriterLock l = lock) {
      lock = null;
    }
  }
}
