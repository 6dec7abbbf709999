package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code table create --format parquet}, import, show and describe, and a run over Parquet tables, as a user types them. */
class ParquetCommandsTest {
  @TempDir
  Path tmp;
  Cli cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new Cli(tmp.resolve("home"));
    Files.writeString(tmp.resolve("doc.csv"), SeedExample.DOCS);
    Files.writeString(tmp.resolve("query.csv"), "pk,vector\n" + SeedExample.QUERIES);
    ok("vfs", "-create", "vol", "-storage_provider", "local", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  private String[] run(String doc, String query, String out) {
    return new String[] {"run", "-doc_table", doc, "-doc_table_partition", "1", "-query_table", query, "-query_table_partition", "1",
        "-output_table", out, "-output_table_partition", "1", "-data_type", "float", "-dimension", "8", "-topk", "3",
        "-external_volume", "vol", "-owner_id", "me"};
  }

  @Test
  void parquetTablesImportShowAndRunLikeCsvTables() {
    ok("table", "create", "doc", "pk STRING, vector STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    assertEquals("table default.doc_p (pk STRING, vector ARRAY<FLOAT>) partitioned by (pt STRING) stored as parquet\n",
        ok("table", "create", "doc_p", "pk STRING, vector ARRAY<FLOAT>", "--format", "parquet"));
    ok("table", "create", "query_p", "pk STRING, vector STRING", "--format", "parquet");
    ok("table", "create", "out_p", "pk STRING, knn_result STRING, score DOUBLE", "--format", "parquet");
    for (String t : new String[] {"doc", "doc_p"}) {
      ok("table", "import", t, "pt=1", "--file", tmp.resolve("doc.csv").toString());
    }
    for (String t : new String[] {"query", "query_p"}) {
      ok("table", "import", t, "pt=1", "--file", tmp.resolve("query.csv").toString(), "--header");
    }
    assertEquals(ok("table", "show", "query", "1", "--format", "csv"), ok("table", "show", "query_p", "1", "--format", "csv"));
    String docs = ok("table", "show", "doc_p", "1");
    assertTrue(docs.contains("| 10.nid     | 10.0~10.0~10.0~10.0~10.0~10.0~10.0~10.0 | 1          |") && docs.contains("10 rows"), docs);
    String described = ok("table", "describe", "doc_p");
    assertTrue(described.contains("format:         parquet\n") && described.contains("pt=1  1 file, "), described);

    ok(run("doc", "query", "out"));
    ok(run("doc_p", "query_p", "out_p"));
    String csv = ok("table", "show", "out", "1", "--format", "csv");
    assertTrue(csv.startsWith("pk,knn_result,score,pt\nq1.nid,1.nid,4.0,1\n"), csv);
    assertEquals(csv, ok("table", "show", "out_p", "1", "--format", "csv"));
    assertTrue(Files.isRegularFile(tmp.resolve("home/warehouse/default/out_p/pt=1/part-00000.parquet")));
  }

  @Test
  void anArrayColumnInACsvTableAndAnUnknownFormatAreRefused() {
    Cli.Result r = cli.run("table", "create", "t", "pk STRING, vector ARRAY<FLOAT>");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("ARRAY<FLOAT> columns need a Parquet table (--format parquet)"), r.err());
    r = cli.run("table", "create", "t", "pk STRING", "--format", "orc");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown table format 'orc': expected csv or parquet"), r.err());
  }
}
