package io.proximace.cli;

import io.proximace.Units;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.UsageException;
import io.proximace.fs.FileCopy;
import io.proximace.volume.Credentials;
import io.proximace.volume.Volume;
import io.proximace.volume.VolumeCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxima-ce vfs}: external volumes, in MaxCompute's own syntax ({@code vfs -create}, {@code vfs -ls}, ...). */
@Command(name = "vfs", mixinStandardHelpOptions = true, sortOptions = false, separator = " ",
    description = {"External volumes: project-scoped names for folders on local disk, HDFS or OSS.",
        "Jobs see a volume's files as odps://<project>/<volume>/<path>. Paths below are /<volume>/<path> in the "
            + "current project, or odps:// urls."},
    footer = {"", "Examples:",
        "  vfs -create <volume> -storage_provider local|hdfs|oss -url <url> \\",
        "      [-acd true|false] [-role_arn <profile>]",
        "  vfs -ls /                       the project's volumes",
        "  vfs -ls /<volume>/<path>        a folder of a volume",
        "  vfs -put [-f] <local> /<volume>/<path>    (-f: overwrite)",
        "  vfs -get [-f] /<volume>/<path> <local>",
        "  vfs -du [/<volume>/<path>]      bytes and files",
        "  vfs -rm <volume> [-force]       remove a volume (its files stay)",
        "  vfs -set_credentials <profile> -access_key_id <id> [-endpoint <host>] \\",
        "      [-secure false]             an OSS credentials profile; the secret",
        "                                  is read from standard input"})
public final class VfsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  /** What to do: one of these. */
  static final class Action {
    @Option(names = "-create", paramLabel = "VOLUME", description = "Create a volume (needs CreateVolume).")
    String create;

    @Option(names = "-ls", paramLabel = "PATH", description = "List volumes (/) or a folder of one (needs Read).")
    String ls;

    @Option(names = "-rm", paramLabel = "VOLUME", description = "Remove a volume from the catalog; refuses a non-empty one unless -force (needs Write).")
    String rm;

    @Option(names = "-put", arity = "2..3", hideParamSyntax = true, paramLabel = "[-f] <local> /<volume>/<path>",
        description = "Copy a local file or folder into a volume (needs Write); -f replaces existing files.")
    List<String> put;

    @Option(names = "-get", arity = "2..3", hideParamSyntax = true, paramLabel = "[-f] /<volume>/<path> <local>",
        description = "Copy a volume's file or folder to local disk (needs Read); -f replaces existing files.")
    List<String> get;

    @Option(names = "-du", arity = "0..1", paramLabel = "PATH", fallbackValue = "/", description = "Bytes and files under a path (default: every volume).")
    String du;

    @Option(names = "-set_credentials", paramLabel = "PROFILE", description = "Store an OSS credentials profile in the home (owner-only file).")
    String setCredentials;
  }

  @Option(names = "-storage_provider", paramLabel = "PROVIDER", defaultValue = "local",
      description = "local, hdfs or oss (default: ${DEFAULT-VALUE}).")
  String storageProvider;

  @Option(names = "-url", paramLabel = "URL",
      description = "Backing folder: file:///data/vol, hdfs://namenode:8020/vol, oss://<endpoint>/<bucket>/<path>.")
  String url;

  @Option(names = "-acd", paramLabel = "BOOL", arity = "1", defaultValue = "false",
      description = "Create the backing folder when missing (default: ${DEFAULT-VALUE}: it must exist).")
  boolean autoCreate;

  @Option(names = "-role_arn", paramLabel = "PROFILE", description = "The credentials profile an oss volume uses.")
  String roleArn;

  @Option(names = "-force", description = "With -rm: remove a volume that still holds files (they are kept).")
  boolean force;

  @Option(names = "-f", description = "With -put and -get: overwrite files that exist at the destination (as hdfs dfs -put -f).")
  boolean overwrite;

  @Option(names = "-access_key_id", paramLabel = "ID", description = "With -set_credentials: the OSS AccessKey id.")
  String accessKeyId;

  @Option(names = "-endpoint", paramLabel = "HOST", description = {"With -set_credentials: the OSS endpoint for", "oss://<bucket>/<path> urls."})
  String endpoint;

  @Option(names = "-secure", paramLabel = "BOOL", arity = "1", defaultValue = "true", description = "With -set_credentials: https (default: ${DEFAULT-VALUE}).")
  boolean secure;

  @Override
  public Integer call() throws Exception {
    action.put = withoutForce(action.put);
    action.get = withoutForce(action.get);
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
    if (action.setCredentials != null) {
      return setCredentials(catalog, out);
    }
    if (action.rm != null) {
      catalog.remove(action.rm, force);
      out.println("volume " + action.rm + " removed from project " + catalog.project() + " (its files are kept)");
      return 0;
    }
    if (action.ls != null && isRoot(action.ls)) {
      List<Volume> volumes = catalog.list();
      for (Volume v : volumes) {
        out.printf("%-24s %-6s %s%n", v.name(), v.provider(), v.url());
      }
      if (volumes.isEmpty()) {
        out.println("(no volumes in project " + catalog.project() + "; create one with vfs -create)");
      }
      return 0;
    }
    String given = action.ls != null ? action.ls : action.put != null ? action.put.get(1) : action.get != null ? action.get.get(0)
        : action.du;
    Path target = isRoot(given) ? null : path(home, given);
    try (FileSystem fs = home.volumeFs(target == null ? home.project() : target.toUri().getAuthority())) {
      if (action.ls != null) {
        Path p = target;
        if (!fs.exists(p)) {
          throw new ProximaException("no such path: " + p);
        }
        // as hdfs dfs -ls: sorted by name, with the modification time (in UTC, as the header says)
        FileStatus[] listed = fs.listStatus(p);
        Arrays.sort(listed, Comparator.comparing(s -> s.getPath().getName()));
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        long shown = Arrays.stream(listed).filter(st -> !st.getPath().getName().startsWith(".")).count();
        out.println("Found " + Units.count(shown, "item") + " (modified: UTC)");
        for (FileStatus s : listed) {
          String n = s.getPath().getName();
          if (!n.startsWith(".")) {
            out.printf("%s %12d %s  %s%n", s.isDirectory() ? "d" : "-", s.isDirectory() ? 0 : s.getLen(),
                time.format(Instant.ofEpochMilli(s.getModificationTime())), n + (s.isDirectory() ? "/" : ""));
          }
        }
      } else if (action.put != null) {
        java.nio.file.Path local = java.nio.file.Path.of(action.put.get(0));
        if (!java.nio.file.Files.exists(local)) {
          throw new ProximaException("no such local file: " + local);
        }
        Path dst = target;
        if (fs.exists(dst) && fs.getFileStatus(dst).isDirectory() || action.put.get(1).endsWith("/")) {
          dst = new Path(dst, local.getFileName().toString());
        }
        FileCopy.copy(FileSystem.getLocal(home.conf()), new Path(local.toAbsolutePath().toUri()), fs, dst, overwrite);
        out.println("put " + local + " -> " + dst);
      } else if (action.get != null) {
        Path src = target;
        if (!fs.exists(src)) {
          throw new ProximaException("no such path: " + src);
        }
        java.nio.file.Path local = java.nio.file.Path.of(action.get.get(1)).toAbsolutePath();
        if (java.nio.file.Files.isDirectory(local)) {
          local = local.resolve(src.getName());
        }
        FileCopy.copy(fs, src, FileSystem.getLocal(home.conf()), new Path(local.toUri()), overwrite);
        out.println("get " + src + " -> " + local);
      } else if (action.du != null) {
        if (target == null) {
          for (Volume v : catalog.list()) {
            if (catalog.grants().holds(catalog.user(), io.proximace.volume.Privilege.READ, v.name())) {
              ContentSummary c = fs.getContentSummary(new Path(v.odpsUrl()));
              out.printf("%14d bytes %8d files  %s%n", c.getLength(), c.getFileCount(), v.odpsUrl());
            }
          }
        } else {
          ContentSummary c = fs.getContentSummary(target);
          out.printf("%14d bytes %8d files  %s%n", c.getLength(), c.getFileCount(), target);
        }
      }
    }
    return 0;
  }

  /** The two paths of {@code -put} or {@code -get}, with {@code -f} written hdfs dfs's way ({@code -put -f a b}) taken out. */
  private List<String> withoutForce(List<String> args) {
    if (args == null) {
      return null;
    }
    List<String> paths = new java.util.ArrayList<>(args);
    if (paths.size() == 3 && paths.get(0).equals("-f")) {
      overwrite = true;
      paths.remove(0);
    }
    if (paths.size() != 2) {
      throw new UsageException("vfs -put and -get take two paths (and -f before them to overwrite), not " + args);
    }
    return paths;
  }

  private int setCredentials(VolumeCatalog catalog, PrintWriter out) throws IOException {
    if (accessKeyId == null) {
      throw new ProximaException("vfs -set_credentials needs -access_key_id; the secret is read from standard input");
    }
    if (System.console() != null) {
      spec.commandLine().getErr().print("AccessKey secret for " + action.setCredentials + ": ");
      spec.commandLine().getErr().flush();
    }
    String secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (secret == null || secret.isBlank()) {
      throw new ProximaException("no AccessKey secret on standard input");
    }
    catalog.credentials().put(new Credentials.Profile(action.setCredentials, accessKeyId, secret.trim(), endpoint, secure));
    out.println("credentials profile " + action.setCredentials + " stored (readable by you only)");
    return 0;
  }

  private static boolean isRoot(String p) {
    return p.trim().isEmpty() || p.trim().equals("/");
  }

  /** {@code /<volume>/<path>} in the current project, or an {@code odps://<project>/...} url as given. */
  static Path path(Home home, String p) {
    String t = p.trim();
    if (t.startsWith("odps://")) {
      java.net.URI u;
      try {
        u = new java.net.URI(t);
      } catch (java.net.URISyntaxException e) {
        throw new UsageException("'" + t + "' is not a url: " + e.getReason());
      }
      if (u.getAuthority() == null || u.getAuthority().isEmpty()) {
        throw new UsageException("'" + t + "' names no project: write odps://<project>/<volume>/<path>, or /<volume>/<path> in the current project");
      }
      io.proximace.table.TableName.checkProject(u.getAuthority());
      emptySegments(t, u.getRawPath());
      return new Path(t);
    }
    emptySegments(t, t);
    return new Path("odps://" + home.project() + "/" + (t.startsWith("/") ? t.substring(1) : t));
  }

  /** Refuses {@code //vol} and {@code /vol//x}: an empty segment is a typo, not a path. */
  private static void emptySegments(String given, String path) {
    if (path != null && path.contains("//")) {
      throw new UsageException("the path '" + given + "' has an empty segment (//); write /<volume>/<path>");
    }
  }
}
