package io.proximace.home;

import io.proximace.UsageException;
import io.proximace.table.External;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.table.Warehouse;
import io.proximace.volume.Grants;
import io.proximace.volume.OdpsFileSystem;
import io.proximace.volume.Privilege;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A proxima-ce home: the embedded warehouse ({@code <home>/warehouse}) and each project's catalog
 * ({@code <home>/catalog/<project>}). Chosen by {@code --home}, else {@code $PROXIMA_HOME}, else
 * {@code ~/.proxima-ce}.
 *
 * <p>Tables are reached through {@link #open} and {@link #create}, which check the acting user's table
 * privileges in the table's project ({@link Grants}); the warehouse below them does not check.
 */
public final class Home {
  private final Path dir;
  private final String project;
  private final String user;
  private final Configuration conf;
  private final Warehouse warehouse;

  /** The home at {@code dir} (a local folder), working in {@code project} as the OS user. */
  public Home(Configuration conf, Path dir, String project) throws IOException {
    this(conf, dir, project, System.getProperty("user.name"));
  }

  /** The home at {@code dir} (a local folder), working in {@code project} as {@code user}. */
  public Home(Configuration conf, Path dir, String project, String user) throws IOException {
    this(conf, dir, null, project, user);
  }

  /**
   * The home at {@code dir} (a local folder: catalogs, credentials) with its tables under {@code warehouse}
   * (any Hadoop file system, e.g. {@code hdfs://namenode/warehouse}; null for {@code <dir>/warehouse}).
   */
  public Home(Configuration conf, Path dir, Path warehouse, String project, String user) throws IOException {
    TableName.checkProject(project);
    checkUser(user);
    this.conf = conf;
    this.dir = dir.getFileSystem(conf).makeQualified(dir);
    this.project = project;
    this.user = user;
    Path root = warehouse != null ? warehouse : new Path(this.dir, "warehouse");
    FileSystem fs = root.getFileSystem(conf);
    this.warehouse = new Warehouse(fs, fs.makeQualified(root), conf);
    OdpsFileSystem.configure(conf, this.dir.toUri(), user);
    conf.set(VolumeCatalog.WAREHOUSE, this.warehouse.root().toUri().toString());
  }

  /** Refuses an empty user name, or one with spaces or control characters: it would match no grant, or the wrong one. */
  public static void checkUser(String user) {
    if (user == null || user.isEmpty() || user.length() > 128 || !user.chars().allMatch(c -> c > ' ' && c != 0x7f && !Character.isWhitespace(c)
        && !Character.isISOControl(c))) {
      throw new UsageException("bad user name '" + user + "': use 1 to 128 characters without spaces or control characters"
          + " (pass --user NAME when your OS user name has one)");
    }
  }

  /** The default home: {@code $PROXIMA_HOME}, else {@code ~/.proxima-ce}. */
  public static java.nio.file.Path defaultDir() {
    String env = System.getenv("PROXIMA_HOME");
    if (env != null && !env.isBlank()) {
      return java.nio.file.Path.of(env);
    }
    return java.nio.file.Path.of(System.getProperty("user.home"), ".proxima-ce");
  }

  public Path dir() {
    return dir;
  }

  /** The current project. */
  public String project() {
    return project;
  }

  public Configuration conf() {
    return conf;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /** The volume catalog of the current project. */
  public VolumeCatalog volumes() throws IOException {
    return volumes(project);
  }

  /** The volume catalog of {@code project}. */
  public VolumeCatalog volumes(String project) throws IOException {
    TableName.checkProject(project);
    return new VolumeCatalog(conf, java.nio.file.Path.of(dir.toUri()), project, user, () -> !warehouse.tables(project).isEmpty());
  }

  /** The permissions of {@code project}. */
  public Grants grants(String project) throws IOException {
    return volumes(project).grants();
  }

  /** Fails unless the acting user holds {@code need} on table {@code name}. */
  public void check(TableName name, Privilege need) {
    try {
      grants(name.project()).check(user, need, name.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens table {@code name} after checking that the acting user holds {@code need} on it. */
  public Table open(TableName name, Privilege need) {
    check(name, need);
    return warehouse.table(name);
  }

  /**
   * Creates table {@code name}; needs {@code CreateTable} on its project (an existing table needs
   * Describe). The first table of a project nobody used makes the user its owner; a user who is not the
   * owner gets every privilege on the table created.
   */
  public Table create(TableName name, Schema schema, boolean ifNotExists) throws IOException {
    if (ifNotExists && warehouse.exists(name)) {
      return open(name, Privilege.DESCRIBE);
    }
    Grants g = volumes(name.project()).claim();
    g.check(user, Privilege.CREATE_TABLE, null);
    Table t = warehouse.create(name, schema, ifNotExists);
    g.created(user, name.name());
    return t;
  }

  /**
   * Creates external table {@code name} over a volume folder, as {@link #create} does a table; the acting
   * user must also hold {@code Read} on the location's volume, and the location must stay inside it (links
   * included). The folder need not exist yet.
   */
  public Table createExternal(TableName name, Schema schema, External external, boolean ifNotExists) throws IOException {
    if (ifNotExists && warehouse.exists(name)) {
      return open(name, Privilege.DESCRIBE);
    }
    try (FileSystem fs = volumeFs(external.project())) {
      fs.exists(external.path()); // checks Read on the volume, and refuses a location that leaves it
    }
    Grants g = volumes(name.project()).claim();
    g.check(user, Privilege.CREATE_TABLE, null);
    Table t = warehouse.createExternal(name, schema, external, ifNotExists);
    g.created(user, name.name());
    return t;
  }

  /** The acting user. */
  public String user() {
    return user;
  }

  /** A new {@code odps://<project>/} file system for this home's catalogs; close it when done. */
  public FileSystem volumeFs(String project) throws IOException {
    TableName.checkProject(project);
    return FileSystem.newInstance(java.net.URI.create(OdpsFileSystem.SCHEME + "://" + project + "/"), conf);
  }

  /** Resolves a table name against the current project. */
  public TableName table(String name) {
    return TableName.parse(name, project);
  }
}
