package io.proximace.cli;

import io.proximace.Units;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.table.CsvImport;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code proxima-ce load}: MaxCompute's LOAD of volume CSV files into a table partition. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Load every CSV file under a volume path into a table partition.",
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
      List<CsvImport.Source> sources = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(location, true);
      List<FileStatus> files = new ArrayList<>();
      while (it.hasNext()) {
        FileStatus s = it.next();
        String n = s.getPath().getName();
        if (!n.startsWith("_") && !n.startsWith(".")) {
          files.add(s);
        }
      }
      files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
      if (files.isEmpty()) {
        // an empty or mistyped folder must not empty a partition
        throw new ProximaException("load: no data files under " + location + (load.overwrite()
            ? "; nothing was changed (to empty the partition, drop it: table drop-partition)" : "; nothing was loaded"));
      }
      for (FileStatus s : files) {
        sources.add(new CsvImport.Source(s.getPath().toString(), () -> fs.open(s.getPath())));
      }
      long rows = CsvImport.load(table, value, sources, load.delimiter(), load.header(), load.overwrite());
      spec.commandLine().getOut().println("loaded " + Units.count(rows, "row") + " from " + Units.count(files.size(), "file") + " under " + location + " into "
          + table.name() + "/" + table.schema().partition().name() + "=" + value + (load.overwrite() ? " (overwritten)" : " (added)"));
    }
    return 0;
  }
}
