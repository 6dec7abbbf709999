package io.proximace.table;

import io.proximace.ProximaException;
import io.proximace.fs.StagedDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A table of the warehouse: its schema and its partitions. */
public final class Table {
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

  private final Warehouse warehouse;
  private final TableName name;
  private final Schema schema;
  private final Path dir;
  private final External external;
  private final FileSystem externalFs;

  Table(Warehouse warehouse, TableName name, Schema schema, Path dir) {
    this(warehouse, name, schema, dir, null, null);
  }

  /** An external table: its folder is the location, on the acting user's {@code odps://} file system. */
  Table(Warehouse warehouse, TableName name, Schema schema, Path dir, External external, FileSystem externalFs) {
    this.warehouse = warehouse;
    this.name = name;
    this.schema = schema;
    this.dir = dir;
    this.external = external;
    this.externalFs = externalFs;
  }

  /** The location and serde properties of an external table, or null for a table the warehouse holds. */
  public External external() {
    return external;
  }

  /** The CSV field delimiter of the data files. */
  public char delimiter() {
    return external == null ? ',' : external.delimiter();
  }

  /** Refuses {@code what} on an external table: its files belong to the volume, not to proxima-ce. */
  public void checkWritable(String what) {
    if (external != null) {
      throw new ProximaException("table " + name + " is an external table over " + external.location()
          + " and is read-only: cannot " + what + " (change the files on the volume instead)");
    }
  }

  public TableName name() {
    return name;
  }

  public Schema schema() {
    return schema;
  }

  public Path dir() {
    return dir;
  }

  /** The file system the table lives on. */
  public FileSystem fs() {
    return external != null ? externalFs : warehouse.fs();
  }

  /**
   * Reads a partition spec: {@code pt=20230116}, or just the value {@code 20230116} (as in the runner's
   * {@code -doc_table_partition}). Returns the value.
   */
  public String parseSpec(String spec) {
    return parseSpec(name, schema, spec);
  }

  /** {@link #parseSpec(String)} for a table that may not exist yet. */
  public static String parseSpec(TableName name, Schema schema, String spec) {
    String s = spec.trim();
    String column = schema.partition().name();
    int eq = s.indexOf('=');
    String value = s;
    if (eq >= 0) {
      if (!s.substring(0, eq).trim().equalsIgnoreCase(column)) {
        throw new ProximaException("table " + name + " is partitioned by " + column + ", not by '" + s.substring(0, eq).trim() + "'");
      }
      value = s.substring(eq + 1).trim();
      if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
        value = value.substring(1, value.length() - 1);
      }
    }
    checkValue(name, value);
    return value;
  }

  private static void checkValue(TableName name, String value) {
    if (!VALUE.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new ProximaException("bad partition value '" + value + "' for table " + name
          + ": use 1 to 128 letters, digits, '_', '-' or '.'");
    }
  }

  /** The folder of partition {@code value}, whether or not it exists. */
  public Path partitionDir(String value) {
    return new Path(dir, schema.partition().name() + "=" + value);
  }

  /** The partition values, sorted. */
  public List<String> partitionValues() {
    List<String> values = new ArrayList<>();
    String prefix = schema.partition().name() + "=";
    try {
      if (external != null && !fs().exists(dir)) {
        return values; // the location's folder need not exist yet, as in Hive
      }
      for (FileStatus s : fs().listStatus(dir)) {
        String n = s.getPath().getName();
        if (s.isDirectory() && n.startsWith(prefix)) {
          values.add(n.substring(prefix.length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    values.sort(null);
    return values;
  }

  /** Whether partition {@code value} exists (restoring it if a writer was killed in the middle of replacing it). */
  public boolean hasPartition(String value) {
    checkValue(name, value);
    try {
      // an external table's folders are the volume's: only looked at, never recovered
      return external != null ? fs().exists(partitionDir(value)) : StagedDirectory.recover(fs(), partitionDir(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Partition {@code value}, or an error naming the partitions that exist. */
  public Partition partition(String value) {
    if (!hasPartition(value)) {
      List<String> values = partitionValues();
      throw new ProximaException("partition " + schema.partition().name() + "=" + value + " of table " + name
          + " does not exist" + (values.isEmpty() ? " (the table has no partitions)"
          : " (partitions: " + String.join(", ", values.subList(0, Math.min(values.size(), 20)))
            + (values.size() > 20 ? ", ..." : "") + ")"));
    }
    return new Partition(this, value, partitionDir(value));
  }

  /** Adds an empty partition; an existing one is an error unless {@code ifNotExists}. */
  public Partition addPartition(String value, boolean ifNotExists) throws IOException {
    checkWritable("add partition " + schema.partition().name() + "=" + value);
    if (hasPartition(value)) {
      if (!ifNotExists) {
        throw new ProximaException("partition " + schema.partition().name() + "=" + value + " of table " + name + " already exists");
      }
    } else {
      fs().mkdirs(partitionDir(value));
    }
    return new Partition(this, value, partitionDir(value));
  }

  /** Deletes partition {@code value}; a missing one is an error unless {@code ifExists}. */
  public void dropPartition(String value, boolean ifExists) throws IOException {
    checkWritable("drop partition " + schema.partition().name() + "=" + value);
    if (!hasPartition(value)) {
      if (ifExists) {
        return;
      }
      partition(value); // throws, naming the partitions that exist
    }
    StagedDirectory.delete(fs(), partitionDir(value));
  }

  /** Starts writing partition {@code value} anew; on commit it replaces what was there. */
  public PartitionWriter overwrite(String value) throws IOException {
    checkWritable("overwrite partition " + schema.partition().name() + "=" + value);
    checkValue(name, value);
    return new PartitionWriter(this, value, false);
  }

  /** Starts writing a new part file of partition {@code value}; on commit it joins the files there. */
  public PartitionWriter append(String value) throws IOException {
    checkWritable("insert into partition " + schema.partition().name() + "=" + value);
    checkValue(name, value);
    return new PartitionWriter(this, value, true);
  }

  @Override
  public String toString() {
    return name.toString();
  }
}
