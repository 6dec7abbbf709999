package io.proximace.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A project's volumes, kept in {@code volumes.json} in the project's catalog folder. Creating a volume
 * checks its backing folder: with {@code -acd true} a missing folder is created, otherwise it must
 * already exist, as in MaxCompute.
 */
public final class VolumeCatalog {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final FileSystem fs;
  private final Path file;
  private final String project;

  /** The catalog of {@code project}, stored under {@code dir}. */
  public VolumeCatalog(Configuration conf, Path dir, String project) throws IOException {
    this.conf = conf;
    this.fs = dir.getFileSystem(conf);
    this.file = new Path(dir, "volumes.json");
    this.project = project;
  }

  public String project() {
    return project;
  }

  /** Registers a volume after checking its backing folder. */
  public Volume create(String name, String provider, String url, boolean autoCreate, String roleArn) throws IOException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ProximaException("bad volume name '" + name + "': use letters, digits and _, starting with a letter");
    }
    List<Volume> volumes = list();
    for (Volume v : volumes) {
      if (v.name().equalsIgnoreCase(name)) {
        throw new ProximaException("volume " + name + " already exists in project " + project + " (" + v.url() + ")");
      }
    }
    String p = provider.trim().toLowerCase(Locale.ROOT);
    if (p.equals("oss") || p.equals("hdfs")) {
      throw new ProximaException("not supported yet: -storage_provider " + p + " (local volumes only for now)");
    }
    if (!p.equals("local")) {
      throw new ProximaException("unknown -storage_provider '" + provider + "': expected local, oss or hdfs");
    }
    URI uri = localUri(url);
    Volume v = new Volume(project, name, p, uri, autoCreate, roleArn);
    Path root = v.root();
    FileSystem backing = root.getFileSystem(conf);
    if (!backing.exists(root)) {
      if (!autoCreate) {
        throw new ProximaException("the folder " + uri + " of volume " + name + " does not exist: create it, or pass -acd true to have it created");
      }
      if (!backing.mkdirs(root)) {
        throw new ProximaException("cannot create the folder " + uri + " of volume " + name);
      }
    } else if (!backing.getFileStatus(root).isDirectory()) {
      throw new ProximaException("the url " + uri + " of volume " + name + " is a file, not a folder");
    }
    volumes.add(v);
    save(volumes);
    return v;
  }

  private static URI localUri(String url) {
    try {
      URI uri = url.startsWith("/") ? new URI("file", "", url, null, null) : new URI(url);
      if (!"file".equals(uri.getScheme()) || uri.getPath() == null || !uri.getPath().startsWith("/")
          || uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
        throw new ProximaException("a local volume needs a url like file:///path/to/folder, not '" + url + "'");
      }
      String path = uri.getPath().replaceAll("/+$", "");
      return new URI("file", "", path.isEmpty() ? "/" : path, null, null);
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

  private void save(List<Volume> volumes) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("volumes");
    for (Volume v : volumes) {
      ObjectNode n = arr.addObject();
      n.put("name", v.name()).put("provider", v.provider()).put("url", v.url().toString()).put("acd", v.autoCreate());
      if (v.roleArn() != null) {
        n.put("roleArn", v.roleArn());
      }
    }
    fs.mkdirs(file.getParent());
    Path tmp = new Path(file.getParent(), "_volumes.json.tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(file)) {
      fs.delete(file, false);
    }
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot write " + file);
    }
  }
}
