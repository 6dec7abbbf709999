package io.proximace.cli;

import io.proximace.Units;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.format.FileFormat;
import io.proximace.format.FileUnload;
import io.proximace.table.TableFormat;
import io.proximace.table.TableUnload;
import io.proximace.table.Partition;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxima-ce unload}: MaxCompute's UNLOAD of a table partition into volume CSV files. */
@Command(name = "unload", mixinStandardHelpOptions = true,
    description = {"Write a table partition as CSV files (or, ours, Parquet, .npy or .fvecs: see --format) under a "
        + "volume path.", "Needs Write on the volume and Select on the table. Files are named unload-<id>-NNNNN.csv, a new "
            + "one every --split-size-mb (Parquet: one unload-<id>-00000.parquet).",
        "MaxCompute's setting for this is odps.stage.mapper.split.size."},
    footer = {"", "The statement:",
        "  unload from <t> [partition (pt='v')] \\",
        "      into location 'odps://<project>/<volume>/<path>/' \\",
        "      [stored by 'com.aliyun.odps.CsvStorageHandler'] \\",
        "      [with serdeproperties ('odps.text.option.delimiter'=',')]",
        "or, as MaxCompute also writes it:",
        "  unload from (select * from <t> where pt='v') into location '<url>'",
        "", "--format npy or fvecs (ours) of a (pk, vector) table writes",
        "  unload-<id>.npy    float32, shape (rows, dim), or unload-<id>.fvecs",
        "  _unload-<id>.pks   the pks, one a line (load --pks reads it back)",
        "and of an output table (pk, knn_result, score) with integer keys",
        "  unload-<id>.queries.npy    int64 (queries,)",
        "  unload-<id>.ids.npy        int64 (queries, topk), padded with -1",
        "  unload-<id>.distances.npy  float32 (queries, topk), padded with NaN",
        "or as fvecs: .queries.ivecs, .ids.ivecs and .distances.fvecs, one",
        "record per query, as long as its results."})
public final class UnloadCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--split-size-mb", paramLabel = "MB", defaultValue = "256",
      description = "Start a new file after this many megabytes (default: ${DEFAULT-VALUE}).")
  long splitSizeMb;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
      description = "csv, parquet, npy or fvecs (ours; default: ${DEFAULT-VALUE}); the files are listed below.")
  String format;

  @Parameters(paramLabel = "STATEMENT", description = "the rest of the UNLOAD statement")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    if (splitSizeMb < 1) {
      throw new ProximaException("--split-size-mb must be at least 1");
    }
    StatementParser.Unload unload = StatementParser.unload(Stream.concat(Stream.of("unload"), words.stream()).toList());
    Home home = ProximaCeCommand.of(spec).openHome();
    Table table = home.open(home.table(unload.table()), Privilege.SELECT);
    if (unload.partition() == null) {
      throw new ProximaException("unload: name the partition, e.g. partition (" + table.schema().partition().name() + "='1')");
    }
    Partition p = table.partition(table.parseSpec(unload.partition()));
    Path location = VfsCommand.path(home, unload.location());
    try (FileSystem fs = FileSystem.newInstance(location.toUri(), home.conf())) {
      boolean tableFormat = format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("parquet"); // a table's own formats
      long rows;
      int files;
      if (tableFormat) {
        TableUnload.Result r = TableUnload.to(p, fs, location, TableFormat.parse(format), unload.delimiter(), splitSizeMb << 20);
        rows = r.rows();
        files = r.files().size();
      } else {
        FileUnload.Result r = FileUnload.to(p, fs, location, FileFormat.parse(format));
        rows = r.rows();
        files = r.files().size();
      }
      spec.commandLine().getOut().println("unloaded " + Units.count(rows, "row") + " of " + p + " into " + Units.count(files, "file") + " under "
          + location);
    }
    return 0;
  }
}
