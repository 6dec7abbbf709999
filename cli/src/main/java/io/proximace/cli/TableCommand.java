package io.proximace.cli;

import io.proximace.Units;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.table.CsvImport;
import io.proximace.table.CsvWriter;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.volume.Privilege;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
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
      description = "Load a CSV file into a partition, replacing it in one step (a bad line changes nothing).")
  int importCsv(
      @Parameters(index = "0", paramLabel = "TABLE", description = "table or project.table") String name,
      @Parameters(index = "1", paramLabel = "pt=VALUE", description = "the partition: pt=value, or the value alone") String pt,
      @Option(names = "--file", required = true, paramLabel = "PATH", description = "CSV file, or - for standard input") String file,
      @Option(names = "--header", description = "the first line names the columns") boolean header,
      @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "field delimiter; \\t for tab (default: ${DEFAULT-VALUE})") String delimiter) throws IOException {
    Home h = home();
    Table t = h.open(h.table(name), Privilege.UPDATE);
    String value = t.parseSpec(pt);
    String d = delimiter.equals("\\t") ? "\t" : delimiter;
    if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) > 127) {
      throw new ProximaException("--delimiter must be one ASCII character other than '\"', not '" + delimiter + "'");
    }
    if (!file.equals("-") && Files.isDirectory(Path.of(file))) {
      throw new ProximaException("--file " + file + " is a folder: name one CSV file (load reads every file under a volume folder)");
    }
    long rows;
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      rows = CsvImport.into(t, value, in, file.equals("-") ? "standard input" : file, d.charAt(0), header);
    } catch (NoSuchFileException e) {
      throw new ProximaException("no such file: " + file);
    }
    out().println("imported " + Units.count(rows, "row") + " into " + t.name() + "/" + t.schema().partition().name() + "=" + value);
    return 0;
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
      out().println(t);
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
    out.println("partitioned by: " + t.schema().partition());
    out.println("format:         " + t.schema().format());
    out.println("location:       " + t.dir());
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

  @Command(name = "drop", mixinStandardHelpOptions = true, description = "Delete a table and all its partitions.")
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
