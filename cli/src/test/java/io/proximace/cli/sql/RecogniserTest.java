package io.proximace.cli.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecogniserTest {
  private static Command read(String text) {
    return Recogniser.recognise(new Statement(text, 1, 1));
  }

  private static List<String> args(String text) {
    return assertInstanceOf(Command.Delegate.class, read(text)).args();
  }

  private static String error(String text) {
    return assertThrows(SqlError.class, () -> read(text)).getMessage();
  }

  @Test
  void ddlGoesToTheTableCommandsWithTheSameMeaning() {
    assertEquals(List.of("table", "create", "doc", "pk STRING, vector STRING", "--partitioned-by", "pt STRING"),
        args("CREATE TABLE doc(pk STRING, vector STRING) PARTITIONED BY (pt STRING)"));
    assertEquals(List.of("table", "create", "p.doc", "pk STRING, n BIGINT", "--if-not-exists"),
        args("create table if not exists p.doc (pk string comment 'id', n bigint) comment 'docs' lifecycle 7"));
    assertEquals(List.of("table", "drop", "doc", "--if-exists"), args("drop table IF EXISTS doc"));
    assertEquals(List.of("table", "drop", "doc"), args("DROP TABLE doc"));
    assertEquals(List.of("table", "add-partition", "doc", "pt=20230116"), args("ALTER TABLE doc ADD PARTITION(pt='20230116')"));
    assertEquals(List.of("table", "add-partition", "doc", "pt=1", "--if-not-exists"), args("alter table doc add if not exists partition (pt=1)"));
    assertEquals(List.of("table", "drop-partition", "doc", "pt=1", "--if-exists"), args("alter table doc drop if exists partition (pt='1')"));
    assertEquals(List.of("table", "list"), args("show tables"));
    assertEquals(List.of("table", "describe", "doc"), args("DESC doc"));
    assertEquals(List.of("table", "create", "v", "pk BIGINT, vector ARRAY<FLOAT>", "--partitioned-by", "pt STRING", "--format", "parquet"),
        args("create table v (pk bigint, vector array < float >) partitioned by (pt string) stored as parquet"));
    assertEquals(List.of("table", "create", "c", "pk STRING", "--format", "csv"), args("CREATE TABLE c (pk STRING) STORED AS TEXTFILE"));
  }

  @Test
  void createExternalTableGoesToTableCreateExternal() {
    // the volume documentation's example, as written (its role is unused: the volume's own credentials are)
    assertEquals(List.of("table", "create-external", "ext_tbl_onvolume", "col1 STRING, col2 STRING, col3 STRING",
            "--location", "odps://project_name/demo_volume3/", "--unpartitioned"),
        args("create external table ext_tbl_onvolume ( col1 string, col2 string, col3 string ) stored by "
            + "'com.aliyun.odps.CsvStorageHandler' with serdeproperties ( 'odps.properties.rolearn'='acs:ram::1248xxx:role/"
            + "aliyunodpsdefaultrole' ) location 'odps://project_name/demo_volume3/'"));
    assertEquals(List.of("table", "create-external", "e", "pk STRING, vector STRING", "--location", "odps://p/v/d/", "--delimiter", "|",
            "--partitioned-by", "pt STRING", "--if-not-exists"),
        args("CREATE EXTERNAL TABLE IF NOT EXISTS e (pk STRING, vector STRING) PARTITIONED BY (pt STRING) "
            + "STORED BY 'com.aliyun.odps.CsvStorageHandler' WITH SERDEPROPERTIES ('odps.text.option.delimiter'='|', 'x'='y') "
            + "LOCATION 'odps://p/v/d/'"));
    // STORED AS PARQUET: the table's files are Parquet; other serde properties are accepted and unused
    assertEquals(List.of("table", "create-external", "e", "pk STRING, vector ARRAY<FLOAT>", "--location", "odps://p/v/d/",
            "--partitioned-by", "pt STRING", "--format", "parquet"),
        args("create external table e (pk string, vector array<float>) partitioned by (pt string) stored as parquet "
            + "with serdeproperties ('odps.properties.rolearn'='r') location 'odps://p/v/d/'"));
  }

  @Test
  void grantsLoadVfsAndJarGoToTheirCommandsWordForWord() {
    assertEquals(List.of("acl", "GRANT", "CreateVolume", "ON", "project", "p", "TO", "USER", "bob"),
        args("GRANT CreateVolume ON project p TO USER bob"));
    assertEquals(List.of("acl", "SHOW", "GRANTS", "FOR", "bob"), args("SHOW GRANTS FOR bob"));
    assertEquals(List.of("load", "overwrite", "table", "t", "from", "location", "'odps://p/v/'"),
        args("load overwrite table t from location 'odps://p/v/'"));
    assertEquals(List.of("vfs", "-create", "v", "-url", "file:///a b/c", "-acd", "true"),
        args("vfs -create v\n-url 'file:///a b/c'\n-acd true"));
    assertEquals(List.of("jar", "-libjars", "x.jar", "ProximaCERunner", "-topk", "3"), args("jar -libjars x.jar ProximaCERunner -topk 3"));
  }

  @Test
  void insertValuesKeepsEachValuesTypeAndPosition() {
    Command.Insert i = assertInstanceOf(Command.Insert.class,
        read("INSERT OVERWRITE TABLE t PARTITION (pt='1') VALUES ('a', -2, 1.5e1), ('b', NULL, 3)"));
    assertTrue(i.overwrite());
    assertEquals("pt=1", i.partition());
    assertEquals(List.of(new Command.Literal("a", "'a'", 52), new Command.Literal(-2L, "-2", 57), new Command.Literal(15.0, "1.5e1", 61)),
        i.rows().get(0));
    assertEquals(3L, i.rows().get(1).get(2).value());
    Command.Insert s = assertInstanceOf(Command.Insert.class, read("insert into t partition (pt='2') select * from u"));
    assertEquals(33, s.select().offset());
  }

  @Test
  void clausesThatAreNotSupportedYetAreNamedAtTheirPosition() {
    assertEquals("line 1, column 27: not supported yet: STORED AS ORC", error("CREATE TABLE t (a STRING) STORED AS ORC"));
    assertEquals("line 1, column 36: not supported yet: STORED AS ORC for an external table (external tables read CSV, "
        + "STORED BY 'com.aliyun.odps.CsvStorageHandler', or Parquet, STORED AS PARQUET)",
        error("create external table e (a string) stored as orc location 'odps://p/v/'"));
    assertEquals("line 1, column 27: not supported yet: LOCATION in CREATE TABLE (write CREATE EXTERNAL TABLE)",
        error("create table e (a string) location 'odps://p/v/'"));
    assertEquals("line 1, column 27: not supported yet: WITH SERDEPROPERTIES", error("create table e (a string) with serdeproperties ('a'='b')"));
    assertEquals("line 1, column 35: CREATE EXTERNAL TABLE needs LOCATION 'odps://<project>/<volume>/<path>/'",
        error("create external table e (a string)"));
    assertEquals("line 1, column 29: unknown column type 'INT': expected STRING, BIGINT, DOUBLE or ARRAY<FLOAT> (column b)",
        error("create table t (a string, b INT)"));
    assertEquals("line 1, column 21: name the partition: INSERT ... TABLE t PARTITION (pt='...') (dynamic partitions are not supported yet)",
        error("insert into table t values ('a')"));
    assertTrue(error("UPDATE t SET a = 1").startsWith("line 1, column 1: unsupported statement 'UPDATE t SET a = 1'; supported: CREATE TABLE, "));
    assertEquals("line 1, column 28: expected ')', found 'PARTITIONED'", error("CREATE TABLE t (a STRING   PARTITIONED BY (pt STRING)"));
  }

  @Test
  void setRecordsAKeyAndValue() {
    assertEquals(new Command.Set(new Statement("set odps.sql.type.system = true", 1, 1), "odps.sql.type.system", "true"),
        read("set odps.sql.type.system = true"));
  }
}
