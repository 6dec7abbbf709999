package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ChildJvm;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.UsageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's promises: volume folders never alias, links never lead out of a volume, parallel changes all land. */
class CatalogSafetyTest {
  @TempDir
  Path tmp;
  Path homeDir;

  @BeforeEach
  void setUp() throws IOException {
    homeDir = tmp.resolve("home");
  }

  private Home home(String project, String user) throws IOException {
    return new Home(new Configuration(), new org.apache.hadoop.fs.Path(homeDir.toUri()), project, user);
  }

  private static String url(Path p) {
    return p.toUri().toString();
  }

  /** A child's work: {@code create <home> <project> <user> <volume> <url>} or {@code grant <home> <project> <owner> <user>}. */
  public static void main(String[] a) throws IOException {
    Home h = new Home(new Configuration(), new org.apache.hadoop.fs.Path(Path.of(a[1]).toUri()), a[2], a[3]);
    if (a[0].equals("create")) {
      h.volumes().create(a[4], "local", a[5], true, null);
    } else {
      h.volumes().grants().grant(a[3], List.of(new Grants.Grant(a[4], Privilege.READ, "v")));
    }
  }

  @Test
  void aVolumeFolderMayNotLieInTheHomeHoldItOrOverlapAnotherVolume() throws IOException {
    Home alice = home("sec", "alice");
    alice.volumes().create("avol", "local", url(tmp.resolve("avol")), true, null);
    alice.volumes().create("inhome", "local", url(homeDir.resolve("volumes/inhome")), true, null); // the home's own volumes folder
    Home bob = home("bobp", "bob");
    String[][] refused = {
        {url(tmp.resolve("avol")), "overlaps the folder"}, // another project's volume
        {url(tmp.resolve("avol/secret")), "overlaps the folder"},
        {url(tmp), "holds the proxima-ce home"},
        {url(homeDir), "lies inside the proxima-ce home"},
        {url(homeDir.resolve("catalog/sec")), "lies inside the proxima-ce home"},
        {url(homeDir.resolve("warehouse")), "lies inside the proxima-ce home"},
        {url(homeDir.resolve("volumes")), "lies inside the proxima-ce home"},
        {url(homeDir.resolve("volumes/inhome/x")), "overlaps the folder"},
        {url(tmp.resolve("avol/../avol/x")), "overlaps the folder"},
    };
    for (String[] r : refused) {
      ProximaException e = assertThrows(ProximaException.class, () -> bob.volumes().create("alias", "local", r[0], true, null), r[0]);
      assertTrue(e.getMessage().contains(r[1]), r[0] + ": " + e.getMessage());
    }
    // a link is followed to where the folder really is
    Files.createSymbolicLink(tmp.resolve("link-to-home"), homeDir);
    Files.createSymbolicLink(tmp.resolve("link-to-avol"), tmp.resolve("avol"));
    assertTrue(assertThrows(ProximaException.class, () -> bob.volumes().create("l1", "local", url(tmp.resolve("link-to-home/catalog")), true, null))
        .getMessage().contains("lies inside the proxima-ce home"));
    assertTrue(assertThrows(ProximaException.class, () -> bob.volumes().create("l2", "local", url(tmp.resolve("link-to-avol/sub")), true, null))
        .getMessage().contains("overlaps the folder"));
    assertEquals(List.of(), bob.volumes().list(), "nothing refused was registered");
    assertFalse(Files.exists(tmp.resolve("avol/secret")), "nor created");
    Volume ok = bob.volumes().create("bvol", "local", url(tmp.resolve("link-to-bvol-target")), true, null);
    assertEquals(tmp.toRealPath().resolve("link-to-bvol-target").toUri().getPath().replaceAll("/$", ""), ok.url().getPath(),
        "stored by its real path");
  }

  @Test
  void aLinkInsideALocalVolumeNeverLeadsOutOfIt() throws IOException {
    Home alice = home("default", "alice");
    Path vol = tmp.resolve("vol");
    alice.volumes().create("v", "local", url(vol), true, null);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.csv"), "pk9,1~1");
    Files.createSymbolicLink(vol.resolve("link"), outside);
    Files.createSymbolicLink(vol.resolve("filelink.csv"), outside.resolve("secret.csv"));
    Files.createSymbolicLink(vol.resolve("dangling"), tmp.resolve("nothing"));
    Files.writeString(Files.createDirectories(vol.resolve("in")).resolve("a.txt"), "inside");
    Files.createSymbolicLink(vol.resolve("inlink"), vol.resolve("in"));
    try (FileSystem fs = alice.volumeFs("default")) {
      for (String p : new String[] {"link", "link/secret.csv", "filelink.csv", "dangling"}) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path("odps://default/v/" + p);
        assertThrows(ProximaException.class, () -> fs.open(path).close(), "read " + p);
        assertThrows(ProximaException.class, () -> fs.listStatus(path), "list " + p);
      }
      assertThrows(ProximaException.class, () -> fs.create(new org.apache.hadoop.fs.Path("odps://default/v/link/planted.csv")).close());
      assertThrows(ProximaException.class, () -> fs.create(new org.apache.hadoop.fs.Path("odps://default/v/dangling")).close());
      assertThrows(ProximaException.class, () -> fs.mkdirs(new org.apache.hadoop.fs.Path("odps://default/v/link/sub")));
      assertFalse(Files.exists(outside.resolve("planted.csv")));
      assertFalse(Files.exists(tmp.resolve("nothing")));
      // a link that stays inside the volume works
      try (var in = fs.open(new org.apache.hadoop.fs.Path("odps://default/v/inlink/a.txt"))) {
        assertEquals("inside", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("odps://default/v/inlink/b.txt"))) {
        out.write(1);
      }
      assertTrue(Files.exists(vol.resolve("in/b.txt")));
    }
    assertEquals("pk9,1~1", Files.readString(outside.resolve("secret.csv")));
  }

  @Test
  void parallelCreationsAndGrantsFromSeparateProcessesAllLand() throws Exception {
    Home alice = home("default", "alice");
    alice.volumes().create("v", "local", url(tmp.resolve("v")), true, null);
    List<ChildJvm> children = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      children.add(ChildJvm.start(CatalogSafetyTest.class, null, null, "create", homeDir.toString(), "default", "alice", "v" + i,
          url(tmp.resolve("v" + i))));
      children.add(ChildJvm.start(CatalogSafetyTest.class, null, null, "grant", homeDir.toString(), "default", "alice", "u" + i));
    }
    for (ChildJvm c : children) {
      assertEquals(0, c.waitFor(Duration.ofMinutes(3)), c.stderr());
    }
    Set<String> names = new TreeSet<>();
    alice.volumes().list().forEach(v -> names.add(v.name()));
    assertEquals(Set.of("v", "v0", "v1", "v2", "v3"), names, "no volume lost");
    Grants g = alice.volumes().grants();
    assertEquals("alice", g.owner());
    for (int i = 0; i < 4; i++) {
      assertTrue(g.holds("u" + i, Privilege.READ, "v"), "grant " + i + " kept");
    }
  }

  @Test
  void lostOrDamagedGrantsMakeNoOneTheOwner() throws IOException {
    Home alice = home("default", "alice");
    alice.volumes().create("v", "local", url(tmp.resolve("v")), true, null);
    Path grants = homeDir.resolve("catalog/default/grants.json");
    Files.delete(grants);
    ProximaException lost = assertThrows(ProximaException.class, () -> home("default", "mallory").volumes().grants());
    assertTrue(lost.getMessage().startsWith("the grants file " + grants + " of project default is missing, but the project has volumes"),
        lost.getMessage());
    assertFalse(Files.exists(grants), "nobody claimed it");
    for (String[] bad : new String[][] {
        {"{\"owner\" : \"alice\", \"grants\" : [ {\"privilege\":\"Read\",\"volume\":\"v\"} ]}", "grant 1 has no user"},
        {"{\"owner\" : \"alice\", \"grants\" : [ {\"user\":\"bob\",\"privilege\":\"Admin\"} ]}", "grant 1 has an unknown privilege 'Admin'"},
        {"{\"grants\" : []}", "it names no owner"},
        {"{\"owner\": ", "it is not JSON"},
        {"[]", "it is not a JSON object"}}) {
      Files.writeString(grants, bad[0]);
      ProximaException e = assertThrows(ProximaException.class, () -> home("default", "bob").volumes().grants());
      assertTrue(e.getMessage().startsWith("catalog file " + grants + " is damaged: " + bad[1]), e.getMessage());
    }
    // a project with tables but no volumes is in use too
    Home carol = home("tabled", "carol");
    carol.create(carol.table("t"), io.proximace.table.Schema.parse("pk STRING, vector STRING", "pt STRING"), false);
    Files.delete(homeDir.resolve("catalog/tabled/grants.json"));
    ProximaException tabled = assertThrows(ProximaException.class,
        () -> home("tabled", "mallory").create(home("tabled", "mallory").table("u"),
            io.proximace.table.Schema.parse("pk STRING, vector STRING", "pt STRING"), false));
    assertTrue(tabled.getMessage().contains("is missing, but the project has tables"), tabled.getMessage());
    assertTrue(assertThrows(ProximaException.class, () -> home("tabled", "mallory").open(home("tabled", "mallory").table("t"),
        Privilege.SELECT)).getMessage().contains("is missing, but the project has tables"));
    assertFalse(Files.exists(homeDir.resolve("catalog/tabled/grants.json")), "nobody claimed it");
    Files.writeString(homeDir.resolve("catalog/default/volumes.json"), "{\"volumes\": [ {\"name\": ");
    ProximaException v = assertThrows(ProximaException.class, () -> alice.volumes().list());
    assertTrue(v.getMessage().startsWith("catalog file " + homeDir.resolve("catalog/default/volumes.json") + " is damaged: it is not JSON"),
        v.getMessage());
  }

  @Test
  void usingAnotherProjectNeverClaimsItAndBlankUsersAreRefused() throws IOException {
    Home bob = home("bobp", "bob");
    Grants other = bob.grants("sec");
    assertEquals(null, other.owner());
    assertFalse(other.holds("bob", Privilege.SELECT, "doc"));
    assertTrue(assertThrows(ProximaException.class, () -> other.check("bob", Privilege.SELECT, "doc")).getMessage()
        .contains("project sec has no owner yet"));
    assertFalse(Files.exists(homeDir.resolve("catalog/sec/grants.json")));
    assertEquals(null, bob.grants("bobp").owner(), "reading claims nothing");
    bob.create(bob.table("t"), io.proximace.table.Schema.parse("pk STRING, vector STRING", "pt STRING"), false);
    assertEquals("bob", bob.grants("bobp").owner(), "the first table of a new project makes its creator the owner");
    for (String user : new String[] {"", " ", "a b", "tab\t", "esc\u001b[31m"}) {
      assertThrows(UsageException.class, () -> home("p", user), "'" + user + "'");
    }
  }
}
