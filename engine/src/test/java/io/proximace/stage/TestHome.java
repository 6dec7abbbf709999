package io.proximace.stage;

import io.proximace.home.Home;
import io.proximace.plan.Algorithm;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.run.RunResult;
import io.proximace.run.Runner;
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
  /** The walkthrough's ten 8-dimensional docs, components all 1..10, as in the Proxima CE document. */
  static final String SEED_DOCS = """
      1.nid,1~1~1~1~1~1~1~1
      2.nid,2~2~2~2~2~2~2~2
      3.nid,3~3~3~3~3~3~3~3
      4.nid,4~4~4~4~4~4~4~4
      5.nid,5~5~5~5~5~5~5~5
      6.nid,6~6~6~6~6~6~6~6
      7.nid,7~7~7~7~7~7~7~7
      8.nid,8~8~8~8~8~8~8~8
      9.nid,9~9~9~9~9~9~9~9
      10.nid,10~10~10~10~10~10~10~10
      """;
  /** The walkthrough's three queries. */
  static final String SEED_QUERIES = """
      q1.nid,1~1~1~1~2~2~2~2
      q2.nid,4~4~4~4~3~3~3~3
      q3.nid,9~9~9~9~5~5~5~5
      """;

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
