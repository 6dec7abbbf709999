package io.proximace.volume;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import io.proximace.fs.LocalLock;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A project's volumes, kept in {@code volumes.json} in the project's catalog folder
 * ({@code <home>/catalog/<project>}), with the project's {@link Grants} beside them. Creating a volume
 * needs {@code CreateVolume} and checks the backing folder: with {@code -acd true} a missing folder is
 * created, otherwise it must exist, as in MaxCompute.
 *
 * <p>Volume folders cannot alias: a new volume's folder may not lie inside the home (but for its
 * {@code volumes/} folder, which holds nothing else) or the warehouse, hold either of them, or overlap
 * another volume's folder in any project; a local folder is compared by its real path (links resolved)
 * and stored so. Creations across the home take one lock, so two parallel
 * creations cannot both claim a folder, and every catalog change is a locked read-modify-write.
 */
public final class VolumeCatalog {
  /** The hadoop-aliyun key of the OSS secret: never logged, never in a job's configuration. */
  public static final String OSS_SECRET = "fs.oss.accessKeySecret";

  /**
   * The run's direct OSS volume (Proxima CE's AccessKey mode, {@code -oss_access_id} and friends): a bucket reached with
   * keys the run was given, registered nowhere, set up by {@link #direct}. Its name is one {@code vfs -create} refuses,
   * so it never stands for a registered volume. The keys are its credential: no volume grant applies to it.
   */
  public static final String DIRECT = "oss-direct";
  static final String DIRECT_ENDPOINT = "proxima.oss.direct.endpoint";
  static final String DIRECT_BUCKET = "proxima.oss.direct.bucket";
  static final String DIRECT_ID = "proxima.oss.direct.accessKeyId";
  /** The direct volume's secret: like {@link #OSS_SECRET}, never logged, and kept out of a job's configuration. */
  public static final String DIRECT_SECRET = "proxima.oss.direct.accessKeySecret";

  /** The file name in a project's catalog folder. */
  static final String FILE = "volumes.json";
  /** The one folder of the home where volume folders may lie: {@code <home>/volumes/<name>}. */
  public static final String VOLUMES = "volumes";
  /** Configuration key: the warehouse root, which no volume may overlap. */
  public static final String WAREHOUSE = "proxima.warehouse";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final java.nio.file.Path home;
  private final java.nio.file.Path dir;
  private final java.nio.file.Path file;
  private final String project;
  private final String user;
  private final BooleanSupplier hasTables;
  private final Supplier<Map<String, String>> env;
  private Grants grants;
  private byte[] grantsRead; // the grants file's bytes when grants was read

  /**
   * The catalog of {@code project} in the home at {@code home}, used by {@code user}; {@code hasTables}
   * says whether the project has tables (a project in use never loses its owner with a lost grants file).
   */
  public VolumeCatalog(Configuration conf, java.nio.file.Path home, String project, String user, BooleanSupplier hasTables) {
    this(conf, home, project, user, hasTables, System::getenv);
  }

  /** As above, with {@code env} standing for the environment the credentials may come from (tests). */
  VolumeCatalog(Configuration conf, java.nio.file.Path home, String project, String user, BooleanSupplier hasTables,
      Supplier<Map<String, String>> env) {
    this.env = env;
    this.conf = conf;
    this.home = home;
    this.dir = home.resolve("catalog").resolve(project);
    this.file = dir.resolve(FILE);
    this.project = project;
    this.user = user;
    this.hasTables = hasTables;
  }

  public String project() {
    return project;
  }

  /** The acting user. */
  public String user() {
    return user;
  }

  /**
   * The project's permissions as the grants file holds them now: read again whenever the file changed since it was
   * last read, so a catalog kept open for long (a cached {@code odps://} file system in a Spark driver or executor)
   * sees a revoke at its next check.
   */
  public synchronized Grants grants() throws IOException {
    byte[] now = AtomicFile.read(dir.resolve(Grants.FILE)); // a few hundred bytes: compared whole, no clock involved
    if (grants == null || !Arrays.equals(now, grantsRead)) {
      grants = Grants.load(dir, project, hasTables.getAsBoolean());
      grantsRead = now;
    }
    return grants;
  }

  /** The project's permissions, the acting user becoming the owner of a project nobody has used yet. */
  public synchronized Grants claim() throws IOException {
    grantsRead = null; // read again at the next check
    grants = Grants.claim(dir, project, user, hasTables.getAsBoolean());
    return grants;
  }

  /** The home's OSS credentials profiles. */
  public Credentials credentials() {
    return new Credentials(home, user, env);
  }

  /** Registers a volume after checking permission and its backing folder. */
  public Volume create(String name, String provider, String url, boolean autoCreate, String profile) throws IOException {
    claim().check(user, Privilege.CREATE_VOLUME, null);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ProximaException("bad volume name '" + name + "': use letters, digits and _, starting with a letter");
    }
    String p = Volume.provider(provider);
    URI uri = uri(p, url);
    if (profile != null && profile.isBlank()) {
      profile = null;
    }
    if (p.equals("oss")) {
      credentials().forVolume(profile); // fails early, naming the profiles there are or the variables to set
    }
    // one creation at a time in the whole home: the overlap check must see every volume
    try (LocalLock lock = LocalLock.acquire(home.resolve("catalog").resolve(".volumes.lock"), "the volume catalog")) {
      if (p.equals("local")) {
        uri = realFolder(uri, name);
      }
      for (Volume x : list()) {
        if (x.name().equalsIgnoreCase(name)) {
          throw new ProximaException("volume " + name + " already exists in project " + project + " (" + x.url() + ")");
        }
      }
      Volume v = new Volume(project, name, p, uri, autoCreate, profile);
      checkNoAlias(v);
      prepareFolder(v, url);
      AtomicFile.update(file, "the volume catalog of project " + project, old -> {
        List<Volume> now = parse(old);
        if (now.stream().anyMatch(x -> x.name().equalsIgnoreCase(name))) {
          throw new ProximaException("volume " + name + " already exists in project " + project);
        }
        now.add(v);
        return toJson(now);
      });
      return v;
    }
  }

  /** Checks the backing folder, creating it with {@code -acd true}. */
  private void prepareFolder(Volume v, String url) throws IOException {
    Path root = v.root();
    FileSystem backing = backing(v);
    try {
      boolean exists;
      try {
        exists = backing.exists(root);
      } catch (IOException | RuntimeException e) {
        throw BackingErrors.explain(e, v, backing.getConf());
      }
      if (!exists) {
        if (!v.autoCreate()) {
          throw new ProximaException("the folder " + url + " of volume " + v.name() + " does not exist: create it, or pass -acd true to have it created");
        }
        if (!backing.mkdirs(root)) {
          throw new ProximaException("cannot create the folder " + url + " of volume " + v.name());
        }
      } else if (!backing.getFileStatus(root).isDirectory()) {
        throw new ProximaException("the url " + url + " of volume " + v.name() + " is a file, not a folder");
      }
    } finally {
      release(v, backing);
    }
  }

  /**
   * A local folder by its real path: links resolved for the part that exists, the rest appended, so that
   * a volume is compared and stored by where its files really are.
   */
  private static URI realFolder(URI uri, String name) throws IOException {
    java.nio.file.Path p = java.nio.file.Path.of(uri).normalize();
    java.nio.file.Path existing = p;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return uri;
    }
    java.nio.file.Path real;
    try {
      real = existing.toRealPath();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ProximaException("the folder " + uri.getPath() + " of volume " + name + " goes through a link to a missing path (" + existing + ")");
    }
    java.nio.file.Path full = real.resolve(existing.relativize(p)).normalize();
    try {
      return new URI("file", "", full.toString(), null, null);
    } catch (URISyntaxException e) {
      throw new ProximaException("bad folder " + full + " for volume " + name + ": " + e.getMessage());
    }
  }

  /**
   * Refuses a volume whose folder lies inside the home or the warehouse, holds either, or overlaps the
   * folder of any volume of any project.
   */
  private void checkNoAlias(Volume v) throws IOException {
    URI root = v.root().toUri();
    checkOutsideHome(v, root);
    String warehouse = conf.get(WAREHOUSE);
    if (warehouse != null) {
      URI w = URI.create(warehouse);
      if ("file".equals(w.getScheme())) {
        w = realFolder(w, "warehouse");
      }
      if (overlap(root, w)) {
        throw new ProximaException("volume " + v.name() + ": its folder " + root + " overlaps the warehouse " + w + "; choose a folder outside it");
      }
    }
    java.nio.file.Path catalogs = home.resolve("catalog");
    if (!Files.isDirectory(catalogs)) {
      return;
    }
    try (DirectoryStream<java.nio.file.Path> projects = Files.newDirectoryStream(catalogs, Files::isDirectory)) {
      for (java.nio.file.Path d : projects) {
        String other = d.getFileName().toString();
        for (Volume x : parse(d.resolve(FILE), other, AtomicFile.read(d.resolve(FILE)))) {
          URI xr = x.root().toUri();
          if (x.provider().equals("local")) {
            xr = realFolder(xr, x.name());
          }
          if (overlap(root, xr)) {
            throw new ProximaException("volume " + v.name() + ": its folder " + root + " overlaps the folder " + xr + " of volume "
                + x.name() + " in project " + other + "; volumes may not share folders");
          }
        }
      }
    }
  }

  /**
   * Refuses a local volume folder ({@code root}, its real path) inside the home but for {@code <home>/volumes/},
   * or holding the home: through it the catalog or the warehouse could be rewritten. Checked when a volume
   * is created and again whenever one is opened (a volume an earlier version let in, a folder since
   * replaced by a link).
   */
  void checkOutsideHome(Volume v, URI root) throws IOException {
    URI homeUri = realFolder(home.toUri(), "home");
    URI volumesUri = realFolder(home.resolve(VOLUMES).toUri(), "home");
    boolean inVolumesFolder = inside(root, volumesUri) && !inside(volumesUri, root);
    if (overlap(root, homeUri) && !inVolumesFolder) {
      throw new ProximaException("volume " + v.name() + ": its folder " + root.getPath() + (inside(root, homeUri) ? " lies inside" : " holds")
          + " the proxima-ce home " + homeUri.getPath() + "; choose a folder outside it, or one under " + volumesUri.getPath() + "/");
    }
  }

  /** Whether one folder holds the other (or both are the same), on the same file system. */
  private static boolean overlap(URI a, URI b) {
    return inside(a, b) || inside(b, a);
  }

  private static String authority(URI u) {
    return u.getAuthority() == null ? "" : u.getAuthority();
  }

  /** Whether folder {@code a} is {@code b} or lies inside it. */
  private static boolean inside(URI a, URI b) {
    if (!String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
        || !authority(a).equalsIgnoreCase(authority(b))) {
      return false;
    }
    String pa = (a.getPath() == null ? "" : a.getPath()).replaceAll("/+$", "") + "/";
    String pb = (b.getPath() == null ? "" : b.getPath()).replaceAll("/+$", "") + "/";
    return pa.startsWith(pb);
  }

  private static URI uri(String provider, String url) {
    try {
      URI uri = url.startsWith("/") ? new URI("file", "", url, null, null) : new URI(url);
      String want = switch (provider) {
        case "local" -> "file";
        case "hdfs" -> "hdfs";
        default -> "oss";
      };
      if (!want.equals(uri.getScheme()) || uri.getPath() == null) {
        throw new ProximaException("a " + provider + " volume needs a url like " + switch (provider) {
          case "local" -> "file:///path/to/folder";
          case "hdfs" -> "hdfs://namenode:8020/path";
          default -> "oss://<endpoint>/<bucket>/<path>";
        } + ", not '" + url + "'");
      }
      if (provider.equals("local")) {
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() || !uri.getPath().startsWith("/")) {
          throw new ProximaException("a local volume needs a url like file:///path/to/folder, not '" + url + "'");
        }
        String path = uri.getPath().replaceAll("/+$", "");
        return new URI("file", "", path.isEmpty() ? "/" : path, null, null);
      }
      return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath().replaceAll("/+$", ""), null, null);
    } catch (URISyntaxException e) {
      throw new ProximaException("bad volume url '" + url + "': " + e.getMessage());
    }
  }

  /**
   * Sets up the direct volume {@link #DIRECT} in {@code conf}: the bucket at {@code endpoint} ({@code http://} for plain
   * HTTP), reached with the given keys.
   */
  public static void direct(Configuration conf, String endpoint, String bucket, String accessKeyId, String secret) {
    conf.set(DIRECT_ENDPOINT, endpoint);
    conf.set(DIRECT_BUCKET, bucket);
    conf.set(DIRECT_ID, accessKeyId);
    conf.set(DIRECT_SECRET, secret);
  }

  /** Whether {@code v} is the run's direct volume. */
  public static boolean isDirect(Volume v) {
    return v.name().equals(DIRECT) && v.provider().equals("oss");
  }

  /** Fails unless the acting user holds {@code need} on volume {@code v}; the direct volume's keys are its credential. */
  public void check(Privilege need, Volume v) throws IOException {
    if (!isDirect(v)) {
      grants().check(user, need, v.name());
    }
  }

  /** The volume named {@code name}, or an error naming the volumes that exist. */
  public Volume get(String name) throws IOException {
    if (name.equals(DIRECT)) {
      String endpoint = conf.get(DIRECT_ENDPOINT);
      String bucket = conf.get(DIRECT_BUCKET);
      if (endpoint == null || bucket == null || conf.get(DIRECT_ID) == null || conf.get(DIRECT_SECRET) == null) {
        throw new ProximaException("volume " + DIRECT + " is the bucket of AccessKey mode (-oss_access_id, -oss_access_key, "
            + "-oss_endpoint and -oss_bucket), which this run was not given");
      }
      String host = endpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
      try {
        return new Volume(project, DIRECT, "oss", new URI("oss", host, "/" + bucket, null, null), true, null);
      } catch (URISyntaxException e) {
        throw new ProximaException("-oss_endpoint '" + endpoint + "' and -oss_bucket '" + bucket + "' make no url: " + e.getMessage());
      }
    }
    List<Volume> volumes = list();
    for (Volume v : volumes) {
      if (v.name().equalsIgnoreCase(name)) {
        return v;
      }
    }
    throw new ProximaException("volume " + name + " does not exist in project " + project
        + (volumes.isEmpty() ? " (the project has no volumes: create one with vfs -create)"
           : " (volumes: " + String.join(", ", volumes.stream().map(Volume::name).toList()) + ")"));
  }

  /** All volumes of the project, in creation order. */
  public List<Volume> list() throws IOException {
    return parse(AtomicFile.read(file));
  }

  private List<Volume> parse(byte[] bytes) {
    return parse(file, project, bytes);
  }

  /** The volumes in {@code bytes}, the text of {@code file}; an error naming the file when it is damaged. */
  private static List<Volume> parse(java.nio.file.Path file, String project, byte[] bytes) {
    List<Volume> volumes = new ArrayList<>();
    if (bytes == null) {
      return volumes;
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new ProximaException("catalog file " + file + " is damaged: it is not JSON (" + e.getOriginalMessage() + "); fix or restore it");
    } catch (IOException e) {
      throw new ProximaException("catalog file " + file + " is damaged: " + e.getMessage());
    }
    int i = 0;
    for (JsonNode n : root == null ? JSON.createArrayNode() : root.path("volumes")) {
      i++;
      String name = n.path("name").asText("");
      String url = n.path("url").asText("");
      String provider = n.path("provider").asText("");
      if (name.isEmpty() || url.isEmpty() || provider.isEmpty()) {
        throw new ProximaException("catalog file " + file + " is damaged: volume " + i + " lacks its name, provider or url; fix or restore it");
      }
      try {
        volumes.add(new Volume(project, name, provider, URI.create(url), n.path("acd").asBoolean(false),
            n.hasNonNull("roleArn") ? n.get("roleArn").asText() : null));
      } catch (IllegalArgumentException e) {
        throw new ProximaException("catalog file " + file + " is damaged: volume " + name + " has a bad url '" + url + "'");
      }
    }
    return volumes;
  }

  /**
   * Removes a volume from the catalog; its files stay where they are. A volume that still holds files is
   * refused unless {@code force}. Needs {@code Write} on the volume.
   */
  public void remove(String name, boolean force) throws IOException {
    Volume v = get(name);
    grants().check(user, Privilege.WRITE, v.name());
    if (!force) {
      FileSystem backing = backing(v);
      try {
        FileStatus[] entries = backing.exists(v.root()) ? backing.listStatus(v.root()) : new FileStatus[0];
        if (entries.length > 0) {
          throw new ProximaException("volume " + v.name() + " is not empty (" + entries.length + " entries under " + v.url()
              + "): pass -force to remove it anyway; its files are kept either way");
        }
      } finally {
        release(v, backing);
      }
    }
    AtomicFile.update(file, "the volume catalog of project " + project, old -> {
      List<Volume> now = parse(old);
      now.removeIf(x -> x.name().equalsIgnoreCase(v.name()));
      return toJson(now);
    });
  }

  /**
   * Opens the file system behind a volume: the shared local or HDFS instance, or for OSS a private one
   * configured with the volume's endpoint and credentials profile. Give it back with {@link #release}.
   */
  public FileSystem backing(Volume v) throws IOException {
    if (!v.provider().equals("oss")) {
      return v.root().getFileSystem(conf);
    }
    Configuration c = new Configuration(conf);
    ossSettings(v).forEach(c::set);
    try {
      return FileSystem.newInstance(v.root().toUri(), c);
    } catch (IOException | RuntimeException e) {
      throw BackingErrors.explain(e, v, c);
    }
  }

  /** Refuses an OSS volume in a JVM without hadoop-aliyun and the OSS SDK (optional dependencies of the engine). */
  private static void requireOssJars(Volume v) {
    for (String c : new String[] {"com.aliyun.oss.OSSClient", "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem"}) {
      try {
        Class.forName(c, false, VolumeCatalog.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new ProximaException("volume " + v.name() + " is on OSS, but " + c + " is not on the classpath: add "
            + "org.apache.hadoop:hadoop-aliyun and com.aliyun.oss:aliyun-sdk-oss (optional dependencies of the engine)");
      }
    }
  }

  /**
   * The hadoop-aliyun settings that reach an OSS volume: endpoint, credentials profile (the secret under
   * {@link #OSS_SECRET}), attempts. Empty for other providers.
   */
  public Map<String, String> ossSettings(Volume v) throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    if (!v.provider().equals("oss")) {
      return s;
    }
    requireOssJars(v);
    Credentials.Profile p = isDirect(v)
        ? new Credentials.Profile(DIRECT, conf.get(DIRECT_ID), conf.get(DIRECT_SECRET), null, !conf.get(DIRECT_ENDPOINT).startsWith("http://"))
        : credentials().forVolume(v.profile());
    String hadoopEndpoint = conf.getTrimmed("fs.oss.endpoint", "");
    String endpoint = v.ossEndpoint() != null ? v.ossEndpoint() : p.endpoint();
    if (endpoint == null && v.profile() == null && !isDirect(v) && !hadoopEndpoint.isEmpty()) {
      endpoint = hadoopEndpoint; // keys without a profile: Hadoop's own endpoint setting (Spark's spark.hadoop.fs.oss.endpoint)
    }
    if (endpoint == null) {
      throw new ProximaException("volume " + v.name() + ": no OSS endpoint; write the url as oss://<endpoint>/<bucket>/<path>"
          + (v.profile() == null ? " or set fs.oss.endpoint (keys without a profile name none)" : " or give profile '" + p.name() + "' an endpoint"));
    }
    s.put("fs.oss.impl", OssFileSystem.class.getName());
    s.put("fs.AbstractFileSystem.oss.impl", "org.apache.hadoop.fs.aliyun.oss.OSS");
    s.put("fs.oss.endpoint", endpoint.replaceFirst("^https?://", ""));
    // keys without a profile carry no -secure flag: as in hadoop-aliyun, a scheme on the endpoint wins (here also the
    // scheme of fs.oss.endpoint naming the same host), else Hadoop's own key says it (plain HTTP for test servers)
    boolean secure = isDirect(v) ? p.secure()
        : v.profile() == null ? secureWithoutProfile(endpoint, hadoopEndpoint) : p.secure();
    s.put("fs.oss.connection.secure.enabled", Boolean.toString(secure && !endpoint.startsWith("http://")));
    s.put("fs.oss.accessKeyId", p.accessKeyId());
    s.put(OSS_SECRET, p.accessKeySecret());
    s.put("fs.oss.attempts.maximum", Integer.toString(conf.getInt("fs.oss.attempts.maximum", 3)));
    return s;
  }

  /**
   * Whether a volume without a profile reaches {@code endpoint} by https: by its scheme when it has one, else by the
   * scheme of Hadoop's {@code fs.oss.endpoint} when that names the same host, else by {@code fs.oss.connection.secure.enabled}.
   */
  private boolean secureWithoutProfile(String endpoint, String hadoopEndpoint) {
    String scheme = endpoint.matches("^https?://.*") ? endpoint
        : hostOf(hadoopEndpoint).equalsIgnoreCase(hostOf(endpoint)) ? hadoopEndpoint : "";
    return scheme.startsWith("https://") || (!scheme.startsWith("http://") && conf.getBoolean("fs.oss.connection.secure.enabled", true));
  }

  private static String hostOf(String endpoint) {
    return endpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
  }

  /** Closes a private file system opened by {@link #backing}; shared ones stay open. */
  public static void release(Volume v, FileSystem fs) throws IOException {
    if (v.provider().equals("oss")) {
      fs.close();
    }
  }

  private static byte[] toJson(List<Volume> volumes) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("volumes");
    for (Volume v : volumes) {
      ObjectNode n = arr.addObject();
      n.put("name", v.name()).put("provider", v.provider()).put("url", v.url().toString()).put("acd", v.autoCreate());
      if (v.profile() != null) {
        n.put("roleArn", v.profile());
      }
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }
}
