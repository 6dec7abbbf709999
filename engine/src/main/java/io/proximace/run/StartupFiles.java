package io.proximace.run;

import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.fs.Archives;
import io.proximace.plan.RunPlan;
import io.proximace.volume.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume files a job needs at startup ({@code -volume_files}, {@code -volume_archives}; Spark's
 * {@code odps.cupid.volume.files} and {@code odps.cupid.volume.archives}): each file is copied into the
 * job's working directory under its own name, each archive unpacked into a folder named like the
 * archive ({@code model.tar.gz/}), before the stages start. Reading needs {@code Read} on the volume.
 * How much an archive may unpack to is set by {@value Archives#MAX_BYTES} and {@value Archives#MAX_RATIO}.
 */
public final class StartupFiles {
  private static final Logger LOG = LoggerFactory.getLogger(StartupFiles.class);

  private StartupFiles() {}

  /** Fetches the plan's files and archives into {@code workDir} through odps file systems made from {@code conf}. */
  public static void fetch(RunPlan plan, Configuration conf, Path workDir) throws IOException {
    fetch(plan.volumeFiles(), plan.volumeArchives(), conf, workDir);
  }

  /** Fetches {@code files} and {@code archives} ({@code odps://} urls) into {@code workDir} through odps file systems made from {@code conf}. */
  public static void fetch(List<String> files, List<String> archives, Configuration conf, Path workDir) throws IOException {
    if (files.isEmpty() && archives.isEmpty()) {
      return;
    }
    files.forEach(f -> Volume.checkFileUrl(f, "odps.cupid.volume.files", false)); // a plan checked them already; Spark's settings not
    archives.forEach(a -> Volume.checkFileUrl(a, "odps.cupid.volume.archives", true));
    Files.createDirectories(workDir);
    Set<String> names = new HashSet<>();
    for (String url : files) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(url);
      String name = unique(names, p.getName(), url);
      try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf); InputStream in = open(fs, p, url)) {
        Files.copy(in, workDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
      LOG.info("startup: {} -> {}", url, workDir.resolve(name));
    }
    for (String url : archives) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(url);
      String name = unique(names, p.getName(), url);
      int n;
      try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf); InputStream in = open(fs, p, url)) {
        n = Archives.unpack(in, name, workDir.resolve(name), Archives.Limits.of(conf));
      }
      LOG.info("startup: {} -> {}/ ({})", url, workDir.resolve(name), Units.count(n, "file"));
    }
  }

  private static InputStream open(FileSystem fs, org.apache.hadoop.fs.Path p, String url) throws IOException {
    if (!fs.exists(p)) {
      throw new ProximaException("startup file " + url + " does not exist");
    }
    return fs.open(p);
  }

  private static String unique(Set<String> names, String name, String url) {
    if (!names.add(name)) {
      throw new ProximaException("two startup files are named " + name + " (" + url + "): the working directory holds one");
    }
    return name;
  }
}
