package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table privileges, as the reliability report's two-user setup tried them: alice owns project sec, bob owns
 * project bobp; bob reaches sec's tables only through grants, each privilege allowing its own commands.
 */
class PermissionsTest {
  @TempDir
  Path tmp;
  Cli alice;
  Cli bob;

  @BeforeEach
  void setUp() throws IOException {
    Path home = tmp.resolve("home");
    alice = new Cli(home, "alice");
    bob = new Cli(home, "bob");
    StringBuilder docs = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      docs.append("d").append(i).append(',').append(i).append("~1~2~3\n");
    }
    Files.writeString(tmp.resolve("docs.csv"), docs);
    Files.writeString(tmp.resolve("queries.csv"), "q0,0~1~2~3\nq1,5~1~2~3\n");
    Files.writeString(tmp.resolve("evil.csv"), "evil,1~1~1~1\n");
    for (String t : new String[] {"doc", "query"}) {
      ok(alice, "sec", "table", "create", t, "pk STRING, vector STRING");
      ok(bob, "bobp", "table", "create", t, "pk STRING, vector STRING");
    }
    ok(alice, "sec", "table", "import", "doc", "pt=1", "--file", tmp.resolve("docs.csv").toString());
    ok(alice, "sec", "table", "import", "query", "pt=1", "--file", tmp.resolve("queries.csv").toString());
    ok(alice, "sec", "vfs", "-create", "avol", "-url", tmp.resolve("avol").toUri().toString(), "-acd", "true");
    ok(alice, "sec", runner("sec.doc", "sec.query", "sec.out", "avol"));
    ok(bob, "bobp", "table", "import", "doc", "pt=1", "--file", tmp.resolve("evil.csv").toString());
    ok(bob, "bobp", "table", "import", "query", "pt=1", "--file", tmp.resolve("queries.csv").toString());
    ok(bob, "bobp", "vfs", "-create", "bvol", "-url", tmp.resolve("bvol").toUri().toString(), "-acd", "true");
    ok(bob, "bobp", "vfs", "-put", tmp.resolve("evil.csv").toString(), "/bvol/in/");
  }

  private static String[] runner(String doc, String query, String out, String volume) {
    return new String[] {"run", "-doc_table", doc, "-doc_table_partition", "1", "-query_table", query, "-query_table_partition", "1",
        "-output_table", out, "-output_table_partition", "1", "-data_type", "float", "-dimension", "4", "-topk", "2",
        "-algo_model", "linear", "-external_volume", volume, "-owner_id", "o"};
  }

  private static String[] in(String project, String... args) {
    return Stream.concat(Stream.of("--project", project), Stream.of(args)).toArray(String[]::new);
  }

  private static String ok(Cli cli, String project, String... args) {
    Cli.Result r = cli.run(in(project, args));
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  private static String denied(Cli cli, String project, String... args) {
    Cli.Result r = cli.run(in(project, args));
    assertEquals(1, r.code(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    assertTrue(r.err().startsWith("proxima-ce: error: permission denied: "), r.err());
    return r.err();
  }

  private String secTable(String table, String pt) {
    return ok(alice, "sec", "table", "show", table, pt, "--format", "csv");
  }

  @Test
  void everyAttackOfTheReportIsRefusedAndChangesNothing() {
    String doc = secTable("doc", "pt=1");
    String out = secTable("out", "pt=1");
    assertTrue(denied(bob, "sec", "table", "show", "doc", "pt=1", "--limit", "2").contains("user bob lacks Select on table sec.doc"));
    assertTrue(denied(bob, "bobp", runner("bobp.doc", "sec.query", "sec.out", "bvol")).contains("lacks Select on table sec.query"));
    assertTrue(denied(bob, "bobp", runner("bobp.doc", "bobp.query", "sec.out", "bvol")).contains("lacks Update on table sec.out"));
    assertTrue(denied(bob, "sec", "table", "import", "doc", "pt=1", "--file", tmp.resolve("evil.csv").toString())
        .contains("lacks Update on table sec.doc"));
    assertTrue(denied(bob, "sec", "table", "drop-partition", "query", "pt=1").contains("lacks Drop on table sec.query"));
    assertTrue(denied(bob, "sec", "table", "drop", "out").contains("lacks Drop on table sec.out"));
    assertTrue(denied(bob, "bobp", "load", "overwrite", "table", "sec.doc", "partition (pt='1')", "from", "location", "odps://bobp/bvol/in/")
        .contains("lacks Update on table sec.doc"));
    assertTrue(denied(bob, "bobp", "unload", "from", "sec.doc", "partition (pt='1')", "into", "location", "odps://bobp/bvol/stolen/")
        .contains("lacks Select on table sec.doc"));
    assertTrue(denied(bob, "bobp", "table", "create", "sec.mine", "pk STRING, vector STRING").contains("lacks CreateTable on project sec"));
    assertTrue(denied(bob, "sec", "acl", "grant", "Select", "on", "table", "doc", "to", "user", "bob")
        .contains("only the owner of project sec (alice) may grant"));
    assertEquals(doc, secTable("doc", "pt=1"));
    assertEquals(out, secTable("out", "pt=1"));
    assertTrue(ok(alice, "sec", "table", "list").contains("query"));
    assertFalse(Files.exists(tmp.resolve("bvol/stolen")));
  }

  @Test
  void eachPrivilegeAllowsItsOwnCommandsOnly() {
    // command, the privilege it needs on sec.doc; each first refused, then allowed by exactly that grant
    List<String[]> cases = new ArrayList<>(List.of(
        new String[] {"Select", "table", "show", "sec.doc", "pt=1"},
        new String[] {"Describe", "table", "describe", "sec.doc"},
        new String[] {"Update", "table", "add-partition", "sec.doc", "pt=3"},
        new String[] {"Update", "table", "import", "sec.doc", "pt=2", "--file", tmp.resolve("evil.csv").toString()},
        new String[] {"Update", "load", "into", "table", "sec.doc", "partition (pt='4')", "from", "location", "odps://bobp/bvol/in/"},
        new String[] {"Select", "unload", "from", "sec.doc", "partition (pt='1')", "into", "location", "odps://bobp/bvol/out/"},
        new String[] {"Drop", "table", "drop-partition", "sec.doc", "pt=2"}));
    for (String[] c : cases) {
      String[] cmd = java.util.Arrays.copyOfRange(c, 1, c.length);
      String msg = denied(bob, "bobp", cmd);
      assertTrue(msg.contains("user bob lacks " + c[0] + " on table sec.doc (the project owner, alice, can run: acl grant " + c[0]
          + " on table sec.doc to user bob)"), msg);
      for (String other : new String[] {"Select", "Update", "Drop"}) {
        if (!other.equals(c[0])) {
          ok(alice, "sec", "acl", "grant", other, "on", "table", "doc", "to", "user", "bob");
        }
      }
      if (c[0].equals("Describe")) {
        ok(bob, "bobp", cmd); // every other table privilege includes Describe
      } else {
        denied(bob, "bobp", cmd); // the other privileges do not stand in for it
      }
      ok(alice, "sec", "acl", "revoke", "all", "on", "table", "doc", "from", "user", "bob");
      assertEquals("granted: GRANT " + c[0] + " ON TABLE doc TO USER bob\n", ok(alice, "sec", "acl", "grant", c[0], "on", "table", "doc", "to", "user", "bob"));
      ok(bob, "bobp", cmd);
      ok(alice, "sec", "acl", "revoke", c[0], "on", "table", "doc", "from", "user", "bob");
    }
    // the runner: Select on both inputs, Update on an existing output or CreateTable for a new one
    ok(alice, "sec", "acl", "grant", "Select", "on", "table", "doc", "to", "user", "bob");
    ok(alice, "sec", "acl", "grant", "Select", "on", "table", "query", "to", "user", "bob");
    assertTrue(denied(bob, "bobp", runner("sec.doc", "sec.query", "sec.newout", "bvol")).contains("lacks CreateTable on project sec"));
    ok(alice, "sec", "acl", "grant", "CreateTable", "on", "project", "sec", "to", "user", "bob");
    ok(bob, "bobp", runner("sec.doc", "sec.query", "sec.newout", "bvol"));
    ok(bob, "bobp", runner("sec.doc", "sec.query", "sec.newout", "bvol")); // the creator of a table holds every privilege on it
    assertTrue(ok(alice, "sec", "acl", "show", "grants", "for", "bob").contains("GRANT Update ON TABLE newout TO USER bob"));
    assertTrue(denied(bob, "bobp", runner("sec.doc", "sec.query", "sec.out", "bvol")).contains("lacks Update on table sec.out"));
    ok(alice, "sec", "acl", "grant", "Update", "on", "table", "sec.out", "to", "user", "bob");
    ok(bob, "bobp", runner("sec.doc", "sec.query", "sec.out", "bvol"));
    // Drop last: it takes the table with it
    assertTrue(denied(bob, "bobp", "table", "drop", "sec.out").contains("lacks Drop on table sec.out"));
    ok(alice, "sec", "acl", "grant", "Drop", "on", "table", "out", "to", "user", "bob");
    ok(bob, "bobp", "table", "drop", "sec.out");
  }

  @Test
  void grantStatementsReadAsMaxComputeWritesThem() {
    assertEquals("granted: GRANT Describe ON TABLE doc TO USER carol\ngranted: GRANT Select ON TABLE doc TO USER carol\n"
        + "granted: GRANT Update ON TABLE doc TO USER carol\ngranted: GRANT Drop ON TABLE doc TO USER carol\n",
        ok(alice, "sec", "acl", "grant", "all", "on", "table", "doc", "to", "user", "carol;"));
    assertEquals("granted: GRANT Select ON TABLE query TO USER carol\ngranted: GRANT Describe ON TABLE query TO USER carol\n",
        ok(alice, "sec", "acl", "grant", "Select,", "Describe", "on", "table", "query", "to", "user", "carol"));
    String shown = ok(alice, "sec", "acl", "show", "grants", "for", "carol");
    assertTrue(shown.startsWith("project sec, owner alice\n") && shown.contains("GRANT Drop ON TABLE doc TO USER carol"), shown);
    String onTable = ok(alice, "sec", "acl", "show", "grants", "on", "table", "query");
    assertEquals("project sec, owner alice\nGRANT Select ON TABLE query TO USER carol\nGRANT Describe ON TABLE query TO USER carol\n", onTable);
    assertTrue(ok(alice, "sec", "acl", "show", "grants").contains("alice owns the project"));
    assertEquals("revoked: GRANT Drop ON TABLE doc TO USER carol\n",
        ok(alice, "sec", "acl", "revoke", "Drop", "on", "table", "doc", "from", "user", "carol"));
    Cli.Result blank = alice.run(in("sec", "acl", "grant", "Select", "on", "table", "doc", "to", "user", " "));
    assertEquals(2, blank.code(), blank.err());
    Cli.Result wrong = alice.run(in("sec", "acl", "grant", "Read", "on", "table", "doc", "to", "user", "carol"));
    assertEquals("proxima-ce: error: the privilege Read is granted on a volume, not on a table\n", wrong.err());
    Cli.Result noTable = alice.run(in("sec", "acl", "grant", "Select", "on", "table", "nosuch", "to", "user", "carol"));
    assertTrue(noTable.err().contains("table sec.nosuch does not exist"), noTable.err());
    Cli.Result emptyUser = new Cli(tmp.resolve("home"), "").run(in("sec", "table", "list"));
    assertEquals(2, emptyUser.code(), emptyUser.err());
    assertTrue(emptyUser.err().contains("bad user name ''"), emptyUser.err());
  }
}
