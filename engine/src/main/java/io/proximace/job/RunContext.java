package io.proximace.job;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.Partition;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.vector.PkType;
import io.proximace.volume.Volume;
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
final class RunContext implements AutoCloseable {
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

  final Map<Stage, Double> stageSeconds = new LinkedHashMap<>();
  long docs;
  long queries;
  long rowsWritten;
  Map<Integer, Double> recall = Map.of();
  int recallQueries;

  RunContext(JobSpec spec, Home home, Table docTable, Table queryTable, Volume volume, String indexRelative)
      throws IOException {
    this.spec = spec;
    this.home = home;
    this.docTable = docTable;
    this.queryTable = queryTable;
    this.volume = volume;
    this.indexDir = volume.odpsPath(indexRelative);
    this.indexUrl = volume.odpsUrl() + indexRelative;
    this.modelDir = volume.odpsPath(indexRelative + ".train");
    this.indexFs = home.volumeFs(volume.project());
    this.outputSchema = outputSchema(spec.pkType());
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
  Table outputTable() throws IOException {
    if (!home.warehouse().exists(spec.outputTable())) {
      LOG.info("creating output table {} ({}) partitioned by (pt STRING)", spec.outputTable(), outputSchema.columnsDdl());
      return home.warehouse().create(spec.outputTable(), outputSchema, true);
    }
    Table t = home.warehouse().table(spec.outputTable());
    checkOutput(t, outputSchema);
    return t;
  }

  Partition docPartition() {
    return docTable.partition(spec.docPartition());
  }

  Partition queryPartition() {
    return queryTable.partition(spec.queryPartition());
  }

  @Override
  public void close() throws IOException {
    indexFs.close();
  }

  /** {@code project.table/pt=value} of the output. */
  String outputName() {
    return spec.outputTable() + "/pt=" + spec.outputPartition();
  }
}
