package io.proximace.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class VolumeCatalog {
  /** The hadoop-aliyun key of the OSS secret: never logged, never in a job's configuration. */
  public static final String OSS_SECRET = "fs.oss.accessKeySecret";

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final java.nio.file.Path home;
  private final FileSystem fs;
  private final Path dir;
  private final Path file;
  private final String project;
  private final String user;
  private Grants grants;

  /** The catalog of {@code project} in the home at {@code home}, used by {@code user}. */
  public VolumeCatalog(Configuration conf, java.nio.file.Path home, String project, String user) throws IOException {
    this.conf = conf;
    this.home = home;
    this.dir = new Path(new Path(home.toUri()), "catalog/" + project);
    this.fs = dir.getFileSystem(conf);
    this.file = new Path(dir, "volumes.json");
    this.project = project;
    this.user = user;
  }

  public String project() {
    return project;
  }

  /** The acting user. */
  public String user() {
    return user;
  }

  /** The project's permissions (loaded on first use; the first user becomes the owner). */
  public Grants grants() throws IOException {
    if (grants == null) {
      grants = Grants.load(fs, dir, project, user);
    }
    return grants;
  }

  /** The home's OSS credentials profiles. */
  public Credentials credentials() {
    return new Credentials(home);
  }

  /** Registers a volume after checking permission and its backing folder. */
  public Volume create(String name, String provider, String url, boolean autoCreate, String profile) throws IOException {
    grants().check(user, Privilege.CREATE_VOLUME, null);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ProximaException("bad volume name '" + name + "': use letters, digits and _, starting with a letter");
    }
    List<Volume> volumes = list();
    for (Volume v : volumes) {
      if (v.name().equalsIgnoreCase(name)) {
        throw new ProximaException("volume " + name + " already exists in project " + project + " (" + v.url() + ")");
      }
    }
    String p = Volume.provider(provider);
    Volume v = new Volume(project, name, p, uri(p, url), autoCreate, profile);
    if (p.equals("oss")) {
      if (profile == null || profile.isBlank()) {
        throw new ProximaException("an oss volume needs -role_arn <profile>: the credentials profile jobs use to reach OSS"
            + " (add one with vfs -set_credentials <profile>)");
      }
      credentials().get(profile); // fails early, naming the profiles there are
    }
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
        if (!autoCreate) {
          throw new ProximaException("the folder " + url + " of volume " + name + " does not exist: create it, or pass -acd true to have it created");
        }
        if (!backing.mkdirs(root)) {
          throw new ProximaException("cannot create the folder " + url + " of volume " + name);
        }
      } else if (!backing.getFileStatus(root).isDirectory()) {
        throw new ProximaException("the url " + url + " of volume " + name + " is a file, not a folder");
      }
    } finally {
      release(v, backing);
    }
    volumes.add(v);
    save(volumes);
    return v;
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

  /** The volume named {@code name}, or an error naming the volumes that exist. */
  public Volume get(String name) throws IOException {
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
    List<Volume> volumes = new ArrayList<>();
    if (!fs.exists(file)) {
      return volumes;
    }
    JsonNode root;
    try (var in = fs.open(file)) {
      root = JSON.readTree(in);
    }
    for (JsonNode n : root.path("volumes")) {
      volumes.add(new Volume(project, n.get("name").asText(), n.get("provider").asText(),
          URI.create(n.get("url").asText()), n.path("acd").asBoolean(false),
          n.hasNonNull("roleArn") ? n.get("roleArn").asText() : null));
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
    List<Volume> volumes = list();
    volumes.removeIf(x -> x.name().equalsIgnoreCase(v.name()));
    save(volumes);
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

  /**
   * The hadoop-aliyun settings that reach an OSS volume: endpoint, credentials profile (the secret under
   * {@link #OSS_SECRET}), attempts. Empty for other providers.
   */
  public Map<String, String> ossSettings(Volume v) throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    if (!v.provider().equals("oss")) {
      return s;
    }
    Credentials.Profile p = credentials().get(v.profile());
    String endpoint = v.ossEndpoint() != null ? v.ossEndpoint() : p.endpoint();
    if (endpoint == null) {
      throw new ProximaException("volume " + v.name() + ": no OSS endpoint; write the url as oss://<endpoint>/<bucket>/<path>"
          + " or give profile '" + p.name() + "' an endpoint");
    }
    s.put("fs.oss.impl", OssFileSystem.class.getName());
    s.put("fs.AbstractFileSystem.oss.impl", "org.apache.hadoop.fs.aliyun.oss.OSS");
    s.put("fs.oss.endpoint", endpoint.replaceFirst("^https?://", ""));
    s.put("fs.oss.connection.secure.enabled", Boolean.toString(p.secure() && !endpoint.startsWith("http://")));
    s.put("fs.oss.accessKeyId", p.accessKeyId());
    s.put(OSS_SECRET, p.accessKeySecret());
    s.put("fs.oss.attempts.maximum", Integer.toString(conf.getInt("fs.oss.attempts.maximum", 3)));
    return s;
  }

  /** Closes a private file system opened by {@link #backing}; shared ones stay open. */
  public static void release(Volume v, FileSystem fs) throws IOException {
    if (v.provider().equals("oss")) {
      fs.close();
    }
  }

  private void save(List<Volume> volumes) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("volumes");
    for (Volume v : volumes) {
      ObjectNode n = arr.addObject();
      n.put("name", v.name()).put("provider", v.provider()).put("url", v.url().toString()).put("acd", v.autoCreate());
      if (v.profile() != null) {
        n.put("roleArn", v.profile());
      }
    }
    AtomicFile.write(fs, file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
