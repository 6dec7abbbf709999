package io.proximace.volume;

import io.proximace.ProximaException;
import io.proximace.UsageException;
import io.proximace.fs.Archives;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * An external volume: a project-scoped name for a backing folder, seen by jobs as
 * {@code odps://<project>/<volume>/<path>}.
 *
 * <p>The url says where the folder is: {@code file:///data/vol} (provider local),
 * {@code hdfs://namenode:8020/vol} (hdfs), or for oss either MaxCompute's form
 * {@code oss://<endpoint>/<bucket>/<path>} or Hadoop's {@code oss://<bucket>/<path>} with the endpoint
 * taken from the credentials profile.
 *
 * @param provider {@code local}, {@code hdfs} or {@code oss}
 * @param autoCreate whether the backing folder is created when missing ({@code -acd})
 * @param profile the credentials profile for OSS ({@code -role_arn}), or null
 */
public record Volume(String project, String name, String provider, URI url, boolean autoCreate, String profile) {

  /** Whether the url's authority is an OSS endpoint (a host with a dot, or host:port) rather than a bucket. */
  private boolean endpointForm() {
    String a = url.getAuthority();
    return a != null && (a.contains(".") || a.contains(":"));
  }

  /** The OSS endpoint named in the url, or null when the profile must give it. */
  public String ossEndpoint() {
    return provider.equals("oss") && endpointForm() ? url.getAuthority() : null;
  }

  /** The backing folder as a Hadoop path: {@code file:///...}, {@code hdfs://...}, {@code oss://bucket/path}. */
  public Path root() {
    if (provider.equals("oss") && endpointForm()) {
      String path = url.getPath() == null ? "" : url.getPath();
      String[] parts = path.replaceFirst("^/+", "").split("/", 2);
      if (parts[0].isEmpty()) {
        throw new ProximaException("volume " + name + ": the url " + url + " names no bucket (oss://<endpoint>/<bucket>/<path>)");
      }
      checkBucketName(parts[0], "volume " + name + " (" + url + ")");
      try {
        return new Path(new URI("oss", parts[0], "/" + (parts.length > 1 ? parts[1] : ""), null));
      } catch (URISyntaxException e) {
        throw new ProximaException("bad volume url " + url + ": " + e.getMessage());
      }
    }
    if (provider.equals("oss") && url.getAuthority() != null) {
      checkBucketName(url.getAuthority(), "volume " + name + " (" + url + ")");
    }
    return new Path(url);
  }

  /**
   * Checks a startup file's url (the runner's {@code -volume_files}, Spark's {@code odps.cupid.volume.files}):
   * {@code odps://<project>/<volume>/<path>}, and an archive ending for an archive; {@code option} names the setting.
   */
  public static void checkFileUrl(String url, String option, boolean archive) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ProximaException(option + ": '" + url + "' is not a url");
    }
    if (!"odps".equals(u.getScheme()) || u.getAuthority() == null || u.getPath() == null
        || u.getPath().replaceFirst("^/+", "").split("/").length < 2) {
      throw new ProximaException(option + ": '" + url + "' is not odps://<project>/<volume>/<path>");
    }
    boolean dots = java.util.Arrays.stream(u.getPath().split("/")).anyMatch(s -> s.equals("..") || s.equals("."));
    if (dots || u.getPath().endsWith("/")) {
      throw new ProximaException(option + ": '" + url + "' is not a file's path (no '.', '..' or trailing '/')");
    }
    if (archive && !Archives.isArchive(u.getPath())) {
      throw new ProximaException(option + ": '" + url + "' is not a .zip, .tar, .tar.gz or .tgz archive");
    }
  }

  /** OSS's bucket naming rule, checked before the SDK sees a name; {@code where} names the name's source for the message. */
  public static void checkBucketName(String bucket, String where) {
    if (!bucket.matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")) {
      throw new UsageException(where + ": '" + bucket + "' is not an OSS bucket name: 3 to 63 lower-case letters, digits "
          + "and hyphens, starting and ending with a letter or digit");
    }
  }

  /** {@code odps://<project>/<volume>/} */
  public String odpsUrl() {
    return "odps://" + project + "/" + name + "/";
  }

  /** The odps path of {@code relative} inside this volume. */
  public Path odpsPath(String relative) {
    checkRelative(relative);
    return new Path(odpsUrl() + relative);
  }

  /** The backing path of an {@code odps://} path inside this volume: what a MapReduce task opens. */
  public Path backingPath(Path odpsPath) {
    String url = odpsPath.toUri().toString();
    String prefix = odpsUrl();
    if (!url.startsWith(prefix) && !(url + "/").equals(prefix)) {
      throw new ProximaException(url + " is not inside volume " + name + " (" + prefix + ")");
    }
    return resolve(url.length() <= prefix.length() ? "" : url.substring(prefix.length()).replaceFirst("/+$", ""));
  }

  /**
   * The backing path of {@code relative} ({@code a/b/c}); refuses anything that could leave the volume:
   * {@code ..}, {@code .}, empty segments, backslashes, percent-escapes, absolute paths.
   */
  public Path resolve(String relative) {
    checkRelative(relative);
    return relative.isEmpty() ? root() : new Path(root(), relative);
  }

  private void checkRelative(String relative) {
    if (relative.isEmpty()) {
      return;
    }
    if (relative.startsWith("/") || relative.contains("\\") || relative.contains("%") || relative.contains(":")) {
      throw new ProximaException("path '" + relative + "' is not a plain relative path inside volume " + name);
    }
    for (String seg : relative.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new ProximaException("path '" + relative + "' would leave volume " + name + " or is not normalized");
      }
    }
  }

  /** Parses {@code -storage_provider}. */
  public static String provider(String text) {
    String p = text.trim().toLowerCase(Locale.ROOT);
    if (!p.equals("local") && !p.equals("oss") && !p.equals("hdfs")) {
      throw new ProximaException("unknown -storage_provider '" + text + "': expected local, oss or hdfs");
    }
    return p;
  }
}
