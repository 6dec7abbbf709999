package io.proximace.cli;

import io.proximace.Units;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.format.FileFormat;
import io.proximace.format.FileImport;
import io.proximace.format.Source;
import io.proximace.table.CsvWriter;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.External;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.volume.Privilege;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxima-ce table}: create, fill, show and drop tables of the embedded warehouse. Each needs its
 * privilege on the table: CreateTable on the project to create, Update to import or add a partition,
 * Select to show, Describe to describe, Drop to drop a table or a partition.
 */
@Command(name = "table", mixinStandardHelpOptions = true,
    description = "Tables of the warehouse: Hive-style folders <home>/warehouse/<project>/<table>/pt=<value>/part-*.csv (or .parquet).")
public final class TableCommand {
  /** The table format's output choices. */
  enum Format { table, csv }

  @Spec
  CommandSpec spec;

  private Home home() {
    return ProximaCeCommand.of(spec).openHome();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a table.")
  int create(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "COLUMNS", description = "\"pk STRING, vector STRING\" (types: STRING, BIGINT, DOUBLE, ARRAY<FLOAT> in Parquet tables; add category BIGINT for multi-category)") String columns,
      @Option(names = "--partitioned-by", paramLabel = "COLUMN", defaultValue = "pt STRING", description = "the partition column (default: ${DEFAULT-VALUE})") String partition,
      @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "data files: csv or parquet (default: ${DEFAULT-VALUE})") String format,
      @Option(names = "--if-not-exists", description = "no error when the table exists") boolean ifNotExists) throws IOException {
    Home h = home();
    Schema schema = Schema.parse(columns, partition, TableFormat.parse(format));
    Table t = h.create(h.table(name), schema, ifNotExists);
    out().println("table " + t.name() + " (" + t.schema().columnsDdl() + ") partitioned by (" + t.schema().partition() + ")"
        + (t.schema().format() == TableFormat.CSV ? "" : " stored as " + t.schema().format()));
    return 0;
  }

  @Command(name = "create-external", mixinStandardHelpOptions = true,
      description = "Create a read-only table over CSV or Parquet files on a volume: <location>/pt=<value>/* (or, with "
          + "--unpartitioned, <location>/*).")
  int createExternal(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "COLUMNS", description = "\"pk STRING, vector STRING\" (ARRAY<FLOAT> in Parquet files)") String columns,
      @Option(names = "--location", required = true, paramLabel = "URL", description = "odps://<project>/<volume>/<path>/") String location,
      @Option(names = "--partitioned-by", paramLabel = "COLUMN", description = "the partition column (default: pt STRING)") String partition,
      @Option(names = "--unpartitioned", description = "(ours) no partition folders: the files directly under the location are "
          + "the one partition, named " + External.WHOLE) boolean unpartitioned,
      @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "data files: csv or parquet (default: ${DEFAULT-VALUE})") String format,
      @Option(names = "--delimiter", paramLabel = "CHAR", description = "a CSV file's field delimiter (default: ,; \\t for a tab)") String delimiter,
      @Option(names = "--if-not-exists", description = "no error when the table exists") boolean ifNotExists) throws IOException {
    if (unpartitioned && partition != null) {
      throw new ProximaException("--unpartitioned and --partitioned-by " + partition + " contradict each other: give one");
    }
    Home h = home();
    Schema schema = Schema.parse(columns, partition == null ? "pt STRING" : partition, TableFormat.parse(format));
    External external = new External(location, delimiter == null || delimiter.equals(",") && schema.format() == TableFormat.CSV
        ? Map.of() : Map.of(External.DELIMITER, delimiter), !unpartitioned);
    Table t = h.createExternal(h.table(name), schema, external, ifNotExists);
    if (t.external() == null) {
      throw new ProximaException("table " + t.name() + " already exists and is not external");
    }
    out().println("external table " + t.name() + " (" + t.schema().columnsDdl() + ") "
        + (t.external().partitioned() ? "partitioned by (" + t.schema().partition() + ")" : "unpartitioned")
        + (t.schema().format() == TableFormat.CSV ? "" : " stored as " + t.schema().format()) + " at " + t.external().location());
    List<String> unread = t.unread();
    if (!unread.isEmpty() && t.partitioned()) {
      out().println("note: the location holds " + Units.count(unread.size(), "file") + " outside the partition folders; the table reads only its "
          + t.schema().partition().name() + "=<value>/ folders (--unpartitioned reads the files directly under the location)");
    } else if (!unread.isEmpty()) {
      out().println("note: the location holds " + Units.count(unread.size(), "folder") + " (" + String.join(", ", unread.subList(0, Math.min(3, unread.size())))
          + (unread.size() > 3 ? ", ..." : "") + "); the table has no partitions and reads only the files directly under the location"
          + " (in SQL, PARTITIONED BY (pt STRING) reads pt=<value>/ folders)");
    }
    return 0;
  }

  @Command(name = "add-partition", mixinStandardHelpOptions = true, description = "Add an empty partition.")
  int addPartition(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "pt=VALUE", description = "the partition: pt=value, or the value alone") String pt,
      @Option(names = "--if-not-exists", description = "no error when the partition exists") boolean ifNotExists) throws IOException {
    Home h = home();
    Table t = h.open(h.table(name), Privilege.UPDATE);
    Partition p = t.addPartition(t.parseSpec(pt), ifNotExists);
    out().println("partition " + p + " added");
    return 0;
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Load a file, or a folder of part files, into a partition, replacing it in one step (a bad record changes nothing).",
          "Formats by extension (ours): .csv, .npy (float32 or int8, 2-d, C order), .fvecs, .bvecs, .ivecs, .jsonl "
              + "({\"pk\":..,\"vector\":[..]}), each also compressed as .gz, .bz2 or .zst; .parquet (columns by name); other names are read as CSV."})
  int importFile(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "pt=VALUE", description = "the partition: pt=value, or the value alone") String pt,
      @Option(names = "--file", required = true, paramLabel = "PATH",
          description = "a file; a folder (every file under it, sorted, names starting with _ or . skipped); or - for standard input") String file,
      @Option(names = "--format", paramLabel = "FORMAT",
          description = "npy, fvecs, bvecs, ivecs, jsonl, csv or parquet, instead of the extension's (ours)") String format,
      @Option(names = "--pks", paramLabel = "FILE",
          description = "for npy and vecs files: the pks, one a line, in row order (default: row numbers from 0) (ours)") String pks,
      @Option(names = "--header", description = "CSV: the first line names the columns") boolean header,
      @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "CSV field delimiter; \\t for tab (default: ${DEFAULT-VALUE})") String delimiter) throws IOException {
    Home h = home();
    Table t = h.open(h.table(name), Privilege.UPDATE);
    String value = t.parseSpec(pt);
    String d = delimiter.equals("\\t") ? "\t" : delimiter;
    if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) > 127) {
      throw new ProximaException("--delimiter must be one ASCII character other than '\"', not '" + delimiter + "'");
    }
    FileFormat forced = format == null ? null : FileFormat.parse(format);
    FileSystem local = FileSystem.getLocal(h.conf());
    List<Source> sources = file.equals("-") ? List.of(new Source("standard input", () -> System.in)) : localSources(local, file);
    if (sources.isEmpty()) {
      throw new ProximaException("--file " + file + " is a folder with no data files; nothing was changed");
    }
    if (pks != null && Files.isDirectory(Path.of(pks))) {
      throw new ProximaException("--pks " + pks + " is a folder: name the file of pks, one a line");
    }
    Source pkSource = pks == null ? null : localSources(local, pks).getFirst();
    long rows = FileImport.load(t, value, sources, new FileImport.Options(forced, pkSource, d.charAt(0), header), true);
    out().println("imported " + Units.count(rows, "row") + " into " + t.name() + "/" + t.schema().partition().name() + "=" + value);
    return 0;
  }

  /** A local file, named as the user wrote it, or the data files of a local folder. */
  private static List<Source> localSources(FileSystem local, String file) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(Path.of(file).toAbsolutePath().toUri());
    if (!Files.exists(Path.of(file))) {
      throw new ProximaException("no such file: " + file);
    }
    if (Files.isDirectory(Path.of(file))) {
      return Source.under(local, path);
    }
    return List.of(Source.of(local, local.getFileStatus(path), file));
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a partition's rows, the partition column last.")
  int show(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "pt=VALUE", description = "the partition: pt=value, or the value alone") String pt,
      @Option(names = "--limit", paramLabel = "N", description = "at most N rows (default: 1000 as a table, all as csv)") Integer limit,
      @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or csv (default: ${DEFAULT-VALUE})") Format format) throws IOException {
    Home h = home();
    Table t = h.open(h.table(name), Privilege.SELECT);
    Partition p = t.partition(t.parseSpec(pt));
    Schema s = t.schema();
    List<String> header = new ArrayList<>();
    s.columns().forEach(c -> header.add(c.name()));
    header.add(s.partition().name());
    long max = limit != null ? limit : format == Format.table ? 1000 : Long.MAX_VALUE;
    if (max < 0) {
      throw new ProximaException("--limit must not be negative");
    }
    PrintWriter out = out();
    if (format == Format.csv) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      CsvWriter csv = new CsvWriter(buf);
      for (String col : header) {
        csv.field(col);
      }
      csv.endRow();
      try (PartitionReader rows = p.open()) {
        while (rows.row() < max && rows.next()) {
          for (int f = 0; f < s.columns().size(); f++) {
            int from = rows.start(f);
            int to = rows.end(f);
            csv.field(rows.buffer(), from, to);
          }
          csv.field(p.value());
          csv.endRow();
          if (buf.size() > 1 << 16) {
            csv.flush();
            out.print(buf.toString(StandardCharsets.UTF_8));
            buf.reset();
          }
        }
      }
      csv.flush();
      out.print(buf.toString(StandardCharsets.UTF_8));
      out.flush();
      return 0;
    }
    List<String[]> shown = new ArrayList<>();
    boolean more = false;
    try (PartitionReader rows = p.open()) {
      while (rows.next()) {
        if (shown.size() >= max) {
          more = true;
          break;
        }
        String[] row = new String[header.size()];
        for (int f = 0; f < s.columns().size(); f++) {
          row[f] = rows.field(f);
        }
        row[row.length - 1] = p.value();
        shown.add(row);
      }
    }
    TablePrinter.print(out, header, shown);
    out.println(Units.count(shown.size(), "row") + (more ? " shown; there are more (use --limit)" : ""));
    out.flush();
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the project's tables.")
  int list() {
    Home h = home();
    for (String t : h.warehouse().tables(h.project())) {
      boolean external = h.warehouse().external(h.table(t)) != null;
      out().println(external ? t + " (external)" : t);
    }
    return 0;
  }

  @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a table's columns and partitions.")
  int describe(@Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name) {
    Home h = home();
    Table t = h.open(h.table(name), Privilege.DESCRIBE);
    PrintWriter out = out();
    out.println("table:          " + t.name());
    out.println("columns:        " + t.schema().columnsDdl());
    out.println("partitioned by: " + (t.external() != null && !t.external().partitioned()
        ? "none (one partition, " + External.WHOLE + ": the files directly under the location)" : t.schema().partition()));
    out.println("format:         " + t.schema().format());
    out.println("location:       " + (t.external() != null ? t.external().location() : t.dir()));
    if (t.external() != null) {
      out.println("external:       read-only " + t.schema().format().toString().toUpperCase(java.util.Locale.ROOT) + ", "
          + (t.external().properties().isEmpty() ? "no serde properties"
          : t.external().properties().entrySet().stream().map(e -> "'" + e.getKey() + "'='" + e.getValue() + "'")
            .collect(java.util.stream.Collectors.joining(", "))));
    }
    List<String> values = t.partitionValues();
    out.println("partitions:     " + values.size());
    for (String v : values) {
      Partition p = t.partition(v);
      List<FileStatus> files = p.files();
      long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
      out.println("  " + t.schema().partition().name() + "=" + v + "  " + files.size() + " file" + (files.size() == 1 ? "" : "s")
          + ", " + bytes + " bytes");
    }
    return 0;
  }

  @Command(name = "drop", mixinStandardHelpOptions = true,
      description = "Delete a table and all its partitions (an external table's files stay on the volume).")
  int drop(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Option(names = "--if-exists", description = "no error when the table does not exist") boolean ifExists) throws IOException {
    Home h = home();
    TableName t = h.table(name);
    if (h.warehouse().exists(t)) {
      h.check(t, Privilege.DROP);
    }
    h.warehouse().drop(t, ifExists);
    out().println("table " + t + " dropped");
    return 0;
  }

  @Command(name = "drop-partition", mixinStandardHelpOptions = true, description = "Delete one partition.")
  int dropPartition(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "pt=VALUE", description = "the partition: pt=value, or the value alone") String pt,
      @Option(names = "--if-exists", description = "no error when the partition does not exist") boolean ifExists) throws IOException {
    Home h = home();
    Table t = h.open(h.table(name), Privilege.DROP);
    String v = t.parseSpec(pt);
    t.dropPartition(v, ifExists);
    out().println("partition " + t.name() + "/" + t.schema().partition().name() + "=" + v + " dropped");
    return 0;
  }
}
