package io.proximace.volume;

import io.proximace.ProximaException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * {@code odps://<project>/<volume>/<path>} as a Hadoop {@code FileSystem} ({@code fs.odps.impl}): the
 * volume is looked up in the project's catalog, the acting user's privilege checked (listing and reading
 * need {@code Read}, writing and deleting {@code Write}), and the call passed to the volume's backing file
 * system: local disk, HDFS, or OSS through hadoop-aliyun. Paths that would leave the volume ({@code ..},
 * percent-escapes, backslashes) are refused; on a local volume every path is resolved to its real path,
 * links included, and refused when that leaves the volume's folder, for reading and for writing.
 *
 * <p>Configuration: {@value #HOME} (the proxima-ce home's url) and {@value #USER} (the acting user).
 * Spark's settings from the external-volume documentation are honoured too: {@value #PATHS} (a comma-separated
 * list of {@code odps://<project>/<volume>/[<folder>/]} urls) limits what may be reached, and {@value #ACCESS_ID}
 * / {@value #ACCESS_KEY} are an OSS volume's keys when it names no credentials profile (before the environment's).
 * Instances hold private OSS clients: open with {@code newInstance} and close when done.
 */
public final class OdpsFileSystem extends FileSystem {
  /** The url scheme. */
  public static final String SCHEME = "odps";
  /** Configuration key: the home holding the catalogs. */
  public static final String HOME = "proxima.home";
  /** Configuration key: the acting user. */
  public static final String USER = "proxima.user";
  /** Configuration key (Spark's): the volume paths a job may reach; unset, every volume the user has rights on. */
  public static final String PATHS = "odps.cupid.volume.paths";
  /** Configuration key (Spark's): an access key id, used as an OSS volume's key when the volume names no profile. */
  public static final String ACCESS_ID = "odps.access.id";
  /** Configuration key (Spark's): the secret of {@value #ACCESS_ID}; never logged. */
  public static final String ACCESS_KEY = "odps.access.key";

  private List<String[]> reach; // the PATHS entries as segments (project, volume, folders...), or null: no limit

  private URI uri;
  private VolumeCatalog catalog;
  private Path workingDir;
  private final Map<String, Mount> mounts = new java.util.concurrent.ConcurrentHashMap<>(); // tasks share a cached instance

  /** A volume and its opened backing file system; {@code realRoot} is the local folder's real path, else null. */
  private record Mount(Volume volume, FileSystem fs, java.nio.file.Path realRoot) {
    /** The folder paths of this volume start with: its real path when local. */
    Path root() {
      return realRoot != null ? new Path("file", null, realRoot.toString()) : volume.root();
    }
  }

  /** A resolved path: where it is in which backing file system. */
  private record Target(Mount mount, Path backing) {}

  /** Sets the configuration keys a home needs for {@code odps://} urls. */
  public static void configure(Configuration conf, URI home, String user) {
    conf.set("fs.odps.impl", OdpsFileSystem.class.getName());
    conf.setBoolean("fs.odps.impl.disable.cache", true);
    conf.set(HOME, home.toString());
    conf.set(USER, user);
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    String project = name.getAuthority();
    if (project == null || project.isEmpty()) {
      throw new ProximaException("an odps url needs a project: odps://<project>/<volume>/<path>, not " + name);
    }
    String home = conf.get(HOME);
    if (home == null) {
      throw new IOException("odps:// paths need the configuration key " + HOME + " (the proxima-ce home)");
    }
    this.uri = URI.create(SCHEME + "://" + project);
    // it never creates a project: without grants a project has no volumes to reach
    String id = conf.getTrimmed(ACCESS_ID, "");
    String key = conf.getTrimmed(ACCESS_KEY, "");
    java.util.function.Supplier<Map<String, String>> env = System::getenv;
    if (!id.isEmpty() || !key.isEmpty()) { // the job's keys stand first, as Aliyun's SDK variables would
      env = () -> {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.put(Credentials.ENV_PAIRS[0][0], id);
        e.put(Credentials.ENV_PAIRS[0][1], key);
        return e;
      };
    }
    this.catalog = new VolumeCatalog(conf, Paths.get(URI.create(home)), project, conf.get(USER, System.getProperty("user.name")),
        () -> false, env);
    this.reach = reach(conf.getTrimmedStrings(PATHS));
    this.workingDir = new Path(uri + "/");
  }

  private static List<String[]> reach(String[] urls) {
    if (urls.length == 0) {
      return null;
    }
    List<String[]> out = new ArrayList<>();
    for (String url : urls) {
      URI u;
      try {
        u = new URI(url);
      } catch (URISyntaxException e) {
        throw new ProximaException(PATHS + " lists " + url + ", which is not a url (" + e.getReason() + "): expected odps://<project>/<volume>/[<folder>/]");
      }
      if (!SCHEME.equals(u.getScheme()) || u.getAuthority() == null || u.getPath() == null || u.getPath().replace("/", "").isEmpty()) {
        throw new ProximaException(PATHS + " lists " + url + ": expected odps://<project>/<volume>/[<folder>/]");
      }
      List<String> segments = new ArrayList<>(List.of(u.getAuthority()));
      for (String s : u.getPath().split("/")) {
        if (!s.isEmpty()) {
          segments.add(s);
        }
      }
      out.add(segments.toArray(new String[0]));
    }
    return out;
  }

  /** Refuses a path outside {@value #PATHS}, when set; the volume name is matched as the catalog does, ignoring case. */
  private void checkReach(Path p, String volume, String relative) {
    if (reach == null) {
      return;
    }
    String[] asked = (uri.getAuthority() + "/" + volume + (relative.isEmpty() ? "" : "/" + relative)).split("/+");
    for (String[] allowed : reach) {
      if (allowed.length > asked.length || !allowed[0].equals(asked[0]) || !allowed[1].equalsIgnoreCase(asked[1])) {
        continue;
      }
      boolean under = true;
      for (int i = 2; i < allowed.length && under; i++) {
        under = allowed[i].equals(asked[i]);
      }
      if (under) {
        return;
      }
    }
    throw new ProximaException(p + " is outside the volume paths this job may reach (" + PATHS + "="
        + String.join(",", getConf().getTrimmedStrings(PATHS)) + ")");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  /** The catalog behind this file system. */
  public VolumeCatalog catalog() {
    return catalog;
  }

  private Target target(Path p, Privilege need) throws IOException {
    return target(p, need, true);
  }

  /**
   * Where {@code p} is. With {@code followLast} false, a link at the path's last name is the entry itself, not what
   * it leads to: delete and rename act on the link, as a file system does, never on its target.
   */
  private Target target(Path p, Privilege need, boolean followLast) throws IOException {
    URI u = makeQualified(p).toUri();
    if (!uri.getAuthority().equals(u.getAuthority())) {
      throw new ProximaException(p + " is in project " + u.getAuthority() + ", not " + uri.getAuthority());
    }
    String raw = u.getRawPath() == null ? "" : u.getRawPath();
    String[] parts = raw.replaceFirst("^/+", "").split("/", 2);
    if (parts[0].isEmpty()) {
      throw new ProximaException(p + " names no volume: odps://<project>/<volume>/<path>");
    }
    String relative = parts.length > 1 ? parts[1].replaceFirst("/+$", "") : "";
    checkReach(p, parts[0], relative);
    Mount m = mount(parts[0]);
    catalog.check(need, m.volume());
    Path backing = m.volume().resolve(relative); // refuses .., escapes, absolute paths
    if (m.realRoot() == null) {
      return new Target(m, backing);
    }
    int slash = relative.lastIndexOf('/');
    Path real = followLast || relative.isEmpty() ? contained(m, relative, p)
        : new Path(contained(m, slash < 0 ? "" : relative.substring(0, slash), p), relative.substring(slash + 1));
    if (reach != null) { // a link inside the volume may lead to a folder the job may not reach
      String realRelative = m.realRoot().relativize(Paths.get(real.toUri())).toString().replace('\\', '/');
      checkReach(p, parts[0], realRelative);
    }
    return new Target(m, real);
  }

  /**
   * The real path of {@code relative} in local mount {@code m}: links in the part that exists are
   * resolved, and a path whose real location leaves the volume's folder is refused.
   */
  private static Path contained(Mount m, String relative, Path asked) throws IOException {
    java.nio.file.Path full = relative.isEmpty() ? m.realRoot() : m.realRoot().resolve(relative).normalize();
    java.nio.file.Path existing = full;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    java.nio.file.Path real;
    try {
      real = existing.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ProximaException(asked + " goes through a link to a missing file; links are followed only inside the volume");
    }
    if (!real.startsWith(m.realRoot())) {
      throw new ProximaException(asked + " leads outside volume " + m.volume().name() + " through a link (to " + real + "); refused");
    }
    java.nio.file.Path resolved = real.resolve(existing.relativize(full));
    return new Path("file", null, resolved.toString());
  }

  /**
   * The volume's mount, opened on first use. Opened outside any lock of ours (the backing file system takes Hadoop's
   * cache lock, which {@code FileSystem.closeAll} holds while it closes this one); two threads may both open it, and
   * the second releases its own.
   */
  private Mount mount(String volume) throws IOException {
    String key = volume.toLowerCase(Locale.ROOT);
    Mount m = mounts.get(key);
    if (m == null) {
      m = open(volume);
      Mount first = mounts.putIfAbsent(key, m);
      if (first != null) {
        VolumeCatalog.release(m.volume(), m.fs());
        m = first;
      }
    }
    return m;
  }

  /** Opens volume {@code volume}'s backing file system, checking that its folder is there (and, when local, where it really is). */
  private Mount open(String volume) throws IOException {
    Volume v = catalog.get(volume);
    FileSystem fs = catalog.backing(v);
    boolean exists;
    try {
      exists = fs.exists(v.root());
    } catch (IOException | RuntimeException e) {
      VolumeCatalog.release(v, fs);
      throw translate(e, new Mount(v, fs, null));
    }
    if (!exists) {
      VolumeCatalog.release(v, fs);
      throw new ProximaException("the folder " + v.url() + " of volume " + v.name() + " has vanished: recreate it, or "
          + "vfs -rm " + v.name() + " -force and vfs -create it again");
    }
    java.nio.file.Path realRoot = null;
    if (v.provider().equals("local")) {
      try {
        realRoot = Paths.get(v.root().toUri()).toRealPath();
      } catch (NoSuchFileException e) {
        VolumeCatalog.release(v, fs);
        throw new ProximaException("the folder " + v.url() + " of volume " + v.name() + " has vanished");
      }
      catalog.checkOutsideHome(v, realRoot.toUri());
    }
    return new Mount(v, fs, realRoot);
  }

  private static IOException translate(Throwable e, Mount m) {
    RuntimeException r = BackingErrors.explain(e, m.volume(), m.fs().getConf());
    if (r instanceof java.io.UncheckedIOException u) {
      return u.getCause();
    }
    throw r;
  }

  /** The odps path of a backing path inside mount {@code m}. */
  private Path odps(Mount m, Path backing) {
    String root = m.fs().makeQualified(m.root()).toUri().getPath().replaceFirst("/+$", "");
    String path = m.fs().makeQualified(backing).toUri().getPath();
    String rel = path.length() > root.length() ? path.substring(root.length() + 1) : "";
    return new Path(m.volume().odpsUrl() + rel);
  }

  private FileStatus odps(Mount m, FileStatus s) {
    return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
        odps(m, s.getPath()));
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    Target t = target(f, Privilege.READ);
    try {
      return t.mount().fs().open(t.backing(), bufferSize);
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    Target t = target(f, Privilege.WRITE);
    try {
      return t.mount().fs().create(t.backing(), permission, overwrite, bufferSize, replication, blockSize, progress);
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    throw new UnsupportedOperationException("odps:// files cannot be appended to");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    Target s = target(src, Privilege.WRITE, false);
    Target d = target(dst, Privilege.WRITE); // followed: a link to elsewhere must not take the file out of the volume
    if (s.mount() != d.mount()) {
      throw new ProximaException("cannot rename across volumes: " + src + " -> " + dst);
    }
    try {
      return s.mount().fs().rename(s.backing(), d.backing());
    } catch (IOException | RuntimeException e) {
      throw translate(e, s.mount());
    }
  }

  /** A rename that replaces {@code dst} as the backing file system does it (atomically on local disk and HDFS). */
  @Override
  protected void rename(Path src, Path dst, Options.Rename... options) throws IOException {
    Target s = target(src, Privilege.WRITE, false);
    Target d = target(dst, Privilege.WRITE); // followed: a link to elsewhere must not take the file out of the volume
    if (s.mount() != d.mount()) {
      throw new ProximaException("cannot rename across volumes: " + src + " -> " + dst);
    }
    try {
      FileUtil.rename(s.mount().fs(), s.backing(), d.backing(), options);
    } catch (IOException | RuntimeException e) {
      throw translate(e, s.mount());
    }
  }

  /** Where an existing path really is: the backing file system's path (a local volume's real path). Needs Read. */
  @Override
  public Path resolvePath(Path p) throws IOException {
    Target t = target(p, Privilege.READ);
    try {
      return t.mount().fs().resolvePath(t.backing());
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(p.toString());
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    Target t = target(f, Privilege.WRITE, false);
    if (t.backing().equals(t.mount().root()) || t.backing().equals(t.mount().volume().root())) {
      throw new ProximaException("refusing to delete the root of volume " + t.mount().volume().name()
          + "; remove the volume with vfs -rm instead");
    }
    try {
      return t.mount().fs().delete(t.backing(), recursive);
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    if (isProjectRoot(f)) {
      List<FileStatus> out = new ArrayList<>();
      for (Volume v : catalog.list()) {
        if (reach != null && reach.stream().noneMatch(allowed -> allowed[0].equals(uri.getAuthority()) && allowed[1].equalsIgnoreCase(v.name()))) {
          continue; // a volume the job may not reach is not shown either
        }
        out.add(new FileStatus(0, true, 1, 0, 0, new Path(v.odpsUrl())));
      }
      return out.toArray(new FileStatus[0]);
    }
    Target t = target(f, Privilege.READ);
    FileStatus[] in;
    try {
      in = t.mount().fs().listStatus(t.backing());
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(f.toString());
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
    FileStatus[] out = new FileStatus[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = odps(t.mount(), in[i]);
    }
    return out;
  }

  private boolean isProjectRoot(Path f) {
    String path = makeQualified(f).toUri().getPath();
    return path == null || path.isEmpty() || path.equals("/");
  }

  @Override
  public void setWorkingDirectory(Path dir) {
    workingDir = makeQualified(dir);
  }

  @Override
  public Path getWorkingDirectory() {
    return workingDir;
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    Target t = target(f, Privilege.WRITE);
    try {
      return t.mount().fs().mkdirs(t.backing(), permission);
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    if (isProjectRoot(f)) {
      return new FileStatus(0, true, 1, 0, 0, new Path(uri + "/"));
    }
    Target t = target(f, Privilege.READ);
    try {
      return odps(t.mount(), t.mount().fs().getFileStatus(t.backing()));
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(f.toString());
    } catch (IOException | RuntimeException e) {
      throw translate(e, t.mount());
    }
  }

  @Override
  public void close() throws IOException {
    try {
      List<Mount> open = new ArrayList<>(mounts.values());
      mounts.clear();
      for (Mount m : open) {
        VolumeCatalog.release(m.volume(), m.fs());
      }
    } finally {
      super.close();
    }
  }
}
