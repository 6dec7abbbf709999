package io.proximace.table;

import io.proximace.fs.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** One partition of a table: a folder of part files, CSV or Parquet as the table's format says. */
public final class Partition {
  private final Table table;
  private final String value;
  private final Path dir;

  Partition(Table table, String value, Path dir) {
    this.table = table;
    this.value = value;
    this.dir = dir;
  }

  public Table table() {
    return table;
  }

  public String value() {
    return value;
  }

  public Path dir() {
    return dir;
  }

  /** Whether a file named {@code name} holds data: names starting with {@code _} or {@code .} do not ({@code _SUCCESS}, {@code .crc}), as in Hive and Spark. */
  static boolean isData(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** The data files, by name; names starting with {@code _} or {@code .} are not data. */
  public List<FileStatus> files() {
    try (Table.OpenFs fs = table.openFs()) {
      return files(fs.fs());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<FileStatus> files(FileSystem fs) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isFile() && isData(n)) {
        files.add(s);
      }
    }
    files.sort(Comparator.comparing(s -> s.getPath().getName()));
    return files;
  }

  /** The data files' names, sizes and modification times. */
  public Fingerprint fingerprint() {
    return new Fingerprint(toString(), files().stream()
        .map(s -> new Fingerprint.File(s.getPath().getName(), s.getLen(), s.getModificationTime())).toList());
  }

  /** Total size of the data files in bytes. */
  public long bytes() {
    return files().stream().mapToLong(FileStatus::getLen).sum();
  }

  /** The exact row count when the files record it (Parquet footers), read without the rows; -1 for CSV. */
  public long recordedRows() throws IOException {
    if (table.schema().format() != TableFormat.PARQUET) {
      return -1;
    }
    long rows = 0;
    try (Table.OpenFs fs = table.openFs()) { // one file system to list and read the footers
      for (FileStatus f : files(fs.fs())) {
        rows += ParquetRowReader.rowCount(fs.fs(), f);
      }
    }
    return rows;
  }

  /** Streams the rows of every data file in order. */
  public PartitionReader open() {
    return new PartitionReader(this, files(), true);
  }

  /** Streams the rows of one data file (a MapReduce task's split); messages name the file and line. */
  public PartitionReader open(FileStatus file) {
    return new PartitionReader(this, List.of(file), false);
  }

  /** {@code project.table/pt=value}; for an external table without partitions, {@code project.table (all files)}. */
  @Override
  public String toString() {
    if (!table.partitioned()) {
      return table.name() + " (all files)";
    }
    return table.name() + "/" + table.schema().partition().name() + "=" + value;
  }
}
