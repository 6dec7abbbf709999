package io.proximace.job;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.StagedDirectory;
import io.proximace.fs.WriterLock;
import io.proximace.index.CategorySet;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.ShardSet;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.Partition;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.vector.PkType;
import io.proximace.volume.Privilege;
import io.proximace.volume.Volume;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's resolved inputs and outputs, checked before any stage starts, and what the stages report.
 * Holds the run's {@code odps://} file system, through which every index file is read and written with
 * the acting user's privileges: close it when the run ends.
 */
public final class RunContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);

  final JobSpec spec;
  final Home home;
  final Table docTable;
  final Table queryTable;
  final Volume volume;
  /** The index folder: {@code <owner>/indexes/<project>.<table>/pt=<value>/<algo>} on the volume. */
  final Path indexDir;
  final String indexUrl;
  /** What train learned, beside the index: {@code <algo>.train}. */
  final Path modelDir;
  final FileSystem indexFs;
  /** The output table's schema: created with it when missing. */
  final Schema outputSchema;
  /** The index folder's lock, held by a run that writes the index; null otherwise. */
  private WriterLock lock;

  final Map<Stage, Double> stageSeconds = new LinkedHashMap<>();
  long docs;
  long queries;
  long rowsWritten;
  Map<Integer, Double> recall = Map.of();
  int recallQueries;
  /** Local or MapReduce, and the shard counts: decided after {@link #open}. */
  Plan plan;
  /** The category columns of a multi-category run; null for one without categories. */
  final CategoryInput.Layout docCategories;
  final CategoryInput.Layout queryCategories;
  /** Searcher parameters a tuned run uses instead of {@code -searcher_params}; null when not tuned. */
  JobSpec tuned;
  /** The exact neighbours of the queries {@code -target_recall} held out, on which the output is measured. */
  RecallStage.Truth sampledTruth;
  /** The recall-effort curve of {@code -target_recall}: effort, Recall@topk. */
  java.util.List<double[]> tuning = java.util.List.of();

  RunContext(JobSpec spec, Home home, Table docTable, Table queryTable, Volume volume, String indexRelative, Schema outputSchema)
      throws IOException {
    this.spec = spec;
    this.home = home;
    this.docTable = docTable;
    this.queryTable = queryTable;
    this.volume = volume;
    this.docCategories = CategoryInput.docs(docTable, queryTable, spec.categories());
    this.queryCategories = docCategories == null ? null : CategoryInput.queries(docTable, queryTable, spec.categories());
    if (docCategories != null && spec.targetRecall() != null) {
      throw new ProximaException("-target_recall does not tune multi-category runs yet: each category would need its own effort");
    }
    this.indexDir = volume.odpsPath(indexRelative);
    this.indexUrl = volume.odpsUrl() + indexRelative;
    this.modelDir = volume.odpsPath(indexRelative + ".train");
    this.outputSchema = outputSchema;
    this.indexFs = home.volumeFs(volume.project()); // last: close() releases it
  }

  /** Whether docs and queries have categories. */
  public boolean categorized() {
    return docCategories != null;
  }

  /**
   * Resolves tables, partitions, the volume and the index folder of {@code spec}, checking the user's
   * privileges and the first rows of the inputs, failing before any work. A run that writes the index
   * holds its lock until {@link #close}.
   */
  static RunContext open(Home home, JobSpec spec) throws IOException {
    Table doc = home.open(spec.docTable(), Privilege.SELECT);
    VectorInput.checkSchema(doc, "doc");
    String docPt = doc.parseSpec(spec.docPartition());
    if (spec.mode().has(Stage.BUILD) || spec.mode().has(Stage.RECALL)) {
      doc.partition(docPt);
    }
    Table query = home.open(spec.queryTable(), Privilege.SELECT);
    VectorInput.checkSchema(query, "query");
    String queryPt = query.parseSpec(spec.queryPartition());
    query.partition(queryPt);
    Schema outputSchema = outputSchema(spec.pkType());
    String outPt;
    if (home.warehouse().exists(spec.outputTable())) {
      Table out = home.open(spec.outputTable(), Privilege.UPDATE);
      checkOutput(out, outputSchema);
      outPt = out.parseSpec(spec.outputPartition());
      outputSchema = out.schema();
    } else {
      home.grants(spec.outputTable().project()).check(home.user(), Privilege.CREATE_TABLE, null);
      outPt = Table.parseSpec(spec.outputTable(), outputSchema, spec.outputPartition());
    }
    JobSpec resolved = spec.toBuilder().docs(spec.docTable(), docPt).queries(spec.queryTable(), queryPt)
        .output(spec.outputTable(), outPt).build();
    VolumeCatalog catalog = home.volumes();
    Volume volume = catalog.get(spec.volume());
    // privileges first: a user who may not write the volume learns it before the docs are read
    boolean writesIndex = spec.mode().has(Stage.BUILD) || spec.mode().has(Stage.TRAIN) || Boolean.TRUE.equals(spec.cleanBuildVolume());
    catalog.grants().check(home.user(), Privilege.READ, volume.name());
    if (writesIndex || spec.mode().has(Stage.RECALL)) {
      catalog.grants().check(home.user(), Privilege.WRITE, volume.name());
    }
    String indexRelative = spec.ownerId() + "/indexes/" + spec.docTable().project() + "." + spec.docTable().name()
        + "/" + doc.schema().partition().name() + "=" + docPt + "/" + spec.algorithm().optionName();
    RunContext ctx = new RunContext(resolved, home, doc, query, volume, indexRelative, outputSchema);
    try {
      // a -dimension or -data_type that does not fit the data fails here, before a plan is sized for it
      if (spec.mode().has(Stage.BUILD)) {
        VectorInput.checkFirstRows(doc.partition(docPt), resolved, "doc");
      }
      VectorInput.checkFirstRows(query.partition(queryPt), resolved, "query");
      if (writesIndex) {
        ctx.lock = WriterLock.acquire(ctx.indexFs, volume.odpsPath(indexRelative.replaceFirst("[^/]+$", "_$0.lock")),
            "building or removing the index " + ctx.indexUrl);
      }
      // reaching the volume now reports a vanished folder or refused credentials before any work
      StagedDirectory.recover(ctx.indexFs, ctx.modelDir);
      boolean exists = StagedDirectory.recover(ctx.indexFs, ctx.indexDir);
      Kept kept = exists ? ctx.kept() : null;
      if (spec.mode().has(Stage.BUILD) && exists && kept == null) {
        // files of a build killed before its commit marker (an object store's copy): nothing reads them
        StagedDirectory.delete(ctx.indexFs, ctx.indexDir);
      }
      if (!spec.mode().has(Stage.BUILD)) {
        if (kept == null) {
          throw new ProximaException("-job_mode " + spec.mode() + " needs an index built before, but there is none at "
              + ctx.indexUrl + ": build one with -job_mode build:seek -clean_build_volume false");
        }
        checkFresh(ctx, kept.builtFrom(), doc, docPt);
      }
    } catch (IOException | RuntimeException e) {
      ctx.close();
      throw e;
    }
    return ctx;
  }

  /** A complete index kept at the index folder (one index, shards or categories) and the doc files it was built from. */
  private record Kept(Fingerprint builtFrom) {}

  /** The index kept at the index folder, or null when there is none (or only a killed build's files). */
  private Kept kept() throws IOException {
    IndexManifest m = IndexStore.manifest(indexFs, indexDir);
    if (m != null) {
      return new Kept(m.fingerprint());
    }
    ShardSet shards = ShardSet.read(indexFs, indexDir);
    if (shards != null) {
      return new Kept(shards.fingerprint());
    }
    CategorySet categories = CategorySet.read(indexFs, indexDir);
    return categories == null ? null : new Kept(categories.fingerprint());
  }

  /**
   * Refuses to seek an index whose doc partition changed since the build (re-imported, appended to),
   * unless {@code -accept_stale_index true}: its rows would name docs that are no longer there. A
   * partition dropped after the build is a warning: keeping only the index is a way of working.
   */
  private static void checkFresh(RunContext ctx, Fingerprint built, Table doc, String docPt) {
    if (built == null) {
      LOG.warn("seek: the index at {} was built by an earlier version, which did not record its doc partition's files; "
          + "it cannot be checked against {}/{}={}", ctx.indexUrl, doc.name(), doc.schema().partition().name(), docPt);
      return;
    }
    if (!doc.hasPartition(docPt)) {
      LOG.warn("seek: the doc partition {} no longer exists; searching the index built from it ({})", built.source(), built.describe());
      return;
    }
    Fingerprint now = doc.partition(docPt).fingerprint();
    if (built.files().equals(now.files())) {
      return;
    }
    String change = "the doc partition " + built.source() + " changed since the index at " + ctx.indexUrl + " was built (then: "
        + built.describe() + "; now: " + now.describe() + ")";
    if (ctx.spec.acceptStaleIndex()) {
      LOG.warn("seek: {}; searching the index as built (-accept_stale_index true)", change);
      return;
    }
    throw new ProximaException(change + ": rebuild it with -job_mode build:seek -clean_build_volume false, or search it as "
        + "built with -accept_stale_index true");
  }

  public JobSpec spec() {
    return spec;
  }

  public Home home() {
    return home;
  }

  public Volume volume() {
    return volume;
  }

  /** The index folder, an {@code odps://} path. */
  public Path indexDir() {
    return indexDir;
  }

  /** The index folder as a user reads it. */
  public String indexUrl() {
    return indexUrl;
  }

  /** What train learned, beside the index. */
  public Path modelDir() {
    return modelDir;
  }

  /** The run's {@code odps://} file system, acting as the run's user. */
  public FileSystem indexFs() {
    return indexFs;
  }

  public Plan plan() {
    return plan;
  }

  /** Records what the build or seek did, for the summary. */
  public void counted(long docs, long queries, long rowsWritten) {
    this.docs = docs;
    this.queries = queries;
    this.rowsWritten = rowsWritten;
  }

  /** {@code (pk, knn_result, score) PARTITIONED BY (pt)}, keys typed as {@code -pk_type} says. */
  static Schema outputSchema(PkType pkType) {
    ColumnType key = pkType == PkType.INT64 ? ColumnType.BIGINT : ColumnType.STRING;
    return new Schema(List.of(new Column("pk", key), new Column("knn_result", key),
        new Column("score", ColumnType.DOUBLE)), new Column("pt", ColumnType.STRING));
  }

  /** Fails unless an existing output table has the output columns. */
  static void checkOutput(Table t, Schema wanted) {
    List<Column> cols = t.schema().columns();
    boolean ok = cols.size() == wanted.columns().size();
    for (int i = 0; ok && i < cols.size(); i++) {
      ok = cols.get(i).name().toLowerCase(Locale.ROOT).equals(wanted.columns().get(i).name());
    }
    if (!ok) {
      throw new ProximaException("output table " + t.name() + " has columns (" + t.schema().columnsDdl()
          + "); the runner writes (" + wanted.columnsDdl() + "): drop it or choose another -output_table");
    }
  }

  /** The output table, created now if missing. */
  public Table outputTable() throws IOException {
    if (!home.warehouse().exists(spec.outputTable())) {
      LOG.info("creating output table {} ({}) partitioned by (pt STRING)", spec.outputTable(), outputSchema.columnsDdl());
      return home.create(spec.outputTable(), outputSchema, true);
    }
    Table t = home.open(spec.outputTable(), Privilege.UPDATE);
    checkOutput(t, outputSchema);
    return t;
  }

  public Partition docPartition() {
    return docTable.partition(spec.docPartition());
  }

  public Partition queryPartition() {
    return queryTable.partition(spec.queryPartition());
  }

  @Override
  public void close() throws IOException {
    try (FileSystem fs = indexFs; WriterLock l = lock) {
      lock = null;
    }
  }

  /** {@code project.table/pt=value} of the output, with the table's own partition column. */
  public String outputName() {
    return spec.outputTable() + "/" + outputSchema.partition().name() + "=" + spec.outputPartition();
  }
}
