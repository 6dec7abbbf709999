package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.plan.DistanceMethod;
import io.proximace.table.CsvImport;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import io.proximace.table.TableName;
import io.proximace.vector.PkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner over Parquet tables gives the rows it gives over the same data in CSV tables. */
class ParquetRunTest {
  @TempDir
  Path tmp;
  TestHome h;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
  }

  private Table table(String name, String columns, TableFormat format, String csv) throws IOException {
    TableName t = h.home.table(name);
    Table table = h.home.warehouse().create(t, Schema.parse(columns, "pt STRING", format), false);
    CsvImport.into(table, "1", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), name + ".csv", ',', false);
    return table;
  }

  private void output(String name, String key, TableFormat format) throws IOException {
    h.home.warehouse().create(h.home.table(name),
        Schema.parse("pk " + key + ", knn_result " + key + ", score DOUBLE", "pt STRING", format), false);
  }

  /** {@code n} rows {@code pk,vector[,category]}: pks with a comma, Gaussian components, categories 0..3. */
  private static String rows(String prefix, int n, int dim, boolean categories, boolean longPks, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(longPks ? Long.toString(1000L * i + (prefix.equals("q") ? 7 : 0)) : "\"" + prefix + "," + i + "\"").append(',');
      for (int j = 0; j < dim; j++) {
        b.append(j > 0 ? "~" : "").append(Float.toString((float) r.nextGaussian()));
      }
      if (categories) {
        b.append(',').append(r.nextInt(4));
      }
      b.append('\n');
    }
    return b.toString();
  }

  @Test
  void parquetInputsAndOutputGiveTheRowsOfCsvTables() throws IOException {
    int dim = 16;
    String docs = rows("d", 1500, dim, false, false, 1);
    String queries = rows("q", 40, dim, false, false, 2);
    table("doc_c", "pk STRING, vector STRING", TableFormat.CSV, docs);
    table("query_c", "pk STRING, vector STRING", TableFormat.CSV, queries);
    table("doc_p", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET, docs);
    table("query_p", "pk STRING, vector STRING", TableFormat.PARQUET, queries);
    output("out_p", "STRING", TableFormat.PARQUET);
    h.run(h.spec("doc_c", "query_c", "out_c", dim, "10", "build:seek:recall"));
    h.run(h.spec("doc_p", "query_p", "out_p", dim, "10", "build:seek:recall"));
    List<String> csv = h.rows("out_c", "1");
    assertEquals(400, csv.size());
    assertEquals(csv, h.rows("out_p", "1"));
    assertTrue(Files.isRegularFile(tmp.resolve("warehouse/default/out_p/pt=1/part-00000.parquet")));

    // an independent reader: DuckDB reads the output table as a Hive-partitioned Parquet dataset
    List<String> duck = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT pk, knn_result, score, pt FROM read_parquet('"
             + tmp.resolve("warehouse/default/out_p") + "/*/*.parquet', hive_partitioning=true, hive_types={'pt': VARCHAR})")) {
      while (rs.next()) {
        assertEquals("1", rs.getString(4));
        duck.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getDouble(3));
      }
      // and the doc table's ARRAY<FLOAT> column is DuckDB's FLOAT[], holding the imported components
      try (ResultSet v = s.executeQuery("SELECT pk, vector FROM read_parquet('" + tmp.resolve("warehouse/default/doc_p")
          + "/*/*.parquet', hive_partitioning=true) ORDER BY pk LIMIT 1")) {
        assertTrue(v.next());
        String pk = v.getString(1);
        String first = docs.lines().filter(l -> l.startsWith("\"" + pk + "\",")).findFirst().orElseThrow();
        Object[] got = (Object[]) v.getArray(2).getArray();
        String[] parts = first.substring(first.lastIndexOf(',') + 1).split("~");
        assertEquals(dim, got.length);
        for (int j = 0; j < dim; j++) {
          assertEquals(Float.parseFloat(parts[j]), (Float) got[j]);
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    List<String> want = csv.stream().map(row -> {
      String[] f = row.split(",(?=[^,]*$)|,(?=d,)"); // pk "q,i", knn_result "d,j", score
      return f[0] + "|" + f[1] + "|" + Double.parseDouble(f[2]);
    }).toList();
    assertEquals(want, duck);
  }

  @Test
  void bigintPksAndCategoriesGiveTheSameRowsToo() throws IOException {
    int dim = 8;
    String docs = rows("d", 800, dim, true, true, 3);
    String queries = rows("q", 30, dim, true, true, 4);
    String cols = "pk BIGINT, vector STRING, category BIGINT";
    table("doc_c", cols, TableFormat.CSV, docs);
    table("query_c", cols, TableFormat.CSV, queries);
    table("doc_p", "pk BIGINT, vector ARRAY<FLOAT>, category BIGINT", TableFormat.PARQUET, docs);
    table("query_p", "pk BIGINT, vector ARRAY<FLOAT>, category BIGINT", TableFormat.PARQUET, queries);
    output("out_p", "BIGINT", TableFormat.PARQUET);
    h.run(h.spec("doc_c", "query_c", "out_c", dim, "5", "build:seek", DistanceMethod.INNER_PRODUCT, PkType.INT64, null));
    h.run(h.spec("doc_p", "query_p", "out_p", dim, "5", "build:seek", DistanceMethod.INNER_PRODUCT, PkType.INT64, null));
    List<String> csv = h.rows("out_c", "1");
    assertEquals(150, csv.size());
    assertEquals(csv, h.rows("out_p", "1"));
  }

  @Test
  void aDocFileThatLacksTheVectorColumnFailsTheRunNamingItAndWritesNothing() throws IOException {
    table("query", "pk STRING, vector STRING", TableFormat.CSV, rows("q", 5, 4, false, false, 5));
    table("other", "pk STRING, embedding ARRAY<FLOAT>", TableFormat.PARQUET, rows("d", 20, 4, false, false, 6));
    Table doc = h.home.warehouse().create(h.home.table("doc"), Schema.parse("pk STRING, vector ARRAY<FLOAT>", "pt STRING",
        TableFormat.PARQUET), false);
    doc.addPartition("1", false);
    Files.copy(tmp.resolve("warehouse/default/other/pt=1/part-00000.parquet"), tmp.resolve("warehouse/default/doc/pt=1/part-00000.parquet"));
    output("out", "STRING", TableFormat.PARQUET);
    ProximaException e = assertThrows(ProximaException.class, () -> h.run(h.spec("doc", "query", "out", 4, "1", "build:seek")));
    assertEquals("table default.doc, partition pt=1, file part-00000.parquet: the Parquet file has no column vector "
        + "(it has [pk, embedding]; the table has pk STRING, vector ARRAY<FLOAT>)", e.getMessage());
    assertFalse(h.home.warehouse().table(h.home.table("out")).hasPartition("1"), "no output partition");
    h.home.warehouse().create(h.home.table("typed"), Schema.parse("pk STRING, knn_result STRING, score BIGINT", "pt STRING",
        TableFormat.PARQUET), false);
    assertEquals("output table default.typed has columns (pk STRING, knn_result STRING, score BIGINT); the runner writes "
        + "(pk STRING, knn_result STRING, score DOUBLE): drop it or choose another -output_table",
        assertThrows(ProximaException.class, () -> h.run(h.spec("query", "query", "typed", 4, "1", "build:seek"))).getMessage());
    try (var s = Files.walk(tmp.resolve("warehouse/default/out"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".parquet")), "no output file");
    }
  }
}
