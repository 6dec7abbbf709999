package io.proximace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this copy of proxima-ce was built from, as the build wrote them into
 * {@code io/proximace/build.properties}; "unknown" for what a build without Maven (an IDE) or without git left out.
 *
 * @param version the project's version, e.g. 0.1.0-SNAPSHOT
 * @param commit the git commit (12 hex digits, "-dirty" when the tree had changes), or "unknown"
 */
public record Build(String version, String commit) {
  private static final String UNKNOWN = "unknown";
  private static final Build CURRENT = load();

  /** This copy's build. */
  public static Build current() {
    return CURRENT;
  }

  /** The version line of a launcher: {@code <tool> <version>, commit <commit>}. */
  public String describe(String tool) {
    return tool + " " + version + ", commit " + commit;
  }

  private static Build load() {
    Properties p = new Properties();
    try (InputStream in = Build.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Build(value(p, "version"), value(p, "commit"));
  }

  // an unfiltered copy (an IDE build) still holds the ${...} placeholders
  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").trim();
    return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
  }
}
