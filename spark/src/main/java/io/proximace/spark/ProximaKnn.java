package io.proximace.spark;

import io.proximace.api.Index;
import io.proximace.api.IndexSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * kNN as a Spark ML estimator: {@code fit} hash-shards the docs by id into {@link #columnNum} partitions, builds one
 * engine index per partition ({@link Index#build}, one thread each: Spark runs the partitions in parallel) and saves
 * each under {@link #indexPath} (a volume's {@code odps://} path or any Hadoop path), giving a {@link ProximaKnnModel}
 * that searches them all. Parameters are named after the runner's options: {@code algoModel}, {@code distanceMethod},
 * {@code topk}, {@code builderParams}, {@code searcherParams} (the engine's JSON keys) and {@code columnNum} (shards).
 */
public final class ProximaKnn extends Estimator<ProximaKnnModel> implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> idCol;
  private final Param<String> featuresCol;
  private final Param<String> outputCol;
  private final Param<String> algoModel;
  private final Param<String> distanceMethod;
  private final IntParam topk;
  private final Param<String> builderParams;
  private final Param<String> searcherParams;
  private final IntParam columnNum;
  private final Param<String> indexPath;

  public ProximaKnn() {
    this(Identifiable$.MODULE$.randomUID("proximaKnn"));
  }

  public ProximaKnn(String uid) {
    this.uid = uid;
    idCol = new Param<>(this, "idCol", "the docs' and queries' id column (bigint): the runner's pk");
    featuresCol = new Param<>(this, "featuresCol", "the vector column: array<float>, array<double> or an ML Vector");
    outputCol = new Param<>(this, "outputCol", "the column transform adds: array<struct<neighbor: bigint, score: float>>, best first");
    algoModel = new Param<>(this, "algoModel", "linear, hnsw or qc (-algo_model)");
    distanceMethod = new Param<>(this, "distanceMethod", "squared_euclidean, inner_product or cosine (-distance_method)");
    topk = new IntParam(this, "topk", "neighbours per query (-topk)");
    builderParams = new Param<>(this, "builderParams", "the index's build parameters, JSON with the engine's keys (-builder_params)");
    searcherParams = new Param<>(this, "searcherParams", "search effort, JSON with the engine's keys (-searcher_params)");
    columnNum = new IntParam(this, "columnNum", "shards: one index per partition of the docs, by id hash (-column_num)");
    indexPath = new Param<>(this, "indexPath", "the folder the shards' indexes are saved in (odps:// or any Hadoop path)");
    setDefault(idCol, "pk");
    setDefault(featuresCol, "vector");
    setDefault(outputCol, "knn");
    setDefault(algoModel, "linear");
    setDefault(distanceMethod, "squared_euclidean");
    setDefault(topk, 100);
    setDefault(builderParams, "");
    setDefault(searcherParams, "");
    setDefault(columnNum, 1);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> idCol() { return idCol; }
  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> outputCol() { return outputCol; }
  public Param<String> algoModel() { return algoModel; }
  public Param<String> distanceMethod() { return distanceMethod; }
  public IntParam topk() { return topk; }
  public Param<String> builderParams() { return builderParams; }
  public Param<String> searcherParams() { return searcherParams; }
  public IntParam columnNum() { return columnNum; }
  public Param<String> indexPath() { return indexPath; }

  public ProximaKnn setIdCol(String v) { set(idCol, v); return this; }
  public ProximaKnn setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public ProximaKnn setOutputCol(String v) { set(outputCol, v); return this; }
  public ProximaKnn setAlgoModel(String v) { set(algoModel, v); return this; }
  public ProximaKnn setDistanceMethod(String v) { set(distanceMethod, v); return this; }
  public ProximaKnn setTopk(int v) { set(topk, v); return this; }
  public ProximaKnn setBuilderParams(String v) { set(builderParams, v); return this; }
  public ProximaKnn setSearcherParams(String v) { set(searcherParams, v); return this; }
  public ProximaKnn setColumnNum(int v) { set(columnNum, v); return this; }
  public ProximaKnn setIndexPath(String v) { set(indexPath, v); return this; }

  /** A shard's folder under the index path. */
  static String shardDir(String indexPath, int shard) {
    return indexPath.replaceFirst("/+$", "") + "/shard-" + shard;
  }

  @Override
  public ProximaKnnModel fit(Dataset<?> dataset) {
    if (!isDefined(indexPath)) {
      throw new IllegalArgumentException("set indexPath: the folder the indexes are kept in");
    }
    String path = $(indexPath);
    int shards = (Integer) $(columnNum);
    String algo = $(algoModel);
    String distance = $(distanceMethod);
    String build = $(builderParams);
    KnnSettings.spec(algo, distance, build); // refuses bad names and params before any work
    KnnSettings.search(algo, $(searcherParams));
    Dataset<Row> docs = dataset.select(functions.col($(idCol)).cast("long"), functions.col($(featuresCol)))
        .repartition(shards, functions.col($(idCol)));
    SerializableConfiguration conf = new SerializableConfiguration(dataset.sparkSession().sparkContext().hadoopConfiguration());
    try { // the shards of an earlier fit, and nothing else there
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf.value());
      FileStatus[] old = fs.exists(root) ? fs.globStatus(new Path(root, "shard-*")) : null;
      for (FileStatus s : old == null ? new FileStatus[0] : old) {
        fs.delete(s.getPath(), true);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot clear " + path + ": " + e.getMessage(), e);
    }
    List<Integer> built = docs.mapPartitions((MapPartitionsFunction<Row, Integer>) rows -> build(rows, KnnSettings.spec(algo, distance, build), path, conf),
        Encoders.INT()).collectAsList();
    ProximaKnnModel model = new ProximaKnnModel(uid, built.stream().mapToInt(Integer::intValue).sorted().toArray(),
        java.util.UUID.randomUUID().toString());
    copyValues(model, extractParamMap());
    return model.setParent(this);
  }

  /** Builds and saves the index of one partition; yields its shard number, or nothing for an empty partition. */
  private static Iterator<Integer> build(Iterator<Row> rows, IndexSpec spec, String path, SerializableConfiguration conf)
      throws IOException {
    List<float[]> vectors = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(0) || r.isNullAt(1)) {
        throw new IllegalArgumentException("a doc with a null id or vector: " + r);
      }
      ids.add(r.getLong(0));
      vectors.add(KnnSettings.floats(r, 1));
    }
    if (ids.isEmpty()) {
      return List.<Integer>of().iterator();
    }
    int shard = org.apache.spark.TaskContext.getPartitionId();
    try (Index index = Index.build(spec, vectors.toArray(new float[0][]), ids.stream().mapToLong(Long::longValue).toArray(), 1)) {
      index.save(new Path(shardDir(path, shard)), conf.value());
    }
    return List.of(shard).iterator();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ProximaKnnModel.outputSchema(schema, $(outputCol));
  }

  @Override
  public ProximaKnn copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads an estimator saved with {@code write().save(path)}. */
  public static MLReader<ProximaKnn> read() {
    return new DefaultParamsReadable<ProximaKnn>() {}.read();
  }

  public static ProximaKnn load(String path) {
    return read().load(path);
  }
}
