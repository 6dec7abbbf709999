package io.proximace.table;

import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import io.proximace.fs.StagedDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where tables live: {@code <root>/<project>/<table>/}, each table a folder with its schema in
 * {@code _schema.json} and one Hive-style folder per partition, {@code pt=<value>/part-*.csv}. The
 * root may be on any Hadoop file system (local disk by default, HDFS or OSS on a cluster).
 */
public final class Warehouse {
  static final String SCHEMA_FILE = "_schema.json";

  private final FileSystem fs;
  private final Path root;
  private final Configuration conf;

  /** The warehouse at {@code root} on {@code fs}. */
  public Warehouse(FileSystem fs, Path root) {
    this(fs, root, fs.getConf());
  }

  /** The warehouse at {@code root} on {@code fs}; external tables' {@code odps://} locations are opened with {@code conf}. */
  public Warehouse(FileSystem fs, Path root, Configuration conf) {
    this.fs = fs;
    this.root = fs.makeQualified(root);
    this.conf = conf;
  }

  public FileSystem fs() {
    return fs;
  }

  public Path root() {
    return root;
  }

  /** The configuration external tables' {@code odps://} file systems are opened with. */
  Configuration conf() {
    return conf;
  }

  /**
   * The folder of table {@code name}, whether it exists or not. Names are case-insensitive, as in
   * MaxCompute: a table created under another spelling by an earlier version is found too.
   */
  public Path dir(TableName name) {
    Path projectDir = new Path(root, name.project());
    Path dir = new Path(projectDir, name.name());
    try {
      if (!fs.exists(dir) && fs.exists(projectDir)) {
        for (FileStatus s : fs.listStatus(projectDir)) {
          if (s.isDirectory() && s.getPath().getName().equalsIgnoreCase(name.name())) {
            return s.getPath();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Whether table {@code name} exists. */
  public boolean exists(TableName name) {
    try {
      return fs.exists(new Path(dir(name), SCHEMA_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates table {@code name}; an existing table is an error unless {@code ifNotExists}, and then it must match. */
  public Table create(TableName name, Schema schema, boolean ifNotExists) throws IOException {
    return createEntry(name, schema.toJson(), ifNotExists);
  }

  /**
   * Creates external table {@code name} over {@code external}'s location: only the catalog entry is written
   * here. An existing table is an error unless {@code ifNotExists}.
   */
  public Table createExternal(TableName name, Schema schema, External external, boolean ifNotExists) throws IOException {
    if (schema.format() != TableFormat.CSV && external.properties().containsKey(External.DELIMITER)) {
      throw new ProximaException("external table " + name + " is stored as " + schema.format() + ", whose files have no field "
          + "delimiter: drop " + External.DELIMITER);
    }
    return createEntry(name, external.toJson(schema), ifNotExists);
  }

  /** Writes a table's catalog entry, {@code schemaJson} as its schema file, unless it exists (an error unless {@code ifNotExists}). */
  private Table createEntry(TableName name, String schemaJson, boolean ifNotExists) throws IOException {
    if (exists(name)) {
      Table t = table(name);
      if (!ifNotExists) {
        throw new ProximaException("table " + name + " already exists");
      }
      return t;
    }
    Path dir = dir(name);
    StagedDirectory.sweep(fs, dir.getParent()); // a table a killed drop left half-deleted
    fs.mkdirs(dir);
    AtomicFile.write(fs, new Path(dir, SCHEMA_FILE), schemaJson.getBytes(StandardCharsets.UTF_8));
    return table(name);
  }

  /** Opens table {@code name}, or fails naming the tables that do exist. */
  public Table table(TableName name) {
    Path dir = dir(name);
    try {
      Path schemaFile = new Path(dir, SCHEMA_FILE);
      if (!fs.exists(schemaFile)) {
        List<String> known = tables(name.project());
        throw new ProximaException("table " + name + " does not exist"
            + (known.isEmpty() ? " (project " + name.project() + " has no tables)" : " (tables in " + name.project() + ": " + String.join(", ", known) + ")"));
      }
      byte[] json = AtomicFile.read(fs, schemaFile);
      Schema schema;
      External external;
      try {
        String text = new String(json == null ? new byte[0] : json, StandardCharsets.UTF_8);
        schema = Schema.fromJson(text);
        external = External.fromJson(text);
      } catch (ProximaException e) {
        throw new ProximaException("table " + name + ": its schema file " + schemaFile + " is damaged (" + e.getMessage()
            + "); fix it, or drop the table and create it again");
      }
      if (external != null) {
        // read through the acting user's odps:// file system, opened for each use (Table.files)
        return new Table(this, name, schema, external.path(), external);
      }
      return new Table(this, name, schema, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The location and serde properties of table {@code name} when it is external, else null (also for a damaged entry). */
  public External external(TableName name) {
    try {
      byte[] json = AtomicFile.read(fs, new Path(dir(name), SCHEMA_FILE));
      return json == null ? null : External.fromJson(new String(json, StandardCharsets.UTF_8));
    } catch (IOException | ProximaException e) {
      return null;
    }
  }

  /** Names of the tables in {@code project}, sorted. */
  public List<String> tables(String project) {
    List<String> names = new ArrayList<>();
    try {
      Path p = new Path(root, project);
      if (!fs.exists(p)) {
        return names;
      }
      for (FileStatus s : fs.listStatus(p)) {
        String n = s.getPath().getName();
        if (s.isDirectory() && !n.startsWith("_") && !n.startsWith(".") && fs.exists(new Path(s.getPath(), SCHEMA_FILE))) {
          names.add(s.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    names.sort(null);
    return names;
  }

  /** Deletes table {@code name} and all its partitions; of an external table only the catalog entry, never the files. */
  public void drop(TableName name, boolean ifExists) throws IOException {
    if (!exists(name)) {
      if (ifExists) {
        return;
      }
      table(name); // throws, naming the tables that exist
    }
    Path dir = dir(name);
    StagedDirectory.sweep(fs, dir.getParent());
    StagedDirectory.delete(fs, dir);
  }
}
