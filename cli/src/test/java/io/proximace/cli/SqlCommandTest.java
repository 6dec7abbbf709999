package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SqlCommandTest {
  @TempDir
  Path tmp;

  private static List<String> tableRows(String out) {
    return out.lines().filter(l -> l.startsWith("| ")).map(l -> l.replaceAll("\\s+", " ")).toList();
  }

  @Test
  void theDocumentationsWalkthroughScriptPrintsTheNineRows() {
    Path script = Path.of("..", "examples", "proxima-ce-walkthrough.sql");
    Cli.Result r = new Cli(tmp.resolve("home")).run("sql", "-f", script.toString());
    assertEquals(0, r.code(), r.err());
    List<String> expected = new java.util.ArrayList<>(List.of("| pk | knn_result | score | pt |"));
    expected.addAll(Cli.SEED_ROWS);
    assertEquals(expected, tableRows(r.out()));
    assertTrue(r.out().contains("-> file://" + tmp.resolve("home/volumes/shanghai_vol_ceshi") + "\n"), r.out());
    assertTrue(r.out().contains("OK: 10 rows written to default.doc_table_float_smoke/pt=20230116"), r.out());
  }

  @Test
  void theVolumeDocumentationsLoadAndUnloadScriptRunsOnGeneratedCsvFiles() throws Exception {
    Path home = tmp.resolve("home");
    Path in = Files.createDirectories(home.resolve("volumes/volume_external"));
    StringBuilder part0 = new StringBuilder();
    StringBuilder part1 = new StringBuilder();
    String[] directions = {"S", "NE", "NE", "W", "S", "S", "N", "SW", "NE", "N"};
    int[] patients = {51, 13, 48, 30, 47, 9, 53, 63, 4, 31};
    for (int i = 0; i < 10; i++) {
      (i < 5 ? part0 : part1).append("1,").append(i + 1).append(',').append(patients[i]).append(",1,46.81006,-92.08174,9/14/2014 0:0")
          .append(i).append(',').append(directions[i]).append('\n');
    }
    Files.writeString(in.resolve("part-0.csv"), part0, StandardCharsets.UTF_8);
    Files.writeString(in.resolve("part-1.csv"), part1, StandardCharsets.UTF_8);
    Path ext = Files.createDirectories(home.resolve("volumes/demo_volume3"));
    Files.writeString(ext.resolve("part-0.csv"), "a,b,c\nd,e,f\n", StandardCharsets.UTF_8);
    Cli.Result r = new Cli(home).run("sql", "-f", Path.of("..", "examples", "volume-load-unload.sql").toString());
    assertEquals(0, r.code(), r.err());
    List<String> rows = tableRows(r.out());
    assertEquals(14, rows.size(), r.out());
    // the external table over the volume's files, read where they are
    assertEquals(List.of("| col1 | col2 | col3 |", "| a | b | c |", "| d | e | f |"), rows.subList(11, 14), "no partition column");
    assertEquals("| vehicleId | recordId | patientId | calls | locationLatitute | locationLongtitue | recordTime | direction | pt |", rows.get(0));
    assertEquals("| 1 | 10 | 31 | 1 | 46.81006 | -92.08174 | 9/14/2014 0:09 | N | 1 |", rows.get(10));
    assertTrue(r.out().contains("loaded 10 rows from 2 files under odps://default/volume_external into default.ambulance_data_csv_load/pt=1"), r.out());
    List<Path> unloaded;
    try (Stream<Path> files = Files.list(home.resolve("volumes/volume_external_unload"))) {
      unloaded = files.filter(f -> f.getFileName().toString().endsWith(".csv") && !f.getFileName().toString().startsWith(".")).sorted().toList();
    }
    assertEquals(2, unloaded.size(), unloaded.toString()); // the two equivalent UNLOADs, a file each
    for (Path f : unloaded) {
      assertEquals(part0.toString() + part1, Files.readString(f));
    }
    assertEquals("proxima-ce: error: line 1, column 37: set odps.stage.mapper.split.size=0: expected a size in MB\n",
        new Cli(home).run("sql", "-e", "set odps.stage.mapper.split.size=0; unload from ambulance_data_csv_load partition (pt='1') "
            + "into location 'odps://default/volume_external_unload/x/'").err());
  }

  @Test
  void insertSelectOfAFieldItsColumnReadsAsNullNamesTheRowAndColumn() throws Exception {
    Path home = tmp.resolve("home");
    Path dir = Files.createDirectories(home.resolve("volumes/v"));
    Files.writeString(dir.resolve("part-0.csv"), "a,1\nb,\nc,two\n", StandardCharsets.UTF_8);
    Cli cli = new Cli(home);
    assertEquals("", cli.run("sql", "-e", "vfs -create v -storage_provider local -url file://" + dir + " -acd true;"
        + "create external table e (pk string, n bigint) stored by 'com.aliyun.odps.CsvStorageHandler' "
        + "location 'odps://default/v/'; create table u (pk string, n bigint);").err());
    // an empty BIGINT field and one that is not a number read as NULL, which a table does not store
    assertEquals("proxima-ce: error: line 1, column 40: row 2, column n: NULL cannot be stored here\n",
        cli.run("sql", "-e", "insert into table u partition (pt='1') select pk, n from e;").err());
    assertEquals("proxima-ce: error: line 1, column 40: row 1, column n: NULL cannot be stored here\n",
        cli.run("sql", "-e", "insert into table u partition (pt='1') select pk, n from e where pk = 'c';").err());
    assertEquals("", cli.run("sql", "-e", "insert into table u partition (pt='1') select pk, n from e where n is not null;").err());
    assertEquals(List.of("| pk | n | pt |", "| a | 1 | 1 |"), tableRows(cli.run("sql", "-e", "select * from u;").out()));
  }

  @Test
  void tablesAreCreatedFilledQueriedAndDropped() {
    Cli cli = new Cli(tmp);
    Cli.Result r = cli.run("sql", "-e", """
        create table t (pk string, n bigint, x double) partitioned by (pt string);
        insert into table t partition (pt='1') values ('a', 1, 1.5), ('b', 2, 2), ('c', 3, -0.5);
        INSERT OVERWRITE TABLE t PARTITION (pt='2') VALUES ('d', 4, 4.25);
        select pk, n*2 as dbl, x from t where n >= 2 or pk = 'a' order by x desc limit 3;
        select count(*) from t;
        select pt, count(*) as c, sum(n), avg(x), max(pk) from t group by pt having count(*) > 0 order by 1 desc;
        select * from t where pt='1' and (pk in ('a','c') or x between 1.9 and 2.1) order by pk limit 2 offset 1;
        select pk from t limit 2; select pk from t limit 1 offset 3; select distinct n - n from t where pk like '_';
        """);
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(
        "| pk | dbl | x |", "| d | 8 | 4.25 |", "| b | 4 | 2.0 |", "| a | 2 | 1.5 |",
        "| _c0 |", "| 4 |",
        "| pt | c | _c2 | _c3 | _c4 |", "| 2 | 1 | 4 | 4.25 | d |", "| 1 | 3 | 6 | 1.0 | c |",
        "| pk | n | x | pt |", "| b | 2 | 2.0 | 1 |", "| c | 3 | -0.5 | 1 |",
        "| pk |", "| a |", "| b |", "| pk |", "| d |", "| _c0 |", "| 0 |"), tableRows(r.out()));
    assertTrue(r.out().contains("OK: 3 rows added to default.t/pt=1\nOK: 1 row written to default.t/pt=2\n"), r.out());

    r = cli.run("sql", "-e", """
        create table u (pk string, n bigint) partitioned by (pt string);
        insert overwrite table u partition (pt='x') select pk, n from t where n > 1 order by n desc;
        insert into u partition (pt='x') select pk, 0 from t where pk = 'a';
        select * from u;
        show tables; show partitions t;
        alter table t drop partition (pt='2'); alter table t add if not exists partition (pt='1');
        show partitions t;
        drop table u; drop table if exists u; desc t;
        """);
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("| pk | n | pt |", "| d | 4 | x |", "| c | 3 | x |", "| b | 2 | x |", "| a | 0 | x |"), tableRows(r.out()));
    assertTrue(r.out().contains("\nt\nu\npt=1\npt=2\npartition default.t/pt=2 dropped\n"), r.out());
    assertTrue(r.out().contains("partition default.t/pt=1 added\npt=1\ntable default.u dropped\ntable default.u dropped\n"), r.out());
    assertTrue(r.out().contains("columns:        pk STRING, n BIGINT, x DOUBLE"), r.out());
  }

  @Test
  void aScriptStopsAtItsFirstErrorNamingTheFileLineAndColumn() throws Exception {
    Path script = tmp.resolve("bad.sql");
    Files.writeString(script, """
        CREATE TABLE t (pk STRING, n BIGINT) PARTITIONED BY (pt STRING);
        INSERT INTO t PARTITION (pt='1') VALUES
          ('a', 1),
          ('b', 'two');
        CREATE TABLE never (pk STRING);
        """, StandardCharsets.UTF_8);
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result r = cli.run("sql", "-f", script.toString());
    assertEquals(1, r.code());
    assertEquals("proxima-ce: error: " + script + ": line 4, column 9: row 2, column n: 'two' is not a BIGINT "
        + "(a string; write the number without quotes)\n", r.err());
    assertEquals("t\n", cli.run("table", "list").out());
  }

  @Test
  void errorsNameTheirLineAndColumn() {
    Cli cli = new Cli(tmp);
    cli.run("sql", "-e", "create table t (pk string, n bigint) partitioned by (pt string);");
    assertEquals("proxima-ce: error: line 2, column 12: unknown column 'nope' in table t (columns: pk, n, pt)\n",
        cli.run("sql", "-e", "select * from t;\nselect pk, nope from t;").err());
    assertEquals("proxima-ce: error: line 4, column 8: Encountered \"where <EOF>\"\n",
        cli.run("sql", "-e", "\n\nselect pk\nfrom t where;").err());
    assertEquals("proxima-ce: error: line 1, column 16: table default.nosuch does not exist (tables in default: t)\n",
        cli.run("sql", "-e", "select * from  nosuch").err());
    assertEquals("proxima-ce: error: line 1, column 2: table default.nosuch does not exist (tables in default: t)\n",
        cli.run("sql", "-e", " drop table nosuch;").err());
    String unsupported = cli.run("sql", "-e", "TRUNCATE TABLE t;").err();
    assertTrue(unsupported.startsWith("proxima-ce: error: line 1, column 1: unsupported statement 'TRUNCATE TABLE t'; supported: "
        + "CREATE TABLE, DROP TABLE, ALTER TABLE ... ADD|DROP PARTITION, INSERT"), unsupported);
    assertEquals("proxima-ce: error: line 1, column 40: not supported yet: STORED AS ORC\n",
        cli.run("sql", "-e", "create table p (pk string, v string)   stored as ORC;").err());
    // a Parquet table from SQL: its float vectors written and read back through the console
    assertEquals("", cli.run("sql", "-e", "create table pq (pk bigint, vector array<float>) stored as parquet;"
        + "insert into table pq partition (pt='1') values (7, '0.5~-2.0~1.0E-7');").err());
    assertTrue(cli.run("table", "describe", "pq").out().contains("format:         parquet"));
    assertTrue(cli.run("sql", "-e", "select pk, vector from pq where pt='1';").out().contains("| 7          | 0.5~-2.0~1.0E-7 |"),
        cli.run("sql", "-e", "select pk, vector from pq where pt='1';").out());
    // a vector is a value (not NULL), copies through INSERT ... SELECT, and "..." is a string as in MaxCompute
    assertTrue(cli.run("sql", "-e", "select count(vector) as c from pq where vector is not null;").out().contains("| 1          |"));
    assertEquals("", cli.run("sql", "-e", "insert into table pq partition (pt='2') select pk, vector from pq where pt=\"1\";").err());
    assertTrue(cli.run("sql", "-e", "select vector from pq where pt='2';").out().contains("| 0.5~-2.0~1.0E-7 |"));
    // SQL's NULL is no value a table stores: refused, never written as the text NULL
    cli.run("sql", "-e", "create table s (pk string, note string);");
    assertEquals("proxima-ce: error: line 1, column 40: row 1, column note: NULL cannot be stored here\n",
        cli.run("sql", "-e", "insert into table s partition (pt='1') select pk, null from pq where pt='1';").err());
    // forms it would otherwise get wrong are refused by name, not ignored
    assertTrue(cli.run("sql", "-e", "select pk from t order by pk nulls last;").err()
        .contains("not supported yet: NULLS LAST (NULLs sort first)"));
    assertTrue(cli.run("sql", "-e", "select pk from t where pk like 'a!%' escape '!';").err()
        .contains("not supported yet: LIKE ... ESCAPE (supported: [NOT] LIKE with % and _)"));
    assertTrue(cli.run("sql", "-e", "select pk from t where pk ilike 'A%';").err().contains("not supported yet: ILIKE"));
    assertEquals("proxima-ce: error: line 1, column 18: column pk is neither in GROUP BY nor in an aggregate\n",
        cli.run("sql", "-e", "select count(*), pk from t").err());
  }

  @Test
  void setGrantsLoadAndUnloadRunAsTheirCommandsDo() throws Exception {
    Path vol = Files.createDirectories(tmp.resolve("vol"));
    Files.createDirectories(vol.resolve("in"));
    Files.writeString(vol.resolve("in/a.csv"), "1,46.81\n2,-92.08\n", StandardCharsets.UTF_8);
    Cli cli = new Cli(tmp.resolve("home"));
    Cli.Result r = cli.run("sql", "-e", """
        set odps.sql.type.system=true;
        vfs -create volume_external -storage_provider local -url '%s';
        create table amb (vehicleId BIGINT, lat DOUBLE) partitioned by (pt string);
        show grants;
        load overwrite table amb partition (pt='1') from location 'odps://default/volume_external/in/'
          stored by 'com.aliyun.odps.CsvStorageHandler' with serdeproperties ('odps.text.option.delimiter'=',');
        SELECT * from amb;
        set odps.stage.mapper.split.size=256;
        unload from (select * from amb where pt='1') into location 'odps://default/volume_external/out/'
          stored by 'com.aliyun.odps.CsvStorageHandler' with serdeproperties ('odps.text.option.delimiter'=',');
        """.formatted(vol.toUri()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("OK\nvolume volume_external created"), r.out());
    assertTrue(r.out().contains("owns the project: every privilege"), r.out());
    assertEquals(List.of("| vehicleid | lat | pt |", "| 1 | 46.81 | 1 |", "| 2 | -92.08 | 1 |"), tableRows(r.out().toLowerCase()));
    try (Stream<Path> out = Files.walk(vol.resolve("out"))) {
      String unloaded = out.filter(p -> p.getFileName().toString().endsWith(".csv")).map(p -> {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).reduce("", String::concat);
      assertEquals("1,46.81\n2,-92.08\n", unloaded);
    }
    assertEquals(1, cli.run("sql", "-e", "GRANT Frobnicate ON project default TO USER bob;").code());
  }

  @Test
  void withoutEOrFAndNotOnATerminalItReadsStandardInput() {
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("create table t (pk string) partitioned by (pt string);\nshow tables"
          .getBytes(StandardCharsets.UTF_8)));
      Cli.Result r = new Cli(tmp).run("sql");
      assertEquals(0, r.code(), r.err());
      assertEquals("table default.t (pk STRING) partitioned by (pt STRING)\nt\n", r.out());
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void thePromptRunsEachStatementAsItsSemicolonIsTypedAndGoesOnAfterAnError() {
    CommandLine cl = ProximaCeCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.parseArgs("--home", tmp.toString(), "sql");
    CommandLine sql = cl.getSubcommands().get("sql");
    SqlCommand command = sql.getCommand();
    Deque<String> lines = new ArrayDeque<>(List.of(
        "create table t (pk string) partitioned by (pt string);",
        "insert into t partition (pt='1')",
        "  values ('a;b'); select * from t",
        ";",
        "select nope from t;",
        "set a=b; set;",
        "quit;",
        "select 'never' from t;"));
    List<String> prompts = new java.util.ArrayList<>();
    command.interact(command.session(ProximaCeCommand.of(sql.getCommandSpec()).openHome()), Map.of(), prompt -> {
      prompts.add(prompt);
      return lines.poll();
    });
    assertEquals(List.of("| pk | pt |", "| a;b | 1 |"), tableRows(out.toString()));
    assertTrue(out.toString().contains("OK\na=b\n"), out.toString());
    assertEquals("proxima-ce: error: line 1, column 8: unknown column 'nope' in table t (columns: pk, pt)\n", err.toString());
    assertEquals(List.of("proxima-ce> ", "proxima-ce> ", "         > ", "         > ", "proxima-ce> ", "proxima-ce> ", "proxima-ce> "), prompts);
  }
}
