package io.proximace.volume;

import io.proximace.ProximaException;
import java.net.URI;
import org.apache.hadoop.fs.Path;

/**
 * An external volume: a project-scoped name for a backing folder ({@code file:///...} for now), seen
 * by jobs as {@code odps://<project>/<volume>/<path>}.
 *
 * @param name the volume's name within its project
 * @param provider {@code local}, later also {@code oss} and {@code hdfs}
 * @param url the backing folder
 * @param autoCreate whether the backing folder is created when missing ({@code -acd})
 * @param roleArn the credentials profile for OSS, or null
 */
public record Volume(String project, String name, String provider, URI url, boolean autoCreate, String roleArn) {

  /** The backing folder. */
  public Path root() {
    return new Path(url);
  }

  /** {@code odps://<project>/<volume>/} */
  public String odpsUrl() {
    return "odps://" + project + "/" + name + "/";
  }

  /**
   * The backing path of {@code relative} ({@code a/b/c}); refuses anything that could leave the volume:
   * {@code ..}, {@code .}, empty segments, backslashes, absolute paths.
   */
  public Path resolve(String relative) {
    if (relative.isEmpty()) {
      return root();
    }
    if (relative.startsWith("/") || relative.contains("\\") || relative.contains("%") || relative.contains(":")) {
      throw new ProximaException("path '" + relative + "' is not a plain relative path inside volume " + name);
    }
    for (String seg : relative.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new ProximaException("path '" + relative + "' would leave volume " + name + " or is not normalized");
      }
    }
    return new Path(root(), relative);
  }
}
