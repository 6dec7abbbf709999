package io.proximace.cli;

import io.proximace.Units;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.format.Compression;
import io.proximace.format.FileFormat;
import io.proximace.format.FileImport;
import io.proximace.format.Source;
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

/** {@code proxima-ce load}: MaxCompute's LOAD of volume CSV files into a table partition. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Load every data file under a volume path into a table partition.",
        "CSV as MaxCompute does; also (ours) .npy, .fvecs, .bvecs, .ivecs and .jsonl by extension, each also as .gz, .bz2 or .zst, "
            + "and .parquet (columns matched to the table's by name).",
        "Needs Read on the volume and Update on the table. Overwrite replaces the partition in one step; into adds "
            + "one part file to it. A bad line changes nothing."},
    footer = {"", "The statement:",
        "  load overwrite|into table <t> [partition (pt='v')] \\",
        "      from location 'odps://<project>/<volume>/<path>/' \\",
        "      [stored by 'com.aliyun.odps.CsvStorageHandler'] \\",
        "      [with serdeproperties ('odps.text.option.delimiter'=',')]",
        "Quote the parentheses for the shell:",
        "  load overwrite table t \"partition (pt='1')\" from location odps://p/v/dir/"})
public final class LoadCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "npy, fvecs, bvecs, ivecs, jsonl, csv or parquet for every file, instead of each file's extension (ours)")
  String format;

  @Option(names = "--pks", paramLabel = "URL",
      description = "for npy and vecs files: a volume file of pks, one a line, in row order (default: row numbers from 0) (ours)")
  String pks;

  @Parameters(paramLabel = "STATEMENT", description = "the rest of the LOAD statement")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    StatementParser.Load load = StatementParser.load(Stream.concat(Stream.of("load"), words.stream()).toList());
    Home home = ProximaCeCommand.of(spec).openHome();
    Table table = home.open(home.table(load.table()), Privilege.UPDATE);
    String value;
    if (load.partition() == null) {
      throw new ProximaException("load: name the partition, e.g. partition (" + table.schema().partition().name() + "='1')");
    }
    value = table.parseSpec(load.partition());
    Path location = VfsCommand.path(home, load.location());
    try (FileSystem fs = FileSystem.newInstance(location.toUri(), home.conf())) {
      if (!fs.exists(location)) {
        throw new ProximaException("load: no such location " + location);
      }
      List<Source> sources = Source.under(fs, location);
      if (sources.isEmpty()) {
        // an empty or mistyped folder must not empty a partition
        throw new ProximaException("load: no data files under " + location + (load.overwrite()
            ? "; nothing was changed (to empty the partition, drop it: table drop-partition)" : "; nothing was loaded"));
      }
      Source pkSource = null;
      if (pks != null) {
        Path pkPath = VfsCommand.path(home, pks);
        pkSource = new Source(pks, () -> Compression.decompress(pkPath.getFileSystem(home.conf()).open(pkPath), pks));
      }
      FileImport.Options options = new FileImport.Options(format == null ? null : FileFormat.parse(format), pkSource, load.delimiter(), load.header());
      long rows = FileImport.load(table, value, sources, options, load.overwrite());
      spec.commandLine().getOut().println("loaded " + Units.count(rows, "row") + " from " + Units.count(sources.size(), "file") + " under " + location + " into "
          + table.name() + "/" + table.schema().partition().name() + "=" + value + (load.overwrite() ? " (overwritten)" : " (added)"));
    }
    return 0;
  }
}
