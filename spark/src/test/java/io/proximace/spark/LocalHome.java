package io.proximace.spark;

import io.proximace.home.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.spark.sql.SparkSession;

/**
 * A proxima-ce home for Spark tests: project {@code proj} owned by the test's Hadoop user, with local volumes
 * {@code vol} and {@code other}, and a local-mode SparkSession configured with the documentation's settings.
 */
record LocalHome(Path dir, Path vol, Path other, String user) {
  static LocalHome create(Path tmp) throws IOException {
    String user = UserGroupInformation.getCurrentUser().getShortUserName();
    Path dir = tmp.resolve("home");
    Home home = new Home(new Configuration(), new org.apache.hadoop.fs.Path(dir.toUri()), "proj", user);
    Path vol = Files.createDirectories(tmp.resolve("vol"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    home.volumes().create("vol", "local", vol.toUri().toString(), false, null);
    home.volumes().create("other", "local", other.toUri().toString(), false, null);
    return new LocalHome(dir, vol.toRealPath(), other.toRealPath(), user);
  }

  /** Stops {@code spark} and closes Hadoop's cached file systems, which hold this home's settings. */
  static void stop(SparkSession spark) throws IOException {
    if (spark != null) {
      spark.stop();
    }
    org.apache.hadoop.fs.FileSystem.closeAll();
  }

  /** local[2] with spark-defaults.conf's settings from the external-volume documentation, pointing at this home. */
  SparkSession.Builder spark(Path tmp) {
    return SparkSession.builder().master("local[2]").appName("test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.local.dir", tmp.resolve("spark-local").toString())
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.hadoop.odps.cupid.volume.paths", "odps://proj/vol/")
        .config("spark.hadoop.odps.volume.common.filesystem", "true")
        .config("spark.hadoop.fs.odps.impl", "org.apache.hadoop.fs.aliyun.volume.OdpsVolumeFileSystem")
        .config("spark.hadoop.fs.AbstractFileSystem.odps.impl", "org.apache.hadoop.fs.aliyun.volume.abstractfsimpl.OdpsVolumeFs")
        .config("spark.hadoop.odps.access.id", "test-id")
        .config("spark.hadoop.odps.access.key", "test-key")
        .config("spark.hadoop.proxima.home", dir.toString());
  }
}
