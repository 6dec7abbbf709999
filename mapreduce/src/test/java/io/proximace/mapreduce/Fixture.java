package io.proximace.mapreduce;

import io.proximace.home.Home;
import io.proximace.plan.Algorithm;
import io.proximace.plan.ExecutionMode;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Sharding;
import io.proximace.run.RunResult;
import io.proximace.run.Runner;
import io.proximace.table.CsvImport;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.vector.DataType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** A home with tables of generated vectors, and runs through the local runner or MapReduce. */
final class Fixture {
  final Home home;
  final Configuration conf;

  /** A home at {@code dir} (catalog, local volume "vol"); tables under {@code warehouse} (null: in the home). */
  Fixture(java.nio.file.Path dir, Configuration conf, Path warehouse, String volumeUrl) throws IOException {
    this.conf = conf;
    this.home = new Home(new Configuration(conf), new Path(dir.toUri()), warehouse, "default", "tester");
    home.volumes().create("vol", volumeUrl.startsWith("oss") ? "oss" : volumeUrl.startsWith("hdfs") ? "hdfs" : "local",
        volumeUrl, true, null);
  }

  /** A fixture over an existing home. */
  Fixture(Home home, Configuration conf) {
    this.home = home;
    this.conf = conf;
  }

  Fixture(java.nio.file.Path dir) throws IOException {
    this(dir, localConf(dir), null, dir.resolve("volumes/vol").toUri().toString());
  }

  /** LocalJobRunner, with its scratch folders in {@code dir}. */
  static Configuration localConf(java.nio.file.Path dir) {
    Configuration c = new Configuration();
    c.set("mapreduce.framework.name", "local");
    c.set("hadoop.tmp.dir", dir.resolve("hadoop").toString());
    c.set("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());
    return c;
  }

  /** Gaussian clusters: {@code n} vectors of dimension {@code dim} around {@code centres} centres, rounded to 2 decimals. */
  static float[][] clustered(int n, int dim, int centres, long seed) {
    Random r = new Random(seed);
    Random c = new Random(7);
    float[][] centre = new float[centres][dim];
    for (float[] x : centre) {
      for (int j = 0; j < dim; j++) {
        x[j] = (float) (c.nextGaussian() * 4);
      }
    }
    float[][] v = new float[n][dim];
    for (int i = 0; i < n; i++) {
      float[] base = centre[r.nextInt(centres)];
      for (int j = 0; j < dim; j++) {
        v[i][j] = Math.round((base[j] + r.nextGaussian()) * 100) / 100f;
      }
    }
    return v;
  }

  /** A table {@code (pk, vector)} partition "1" of {@code rows}, pks {@code prefix + i}. */
  Table table(String name, String pkType, float[][] rows, String prefix) throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < rows.length; i++) {
      csv.append(prefix).append(i).append(',');
      for (int j = 0; j < rows[i].length; j++) {
        csv.append(j > 0 ? "~" : "").append(rows[i][j]);
      }
      csv.append('\n');
    }
    return csv(name, "pk " + pkType + ", vector STRING", "1", csv.toString());
  }

  Table csv(String name, String columns, String pt, String csv) throws IOException {
    TableName t = home.table(name);
    Table table = home.warehouse().exists(t) ? home.warehouse().table(t)
        : home.warehouse().create(t, Schema.parse(columns, "pt STRING"), false);
    CsvImport.into(table, pt, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), name + ".csv", ',', false);
    return table;
  }

  /** A spec over partitions "1": doc, query, out; volume "vol", owner "me", 2 threads, linear. */
  JobSpec.Builder spec(String out, int dim, String topk, ExecutionMode mode, int columns, int rows) {
    return JobSpec.builder().docs(home.table("doc"), "1").queries(home.table("query"), "1").output(home.table(out), "1")
        .dataType(DataType.FLOAT).dimension(dim).topk(JobSpec.parseTopk(topk)).mode(JobMode.parse("train:build:seek:recall"))
        .algorithm(Algorithm.LINEAR).volume("vol", "me").threads(2)
        .sharding(new Sharding(mode, columns, rows, false, 0, 0.2, 0));
  }

  RunResult run(JobSpec spec) throws IOException {
    return run(spec, new MapReduceExecutor(conf));
  }

  /** A run through {@code executor}, which then holds what its jobs counted. */
  RunResult run(JobSpec spec, MapReduceExecutor executor) throws IOException {
    return new Runner(home, executor).run(spec);
  }

  /** The rows of an output partition, as CSV lines. */
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

  static String f(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }
}
