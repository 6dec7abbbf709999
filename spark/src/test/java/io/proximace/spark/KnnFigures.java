package io.proximace.spark;

import io.proximace.home.Home;
import io.proximace.plan.Algorithm;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.run.Runner;
import io.proximace.table.CsvImport;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Figures for issue K (not a test): ProximaKnn in local[2] against the runner (2 threads) on the same random docs, in
 * one JVM. Args: docs queries dim topk [algo [hash|cluster:seekRatio]]. Prints wall times, whether the results agree,
 * and each one's Recall@topk against exact search (the engine's linear index over all docs, in the driver).
 */
public final class KnnFigures {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int nq = Integer.parseInt(args[1]);
    int dim = Integer.parseInt(args[2]);
    int k = Integer.parseInt(args[3]);
    String algo = args.length > 4 ? args[4] : "linear";
    String sharding = args.length > 5 ? args[5] : "hash";
    Path tmp = Files.createTempDirectory("knn-figures");
    LocalHome h = LocalHome.create(tmp);
    Home home = new Home(new Configuration(), new org.apache.hadoop.fs.Path(h.dir().toUri()), "proj", h.user());
    Random rnd = new Random(7);
    List<Row> docs = new ArrayList<>(n);
    List<Row> queries = new ArrayList<>(nq);
    StringBuilder docCsv = new StringBuilder();
    StringBuilder queryCsv = new StringBuilder();
    for (int i = 0; i < n + nq; i++) {
      float[] v = new float[dim];
      StringBuilder t = new StringBuilder();
      for (int j = 0; j < dim; j++) {
        v[j] = (float) rnd.nextGaussian();
        t.append(j == 0 ? "" : "~").append(v[j]);
      }
      if (i < n) {
        docs.add(RowFactory.create((long) i, v));
        docCsv.append(i).append(',').append(t).append('\n');
      } else {
        queries.add(RowFactory.create((long) (i - n), v));
        queryCsv.append(i - n).append(',').append(t).append('\n');
      }
    }
    for (String[] t : new String[][] {{"doc", docCsv.toString()}, {"query", queryCsv.toString()}}) {
      Table table = home.warehouse().create(home.table(t[0]), Schema.parse("pk BIGINT, vector STRING", "pt STRING"), false);
      CsvImport.into(table, "1", new ByteArrayInputStream(t[1].getBytes(StandardCharsets.UTF_8)), t[0], ',', false);
    }
    docCsv = null;
    queryCsv = null;

    long t0 = System.nanoTime();
    io.proximace.run.RunResult ran = new Runner(home).run(JobSpec.builder().docs(home.table("doc"), "1").queries(home.table("query"), "1")
        .output(home.table("out"), "1").dataType(DataType.FLOAT).dimension(dim).topk(JobSpec.parseTopk(String.valueOf(k)))
        .mode(JobMode.parse("build:seek")).algorithm(Algorithm.parse(algo)).distance(DistanceMethod.SQUARED_EUCLIDEAN)
        .pkType(PkType.INT64).volume("vol", "owner1").threads(2).build());
    double runner = (System.nanoTime() - t0) / 1e9;
    Map<Long, List<Long>> expected = new HashMap<>();
    try (PartitionReader r = home.warehouse().table(home.table("out")).partition("1").open()) {
      while (r.next()) {
        expected.computeIfAbsent(Long.parseLong(r.field(0)), x -> new ArrayList<>()).add(Long.parseLong(r.field(1)));
      }
    }

    long e0 = System.nanoTime();
    Map<Long, List<Long>> exact = new HashMap<>();
    try (io.proximace.api.Index linear = io.proximace.api.Index.build(io.proximace.api.IndexSpec.named("linear", "squared_euclidean"),
        docs.stream().map(r -> (float[]) r.get(1)).toArray(float[][]::new), docs.stream().mapToLong(r -> r.getLong(0)).toArray(), 2)) {
      List<io.proximace.api.Hits> hits = linear.search(queries.stream().map(r -> (float[]) r.get(1)).toArray(float[][]::new), k);
      for (int i = 0; i < hits.size(); i++) {
        exact.put(queries.get(i).getLong(0), java.util.Arrays.stream(hits.get(i).ids()).boxed().toList());
      }
    }
    double exactTime = (System.nanoTime() - e0) / 1e9;

    long s0 = System.nanoTime();
    SparkSession spark = h.spark(tmp).getOrCreate();
    double start = (System.nanoTime() - s0) / 1e9;
    StructType schema = new StructType().add("pk", DataTypes.LongType).add("vector", DataTypes.createArrayType(DataTypes.FloatType));
    Dataset<Row> d = spark.createDataFrame(docs, schema).repartition(2).cache();
    Dataset<Row> q = spark.createDataFrame(queries, schema).repartition(2).cache();
    long c0 = System.nanoTime();
    d.count();
    q.count();
    double load = (System.nanoTime() - c0) / 1e9;
    long f0 = System.nanoTime();
    ProximaKnn knn = new ProximaKnn().setAlgoModel(algo).setTopk(k).setColumnNum(2).setIndexPath("odps://proj/vol/figures");
    if (sharding.startsWith("cluster:")) {
      knn.setShardingMode("cluster").setKmeansSeekRatio(Double.parseDouble(sharding.substring("cluster:".length())));
    }
    ProximaKnnModel model = knn.fit(d);
    double fit = (System.nanoTime() - f0) / 1e9;
    long x0 = System.nanoTime();
    List<Row> out = model.transform(q).select("pk", "knn").collectAsList();
    double transform = (System.nanoTime() - x0) / 1e9;
    int same = 0;
    double sparkHits = 0;
    double runnerHits = 0;
    for (Row r : out) {
      List<Long> ids = new ArrayList<>();
      for (Row nb : r.<Row>getList(1)) {
        ids.add(nb.getLong(0));
      }
      same += ids.equals(expected.get(r.getLong(0))) ? 1 : 0;
      List<Long> truth = exact.get(r.getLong(0));
      sparkHits += ids.stream().filter(truth::contains).count();
      runnerHits += expected.getOrDefault(r.getLong(0), List.of()).stream().filter(truth::contains).count();
    }
    System.out.printf("docs %d x %d, queries %d, topk %d, %s, %s sharding (ProximaKnn, 2 shards)%n", n, dim, nq, k, algo, sharding);
    System.out.printf("runner build:seek (2 threads, tables on local disk): %.2f s, by stage %s%n", runner, ran.stageSeconds());
    System.out.printf("spark session start %.2f s, cache docs+queries %.2f s, fit (2 shards) %.2f s, transform+collect %.2f s, fit+transform %.2f s%n",
        start, load, fit, transform, fit + transform);
    System.out.printf("queries whose neighbour ids equal the runner's: %d of %d%n", same, out.size());
    System.out.printf("recall@%d against exact (linear in the driver, %.2f s): runner %.4f, ProximaKnn %.4f%n", k, exactTime,
        runnerHits / ((double) k * out.size()), sparkHits / ((double) k * out.size()));
    spark.stop();
  }
}
