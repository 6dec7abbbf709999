package io.proximace;

import io.proximace.table.TableName;
import io.proximace.table.Warehouse;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A proxima-ce home: the embedded warehouse ({@code <home>/warehouse}) and each project's catalog
 * ({@code <home>/catalog/<project>}). Chosen by {@code --home}, else {@code $PROXIMA_HOME}, else
 * {@code ~/.proxima-ce}.
 */
public final class Home {
  private final Path dir;
  private final String project;
  private final Configuration conf;
  private final Warehouse warehouse;

  /** The home at {@code dir}, working in {@code project}. */
  public Home(Configuration conf, Path dir, String project) throws IOException {
    TableName.checkProject(project);
    FileSystem fs = dir.getFileSystem(conf);
    this.conf = conf;
    this.dir = fs.makeQualified(dir);
    this.project = project;
    this.warehouse = new Warehouse(fs, new Path(this.dir, "warehouse"));
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
    return new VolumeCatalog(conf, new Path(new Path(dir, "catalog"), project), project);
  }

  /** Resolves a table name against the current project. */
  public TableName table(String name) {
    return TableName.parse(name, project);
  }
}
