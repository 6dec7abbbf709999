package io.proximace.job;

import io.proximace.Home;
import io.proximace.table.CsvImport;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** A home in a temporary folder with helpers to make tables and run jobs, as a user would. */
final class TestHome {
  final Path dir;
  final Home home;

  TestHome(Path dir) throws IOException {
    this.dir = dir;
    this.home = new Home(new Configuration(), new org.apache.hadoop.fs.Path(dir.toUri()), "default");
    home.volumes().create("vol", "local", dir.resolve("volumes/vol").toUri().toString(), true, null);
  }

  Table table(String name, String columns, String pt, String csv) throws IOException {
    TableName t = home.table(name);
    Table table = home.warehouse().exists(t) ? home.warehouse().table(t)
        : home.warehouse().create(t, Schema.parse(columns, "pt STRING"), false);
    CsvImport.into(table, pt, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), name + ".csv", ',', false);
    return table;
  }

  /** Rows of a partition as "pk,knn_result,score". */
  List<String> rows(String table, String pt) throws IOException {
    Partition p = home.warehouse().table(home.table(table)).partition(pt);
    List<String> rows = new ArrayList<>();
    try (PartitionReader r = p.open()) {
      while (r.next()) {
        rows.add(r.field(0) + "," + r.field(1) + "," + r.field(2));
      }
    }
    return rows;
  }

  JobSpec spec(String doc, String query, String out, int dim, String topk, String mode) {
    return builder(doc, query, out, dim, topk, mode).build();
  }

  JobSpec spec(String doc, String query, String out, int dim, String topk, String mode, DistanceMethod d, PkType pk, Boolean clean) {
    return builder(doc, query, out, dim, topk, mode).distance(d).pkType(pk).cleanBuildVolume(clean).build();
  }

  /** A linear run over partitions "1" with volume "vol" and owner "owner1", 2 threads. */
  JobSpec.Builder builder(String doc, String query, String out, int dim, String topk, String mode) {
    return JobSpec.builder().docs(home.table(doc), "1").queries(home.table(query), "1").output(home.table(out), "1")
        .dataType(DataType.FLOAT).dimension(dim).topk(JobSpec.parseTopk(topk)).mode(JobMode.parse(mode))
        .algorithm(Algorithm.LINEAR).volume("vol", "owner1").threads(2);
  }

  RunResult run(JobSpec spec) throws IOException {
    return new Runner(home).run(spec);
  }
}
