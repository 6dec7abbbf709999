package io.proximace.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.plan.ExecutionMode;
import io.proximace.plan.JobMode;
import io.proximace.table.CsvImport;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MapReduce reads Parquet doc and query tables through the same reader and writes a Parquet output table. */
class MapReduceParquetTest {
  @TempDir
  Path tmp;

  private static String csv(float[][] rows, String prefix) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.length; i++) {
      b.append(prefix).append(i).append(',');
      for (int j = 0; j < rows[i].length; j++) {
        b.append(j > 0 ? "~" : "").append(rows[i][j]);
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static void table(Fixture fx, String name, String columns, TableFormat format, String csv) throws IOException {
    fx.home.warehouse().drop(fx.home.table(name), true);
    Table t = fx.home.warehouse().create(fx.home.table(name), Schema.parse(columns, "pt STRING", format), false);
    CsvImport.into(t, "1", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), name + ".csv", ',', false);
  }

  @Test
  void aMapReduceRunOverParquetTablesGivesTheLocalRunsRowsOverCsv() throws IOException {
    Fixture fx = new Fixture(tmp);
    String docs = csv(Fixture.clustered(3000, 12, 6, 1), "d");
    String queries = csv(Fixture.clustered(50, 12, 6, 2), "q");
    table(fx, "doc", "pk STRING, vector STRING", TableFormat.CSV, docs);
    table(fx, "query", "pk STRING, vector STRING", TableFormat.CSV, queries);
    fx.run(fx.spec("out_c", 12, "5", ExecutionMode.LOCAL, 0, 0).mode(JobMode.parse("build:seek")).build());
    List<String> local = fx.rows("out_c", "1");
    assertEquals(250, local.size());

    table(fx, "doc", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET, docs);
    table(fx, "query", "pk STRING, vector ARRAY<FLOAT>", TableFormat.PARQUET, queries);
    fx.home.warehouse().create(fx.home.table("out_p"), Schema.parse("pk STRING, knn_result STRING, score DOUBLE", "pt STRING",
        TableFormat.PARQUET), false);
    fx.run(fx.spec("out_p", 12, "5", ExecutionMode.MAPREDUCE, 2, 2).mode(JobMode.parse("build:seek")).build());
    assertEquals(local, fx.rows("out_p", "1"));
    try (var files = Files.list(tmp.resolve("warehouse/default/out_p/pt=1"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
      assertEquals(List.of("part-r-00000.parquet", "part-r-00001.parquet"), names);
    }
    assertTrue(fx.home.warehouse().table(fx.home.table("out_p")).partition("1").recordedRows() == 250);
  }
}
