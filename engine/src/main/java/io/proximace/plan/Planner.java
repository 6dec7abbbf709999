package io.proximace.plan;

import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.StagedDirectory;
import io.proximace.index.CategorySet;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.ShardSet;
import io.proximace.input.CategoryInput;
import io.proximace.input.RowFormat;
import io.proximace.input.VectorInput;
import io.proximace.table.Column;
import io.proximace.table.Partition;
import io.proximace.table.ColumnType;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.vector.PkType;
import io.proximace.volume.Privilege;
import io.proximace.volume.Volume;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run's options into its {@link RunPlan}, failing before any work: opens the tables with the user's
 * privileges, resolves the partitions and records their files, checks the output table, the volume's privileges,
 * the first rows of the inputs, and for a run that searches an index built before, that index; then
 * {@link Placement} sizes the run. Every rule about which options and inputs go together is checked here or in
 * {@link JobSpec.Builder#build()}.
 */
public final class Planner {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

  private Planner() {}

  /** The plan of {@code spec}; {@code mapReduceAvailable} is false where no MapReduce executor exists. */
  public static RunPlan plan(Home home, JobSpec spec, boolean mapReduceAvailable) throws IOException {
    JobMode mode = spec.mode();
    RowFormat format = new RowFormat(spec.dimension(), spec.dataType(), spec.binaryToInt(), spec.pkType(), spec.vectorSeparator());
    Table doc = home.open(spec.docTable(), Privilege.SELECT);
    VectorInput.checkSchema(doc, "doc");
    String docPt = doc.parseSpec(spec.docPartition());
    // a missing partition fails here, naming it; a seek-only run may search an index whose partition is gone
    Partition docPartition = mode.has(Stage.BUILD) || mode.has(Stage.RECALL) || doc.hasPartition(docPt)
        ? doc.partition(docPt) : null;
    Table query = home.open(spec.queryTable(), Privilege.SELECT);
    VectorInput.checkSchema(query, "query");
    String queryPt = query.parseSpec(spec.queryPartition());
    Partition queryPartition = query.partition(queryPt);
    OutputRef output = output(home, spec);
    Inputs.Categorized categories = categories(doc, query, spec);

    VolumeCatalog catalog = home.volumes();
    Volume volume = catalog.get(spec.volume());
    // privileges first: a user who may not write the volume learns it before the docs are read
    boolean removeAfter = mode.has(Stage.BUILD) || mode.has(Stage.TRAIN)
        ? !Boolean.FALSE.equals(spec.cleanBuildVolume()) : Boolean.TRUE.equals(spec.cleanBuildVolume());
    boolean writesIndex = mode.has(Stage.BUILD) || mode.has(Stage.TRAIN) || removeAfter;
    catalog.check(Privilege.READ, volume);
    if (writesIndex || mode.has(Stage.RECALL)) {
      catalog.check(Privilege.WRITE, volume);
    }
    String relative = spec.ownerId() + "/indexes/" + spec.docTable().project() + "." + spec.docTable().name()
        + "/" + doc.schema().partition().name() + "=" + docPt + "/" + spec.algorithm().optionName();
    IndexPlan index = new IndexPlan(spec.algorithm(), spec.distance(), spec.converter(), spec.builderParams(),
        spec.searcherParams(), volume.name(), spec.ownerId(), relative, volume.odpsUrl() + relative, writesIndex, removeAfter,
        spec.acceptStaleIndex());

    // a -dimension or -data_type that does not fit the data fails here, before a run is sized for it
    if (mode.has(Stage.BUILD)) {
      VectorInput.checkFirstRows(docPartition, format, "doc");
    }
    VectorInput.checkFirstRows(queryPartition, format, "query");

    Fingerprint docFiles = docPartition == null ? null : docPartition.fingerprint();
    Placement.Built built = mode.has(Stage.BUILD) ? null : kept(home, volume, index,
        doc.name() + "/" + doc.schema().partition().name() + "=" + docPt, docFiles, mode);
    Placement.Estimate docEstimate = built != null ? new Placement.Estimate(built.docs(), 16)
        : Placement.estimate(docPartition);
    Placement.Estimate queryEstimate = Placement.estimate(queryPartition);
    PartitionRef docs = new PartitionRef(spec.docTable(), doc.schema().partition().name(), docPt, docFiles, docEstimate.rows());
    PartitionRef queries = new PartitionRef(spec.queryTable(), query.schema().partition().name(), queryPt,
        queryPartition.fingerprint(), queryEstimate.rows());
    Inputs inputs = new Inputs(format, docs, queries, categories);
    Selection selection = new Selection(spec.topk(), spec.thresholdScore(), spec.distance().truth().smallerIsCloser(),
        spec.targetRecall(), spec.recallSample(), spec.recallWarnBelow());
    Execution execution = Placement.place(spec, index, docEstimate, queryEstimate, built, categories != null,
        mapReduceAvailable);
    for (Table input : List.of(doc, query)) {
      if (execution.mapReduce() && input.external() != null) {
        // MapReduce tasks open their input files themselves, without the home's volume catalog
        throw new ProximaException("not supported yet: the external table " + input.name() + " as an input of a MapReduce run ("
            + execution.reason() + "); LOAD it into a table first, or run with -mode local");
      }
    }
    return new RunPlan(mode, inputs, index, execution, selection, output, spec.volumeFiles(), spec.volumeArchives(),
        spec.resume());
  }

  /** The output table's schema and resolved partition; the user must be able to update it, or to create it. */
  private static OutputRef output(Home home, JobSpec spec) throws IOException {
    Schema wanted = outputSchema(spec.pkType());
    if (home.warehouse().exists(spec.outputTable())) {
      Table out = home.open(spec.outputTable(), Privilege.UPDATE);
      out.checkWritable("hold a run's output");
      checkOutput(out, wanted);
      return new OutputRef(spec.outputTable(), out.parseSpec(spec.outputPartition()), out.schema());
    }
    home.grants(spec.outputTable().project()).check(home.user(), Privilege.CREATE_TABLE, null);
    return new OutputRef(spec.outputTable(), Table.parseSpec(spec.outputTable(), wanted, spec.outputPartition()), wanted);
  }

  /** {@code (pk, knn_result, score) PARTITIONED BY (pt)}, keys typed as {@code -pk_type} says. */
  static Schema outputSchema(PkType pkType) {
    ColumnType key = pkType == PkType.INT64 ? ColumnType.BIGINT : ColumnType.STRING;
    return new Schema(List.of(new Column("pk", key), new Column("knn_result", key),
        new Column("score", ColumnType.DOUBLE)), new Column("pt", ColumnType.STRING));
  }

  /**
   * Fails unless an existing output table has the output columns; in a Parquet table, which stores values typed,
   * each column must also be of the wanted type or STRING.
   */
  public static void checkOutput(Table t, Schema wanted) {
    List<Column> cols = t.schema().columns();
    boolean typed = t.schema().format() == TableFormat.PARQUET;
    boolean ok = cols.size() == wanted.columns().size();
    for (int i = 0; ok && i < cols.size(); i++) {
      Column want = wanted.columns().get(i);
      ColumnType type = cols.get(i).type();
      ok = cols.get(i).name().toLowerCase(Locale.ROOT).equals(want.name())
          && (!typed || type == want.type() || type == ColumnType.STRING);
    }
    if (!ok) {
      throw new ProximaException("output table " + t.name() + " has columns (" + t.schema().columnsDdl()
          + "); the runner writes (" + wanted.columnsDdl() + "): drop it or choose another -output_table");
    }
  }

  private static Inputs.Categorized categories(Table doc, Table query, JobSpec spec) {
    CategoryInput.Layout docs = CategoryInput.docs(doc, query, spec.categories().multiLabel());
    Categories c = spec.categories();
    if (docs == null) {
      if (c.threadNum() > 0 || c.rowNum() > 0 || c.colNum() > 0) {
        LOG.warn("-category_thread_num, -category_row_num and -category_col_num have no effect: doc table {} has no category column",
            doc.name());
      }
      return null;
    }
    if (c.rowNum() > 0 || c.colNum() > 0) {
      LOG.warn("-category_row_num {} and -category_col_num {} have no effect: proxima-ce searches every category in this JVM, "
          + "small ones by an exact scan (recorded in the plan)", c.rowNum(), c.colNum());
    }
    if (spec.targetRecall() != null) {
      throw new ProximaException("-target_recall does not tune multi-category runs yet: each category would need its own effort");
    }
    return new Inputs.Categorized(spec.categories(), docs, CategoryInput.queries(doc, query, spec.categories().multiLabel()));
  }

  /**
   * The index a seek-only run searches: it must exist, and its doc partition must not have changed since the build
   * (unless {@code -accept_stale_index true}).
   */
  private static Placement.Built kept(Home home, Volume volume, IndexPlan index, String docName, Fingerprint docFiles,
      JobMode mode) throws IOException {
    try (FileSystem fs = home.volumeFs(volume.project())) {
      Path dir = volume.odpsPath(index.relative());
      StagedDirectory.recover(fs, volume.odpsPath(index.relative() + ".train"));
      StagedDirectory.recover(fs, dir);
      ShardSet shards = ShardSet.read(fs, dir);
      CategorySet categories = shards == null ? CategorySet.read(fs, dir) : null;
      IndexManifest m = shards == null && categories == null ? IndexStore.manifest(fs, dir) : null;
      if (shards == null && categories == null && m == null) {
        throw new ProximaException("-job_mode " + mode + " needs an index built before, but there is none at " + index.url()
            + ": build one with -job_mode build:seek -clean_build_volume false");
      }
      Fingerprint from = shards != null ? shards.fingerprint() : categories != null ? categories.fingerprint() : m.fingerprint();
      checkFresh(index, from, docName, docFiles);
      long docs = shards != null ? shards.totalDocs() : categories != null ? categories.totalDocs() : m.docs();
      return new Placement.Built(docs, shards != null ? shards.count() : 1);
    }
  }

  /**
   * Refuses to seek an index whose doc partition changed since the build (re-imported, appended to),
   * unless {@code -accept_stale_index true}: its rows would name docs that are no longer there. A
   * partition dropped after the build is a warning: keeping only the index is a way of working.
   */
  private static void checkFresh(IndexPlan index, Fingerprint built, String docName, Fingerprint now) {
    if (built == null) {
      LOG.warn("seek: the index at {} was built by an earlier version, which did not record its doc partition's files; "
          + "it cannot be checked against {}", index.url(), docName);
      return;
    }
    if (now == null) {
      LOG.warn("seek: the doc partition {} no longer exists; searching the index built from it ({})", built.source(), built.describe());
      return;
    }
    if (built.files().equals(now.files())) {
      return;
    }
    String change = "the doc partition " + built.source() + " changed since the index at " + index.url() + " was built (then: "
        + built.describe() + "; now: " + now.describe() + ")";
    if (index.acceptStale()) {
      LOG.warn("seek: {}; searching the index as built (-accept_stale_index true)", change);
      return;
    }
    throw new ProximaException(change + ": rebuild it with -job_mode build:seek -clean_build_volume false, or search it as "
        + "built with -accept_stale_index true");
  }
}
