package org.apache.hadoop.fs.aliyun.volume;

import io.proximace.volume.OdpsFileSystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * {@code odps://} under the class name MaxCompute's Spark documentation sets in {@code fs.odps.impl}: our {@link
 * OdpsFileSystem}, with the home taken from {@value #HOME} (default: {@code $PROXIMA_HOME}, else
 * {@code ~/.proxima-ce}) and the acting user from Hadoop ({@code HADOOP_USER_NAME} when set, else the login user;
 * in a Spark task the job's user). Every call is checked for that user wherever it runs: driver or executor.
 */
public class OdpsVolumeFileSystem extends FilterFileSystem {
  /** Configuration key: the proxima-ce home (a folder or a {@code file:} url); {@code spark.hadoop.proxima.home} in Spark. */
  public static final String HOME = OdpsFileSystem.HOME;

  public OdpsVolumeFileSystem() {
    super(new OdpsFileSystem());
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    Configuration c = settings(conf);
    fs.setConf(c); // as FileSystem.get does before initialize; FilterFileSystem then leaves fs alone
    fs.initialize(name, c);
    super.initialize(name, c);
  }

  @Override
  public String getScheme() {
    return OdpsFileSystem.SCHEME;
  }

  /** A copy of {@code conf} with the home (as a url) and Hadoop's current user set for {@link OdpsFileSystem}. */
  public static Configuration settings(Configuration conf) throws IOException {
    Configuration c = new Configuration(conf);
    String home = conf.getTrimmed(HOME, "");
    URI url;
    if (home.isEmpty()) {
      url = io.proximace.home.Home.defaultDir().toAbsolutePath().toUri();
    } else {
      URI u = URI.create(home);
      url = u.getScheme() == null ? Path.of(home).toAbsolutePath().toUri() : u;
    }
    c.set(OdpsFileSystem.HOME, url.toString());
    c.set(OdpsFileSystem.USER, UserGroupInformation.getCurrentUser().getShortUserName());
    return c;
  }
}
