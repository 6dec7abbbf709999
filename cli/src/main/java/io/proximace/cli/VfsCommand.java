package io.proximace.cli;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.volume.Volume;
import io.proximace.volume.VolumeCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxima-ce vfs}: external volumes, in MaxCompute's own syntax ({@code vfs -create}, {@code vfs -ls}). */
@Command(name = "vfs", mixinStandardHelpOptions = true, sortOptions = false, separator = " ",
    description = {"External volumes: a project-scoped name for a folder, seen by jobs as odps://<project>/<volume>/<path>.",
        "  vfs -create <volume> -storage_provider local -url file:///<dir> [-acd true|false]",
        "  vfs -ls /                list the project's volumes",
        "  vfs -ls /<volume>/<path> list a folder of a volume"})
public final class VfsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  /** What to do: one of these. */
  static final class Action {
    @Option(names = "-create", paramLabel = "VOLUME", description = "Create a volume.")
    String create;

    @Option(names = "-ls", paramLabel = "PATH", description = "List volumes (/) or a folder of one (/<volume>/<path>).")
    String ls;
  }

  @Option(names = "-storage_provider", paramLabel = "PROVIDER", defaultValue = "local",
      description = "local (oss, hdfs: not supported yet) (default: ${DEFAULT-VALUE}).")
  String storageProvider;

  @Option(names = "-url", paramLabel = "URL", description = "Backing folder, e.g. file:///data/volumes/vol1.")
  String url;

  @Option(names = "-acd", paramLabel = "BOOL", arity = "1", defaultValue = "false",
      description = "Create the backing folder when missing (default: ${DEFAULT-VALUE}: it must exist).")
  boolean autoCreate;

  @Option(names = "-role_arn", paramLabel = "ARN", description = "Credentials profile for OSS volumes.")
  String roleArn;

  @Override
  public Integer call() throws Exception {
    Home home = ProximaCeCommand.of(spec).openHome();
    VolumeCatalog catalog = home.volumes();
    PrintWriter out = spec.commandLine().getOut();
    if (action.create != null) {
      if (url == null) {
        throw new ProximaException("vfs -create needs -url, e.g. -url file:///data/volumes/" + action.create);
      }
      Volume v = catalog.create(action.create, storageProvider, url, autoCreate, roleArn);
      out.println("volume " + v.name() + " created: " + v.odpsUrl() + " -> " + v.url());
      return 0;
    }
    String path = action.ls.trim();
    if (path.equals("/") || path.isEmpty()) {
      List<Volume> volumes = catalog.list();
      for (Volume v : volumes) {
        out.printf("%-24s %-6s %s%n", v.name(), v.provider(), v.url());
      }
      if (volumes.isEmpty()) {
        out.println("(no volumes in project " + catalog.project() + "; create one with vfs -create)");
      }
      return 0;
    }
    String rel = path.startsWith("/") ? path.substring(1) : path;
    rel = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
    int slash = rel.indexOf('/');
    Volume v = catalog.get(slash < 0 ? rel : rel.substring(0, slash));
    Path dir = v.resolve(slash < 0 ? "" : rel.substring(slash + 1));
    FileSystem fs = dir.getFileSystem(home.conf());
    if (!fs.exists(dir)) {
      throw new ProximaException("no such path in volume " + v.name() + ": " + path);
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (n.startsWith(".")) {
        continue;
      }
      out.printf("%s %12d  %s%n", s.isDirectory() ? "d" : "-", s.isDirectory() ? 0 : s.getLen(), n + (s.isDirectory() ? "/" : ""));
    }
    return 0;
  }
}
