package io.proximace.table;

import io.proximace.ProximaException;
import io.proximace.fs.StagedDirectory;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A table of the warehouse: its schema and its partitions. */
public final class Table {
  private static final Logger LOG = LoggerFactory.getLogger(Table.class);
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

  private final Warehouse warehouse;
  private final TableName name;
  private final Schema schema;
  private final Path dir;
  private final External external;

  Table(Warehouse warehouse, TableName name, Schema schema, Path dir) {
    this(warehouse, name, schema, dir, null);
  }

  /** An external table: its folder is the location, on the acting user's {@code odps://} file system. */
  Table(Warehouse warehouse, TableName name, Schema schema, Path dir, External external) {
    this.warehouse = warehouse;
    this.name = name;
    this.schema = schema;
    this.dir = dir;
    this.external = external;
  }

  /**
   * A file system for one use, closed when done: an external table's is the acting user's own {@code odps://}
   * instance (which may hold OSS clients), opened here and closed with this; a table of the warehouse's
   * shares the warehouse's, which stays open.
   */
  record OpenFs(FileSystem fs, boolean own) implements Closeable {
    @Override
    public void close() throws IOException {
      if (own) {
        fs.close();
      }
    }
  }

  /** Opens {@link OpenFs} for this table; every listing and read of an external table checks the volume's Read privilege. */
  OpenFs openFs() throws IOException {
    // odps:// instances are not cached (OdpsFileSystem.configure): each call is a new one
    return external == null ? new OpenFs(warehouse.fs(), false)
        : new OpenFs(FileSystem.newInstance(dir.toUri(), warehouse.conf()), true);
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

  /** The file system a table of the warehouse lives on; an external table's files are reached only through this package's readers. */
  public FileSystem fs() {
    if (external != null) {
      throw new IllegalStateException("table " + name + " is external: its files are read through Table.openFs()");
    }
    return warehouse.fs();
  }

  /**
   * Whether the table has a partition column: every table but an external one without partition folders, whose one
   * partition {@value External#WHOLE} is the files under its location.
   */
  public boolean partitioned() {
    return external == null || external.partitioned();
  }

  /**
   * The names directly under an external table's location that it does not read (hidden ones skipped): files, for a
   * partitioned table; folders (such as {@code pt=1/}), for one without partitions.
   */
  public List<String> unread() throws IOException {
    List<String> names = new ArrayList<>();
    if (external == null) {
      return names;
    }
    try (OpenFs f = openFs()) {
      if (f.fs().exists(dir)) {
        for (FileStatus s : f.fs().listStatus(dir)) {
          if (s.isFile() == partitioned() && Partition.isData(s.getPath().getName())) {
            names.add(s.getPath().getName());
          }
        }
      }
    }
    return names;
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
    if (!isValue(value)) {
      throw new ProximaException("bad partition value '" + value + "' for table " + name
          + ": use 1 to 128 letters, digits, '_', '-' or '.'");
    }
  }

  /** The folder of partition {@code value}, whether or not it exists; an unpartitioned external table's is its location. */
  public Path partitionDir(String value) {
    return !partitioned() ? dir : new Path(dir, schema.partition().name() + "=" + value);
  }

  /**
   * The partition values, sorted. A folder of an external table whose name holds no partition value (other
   * tools write {@code pt=a b} or {@code pt=}) is skipped with a warning naming it, as Hive skips it, rather
   * than failing the whole table.
   */
  public List<String> partitionValues() {
    List<String> values = new ArrayList<>();
    String prefix = schema.partition().name() + "=";
    try (OpenFs f = openFs()) {
      if (external != null && !f.fs().exists(dir)) {
        return values; // the location's folder need not exist yet, as in Hive
      }
      if (!partitioned()) {
        return List.of(External.WHOLE);
      }
      for (FileStatus s : f.fs().listStatus(dir)) {
        String n = s.getPath().getName();
        if (s.isDirectory() && n.startsWith(prefix)) {
          String value = n.substring(prefix.length());
          if (external != null && !isValue(value)) {
            LOG.warn("table {}: skipping folder {} under {}: '{}' is not a partition value (1 to 128 letters, digits, '_', '-' or '.')",
                name, n, external.location(), value);
            continue;
          }
          values.add(value);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    values.sort(null);
    return values;
  }

  private static boolean isValue(String value) {
    return VALUE.matcher(value).matches() && !value.equals(".") && !value.equals("..");
  }

  /** Whether partition {@code value} exists (restoring it if a writer was killed in the middle of replacing it). */
  public boolean hasPartition(String value) {
    checkValue(name, value);
    if (!partitioned() && !value.equals(External.WHOLE)) {
      return false;
    }
    try (OpenFs f = openFs()) {
      // an external table's folders are the volume's: only looked at, never recovered
      return external != null ? f.fs().exists(partitionDir(value)) : StagedDirectory.recover(f.fs(), partitionDir(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Partition {@code value}, or an error naming the partitions that exist. */
  public Partition partition(String value) {
    if (!partitioned() && !value.equals(External.WHOLE)) {
      throw new ProximaException("table " + name + " is an external table without partitions: its one partition, the files "
          + "directly under " + external.location() + ", is named " + External.WHOLE + " (e.g. -doc_table_partition "
          + External.WHOLE + "), not " + value);
    }
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
