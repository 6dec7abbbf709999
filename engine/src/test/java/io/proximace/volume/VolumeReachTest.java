package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.home.Home;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** odps.cupid.volume.paths limits what a job reaches, links included; a file system kept open sees a revoke. */
class VolumeReachTest {
  @TempDir
  java.nio.file.Path tmp;
  Path homeDir;

  @BeforeEach
  void setUp() throws IOException {
    homeDir = new Path(tmp.resolve("home").toUri());
    Home owner = home("root", null);
    for (String v : List.of("vol", "vol10", "other")) {
      owner.volumes().create(v, "local", tmp.resolve(v).toUri().toString(), true, null);
    }
    for (String f : List.of("vol/a/x.txt", "vol/ab/x.txt", "vol/b/secret.txt", "vol10/a/x.txt", "other/x.txt")) {
      java.nio.file.Path p = tmp.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f, StandardCharsets.UTF_8);
    }
    Files.createSymbolicLink(tmp.resolve("vol/a/link"), tmp.resolve("vol/b"));
  }

  private Home home(String user, String paths) throws IOException {
    Configuration conf = new Configuration();
    if (paths != null) {
      conf.set(OdpsFileSystem.PATHS, paths);
    }
    return new Home(conf, homeDir, "default", user);
  }

  private static String read(FileSystem fs, String path) throws IOException {
    try (var in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFolderLimitHoldsAgainstSiblingNamesAndLinks() throws IOException {
    try (FileSystem fs = home("root", "odps://default/vol/a/").volumeFs("default")) {
      assertEquals("vol/a/x.txt", read(fs, "odps://default/vol/a/x.txt"));
      for (String outside : List.of("odps://default/vol/ab/x.txt", "odps://default/vol10/a/x.txt", "odps://default/other/x.txt",
          "odps://default/vol/b/secret.txt", "odps://default/vol/a/link/secret.txt")) {
        ProximaException e = assertThrows(ProximaException.class, () -> read(fs, outside), outside);
        assertTrue(e.getMessage().contains("outside the volume paths this job may reach"), outside + ": " + e.getMessage());
      }
      assertEquals(List.of("odps://default/vol"),
          Arrays.stream(fs.listStatus(new Path("odps://default/"))).map(FileStatus::getPath).map(Path::toString).toList(),
          "the project's listing shows only the volumes the job may reach");
    }
    try (FileSystem fs = home("root", "odps://default/vol/").volumeFs("default")) {
      assertEquals("vol/b/secret.txt", read(fs, "odps://default/vol/a/link/secret.txt"), "a link inside a reachable volume");
    }
  }

  @Test
  void aMalformedLimitIsNamed() {
    ProximaException e = assertThrows(ProximaException.class, () -> home("root", "odps://default/vol/a b/").volumeFs("default"));
    assertTrue(e.getMessage().startsWith(OdpsFileSystem.PATHS + " lists odps://default/vol/a b/, which is not a url"), e.getMessage());
  }

  @Test
  void aFileSystemKeptOpenSeesARevoke() throws IOException {
    Home owner = home("root", null);
    Grants.Grant read = new Grants.Grant("bob", Privilege.READ, "vol");
    owner.volumes().grants().grant("root", List.of(read));
    try (FileSystem bob = home("bob", null).volumeFs("default")) {
      assertEquals("vol/a/x.txt", read(bob, "odps://default/vol/a/x.txt"));
      owner.volumes().grants().revoke("root", List.of(read));
      ProximaException e = assertThrows(ProximaException.class, () -> read(bob, "odps://default/vol/a/x.txt"));
      assertTrue(e.getMessage().startsWith("permission denied: user bob lacks Read on volume vol"), e.getMessage());
      owner.volumes().grants().grant("root", List.of(read));
      assertEquals("vol/a/x.txt", read(bob, "odps://default/vol/a/x.txt"), "and a new grant");
    }
  }

  @Test
  void deleteAndRenameActOnALinkNotOnWhatItLeadsTo() throws IOException {
    Files.createSymbolicLink(tmp.resolve("vol/out"), tmp.resolve("other")); // a link leading out of the volume
    try (FileSystem fs = home("root", null).volumeFs("default")) {
      assertTrue(fs.delete(new Path("odps://default/vol/a/link"), true));
      assertTrue(Files.exists(tmp.resolve("vol/b/secret.txt")), "the folder the link led to is kept");
      assertTrue(!Files.exists(tmp.resolve("vol/a/link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));

      assertTrue(fs.rename(new Path("odps://default/vol/out"), new Path("odps://default/vol/a/out")), "a link is moved as itself");
      assertTrue(Files.isSymbolicLink(tmp.resolve("vol/a/out")));
      assertEquals("other/x.txt", Files.readString(tmp.resolve("other/x.txt")));
      ProximaException e = assertThrows(ProximaException.class,
          () -> fs.rename(new Path("odps://default/vol/a/x.txt"), new Path("odps://default/vol/a/out")));
      assertTrue(e.getMessage().contains("leads outside volume vol through a link"), e.getMessage());
      assertTrue(fs.delete(new Path("odps://default/vol/a/out"), true));
      assertEquals("other/x.txt", Files.readString(tmp.resolve("other/x.txt")), "deleting a link out of the volume leaves its target");
    }
  }
}
