package io.proximace.spark;

import io.proximace.api.Index;
import io.proximace.api.IndexSpec;
import io.proximace.index.KMeans;
import io.proximace.plan.ExecutionMode;
import io.proximace.plan.Sharding;
import io.proximace.vector.FloatVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * kNN as a Spark ML estimator: {@code fit} shards the docs, builds one engine index per shard ({@link Index#build},
 * one thread each: Spark runs the partitions in parallel) and saves each under {@code <indexPath>/<fitId>}, a folder of
 * the fit's own (a volume's {@code odps://} path or any Hadoop path; an earlier fit's folder is left alone, for its
 * model, and is the user's to delete), giving a {@link ProximaKnnModel} that searches them. Sharding is the
 * runner's: by id hash into {@link #columnNum} shards, or with {@code shardingMode cluster} by the nearest of
 * {@code kmeansClusterNum} k-means centroids (the engine's {@link KMeans}, trained on a sample chosen by id hash, so
 * the same docs give the same shards whatever their Spark partitioning), a query then visiting only its nearest
 * {@code kmeansSeekRatio} of the shards. Parameters are named after the runner's options: {@code algoModel},
 * {@code distanceMethod}, {@code topk}, {@code builderParams}, {@code searcherParams} (the engine's JSON keys),
 * {@code columnNum}, {@code shardingMode}, {@code kmeansClusterNum} and {@code kmeansSeekRatio}.
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
  private final Param<String> shardingMode;
  private final IntParam kmeansClusterNum;
  private final DoubleParam kmeansSeekRatio;

  /** Docs the k-means of cluster sharding trains on at most: the runner's train stage sample. */
  static final int TRAIN_SAMPLE = 100_000;
  /** The runner's k-means iterations and seed for shard centroids. */
  private static final int ITERATIONS = 10;
  private static final long SEED = 42;

  /** An estimator with a random uid and the runner's defaults. */
  public ProximaKnn() {
    this(Identifiable$.MODULE$.randomUID("proximaKnn"));
  }

  /** An estimator with the runner's defaults. */
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
    shardingMode = new Param<>(this, "shardingMode", "hash or cluster: docs go to shards by id hash or by nearest k-means centroid (-sharding_mode)");
    kmeansClusterNum = new IntParam(this, "kmeansClusterNum", "cluster sharding: centroids = shards, 0 for columnNum (-kmeans_cluster_num)");
    kmeansSeekRatio = new DoubleParam(this, "kmeansSeekRatio", "cluster sharding: the fraction of nearest shards a query visits (-kmeans_seek_ratio)");
    setDefault(idCol, "pk");
    setDefault(featuresCol, "vector");
    setDefault(outputCol, "knn");
    setDefault(algoModel, "linear");
    setDefault(distanceMethod, "squared_euclidean");
    setDefault(topk, 100);
    setDefault(builderParams, "");
    setDefault(searcherParams, "");
    setDefault(columnNum, 1);
    setDefault(shardingMode, "hash");
    setDefault(kmeansClusterNum, 0);
    setDefault(kmeansSeekRatio, Sharding.DEFAULT.kmeansSeekRatio());
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The {@code idCol} parameter. */
  public Param<String> idCol() { return idCol; }
  /** The {@code featuresCol} parameter. */
  public Param<String> featuresCol() { return featuresCol; }
  /** The {@code outputCol} parameter. */
  public Param<String> outputCol() { return outputCol; }
  /** The {@code algoModel} parameter. */
  public Param<String> algoModel() { return algoModel; }
  /** The {@code distanceMethod} parameter. */
  public Param<String> distanceMethod() { return distanceMethod; }
  /** The {@code topk} parameter. */
  public IntParam topk() { return topk; }
  /** The {@code builderParams} parameter. */
  public Param<String> builderParams() { return builderParams; }
  /** The {@code searcherParams} parameter. */
  public Param<String> searcherParams() { return searcherParams; }
  /** The {@code columnNum} parameter. */
  public IntParam columnNum() { return columnNum; }
  /** The {@code indexPath} parameter. */
  public Param<String> indexPath() { return indexPath; }
  /** The {@code shardingMode} parameter. */
  public Param<String> shardingMode() { return shardingMode; }
  /** The {@code kmeansClusterNum} parameter. */
  public IntParam kmeansClusterNum() { return kmeansClusterNum; }
  /** The {@code kmeansSeekRatio} parameter. */
  public DoubleParam kmeansSeekRatio() { return kmeansSeekRatio; }

  /** Sets {@link #idCol()}. */
  public ProximaKnn setIdCol(String v) { set(idCol, v); return this; }
  /** Sets {@link #featuresCol()}. */
  public ProximaKnn setFeaturesCol(String v) { set(featuresCol, v); return this; }
  /** Sets {@link #outputCol()}. */
  public ProximaKnn setOutputCol(String v) { set(outputCol, v); return this; }
  /** Sets {@link #algoModel()}. */
  public ProximaKnn setAlgoModel(String v) { set(algoModel, v); return this; }
  /** Sets {@link #distanceMethod()}. */
  public ProximaKnn setDistanceMethod(String v) { set(distanceMethod, v); return this; }
  /** Sets {@link #topk()}. */
  public ProximaKnn setTopk(int v) { set(topk, v); return this; }
  /** Sets {@link #builderParams()}. */
  public ProximaKnn setBuilderParams(String v) { set(builderParams, v); return this; }
  /** Sets {@link #searcherParams()}. */
  public ProximaKnn setSearcherParams(String v) { set(searcherParams, v); return this; }
  /** Sets {@link #columnNum()}. */
  public ProximaKnn setColumnNum(int v) { set(columnNum, v); return this; }
  /** Sets {@link #indexPath()}. */
  public ProximaKnn setIndexPath(String v) { set(indexPath, v); return this; }
  /** Sets {@link #shardingMode()}. */
  public ProximaKnn setShardingMode(String v) { set(shardingMode, v); return this; }
  /** Sets {@link #kmeansClusterNum()}. */
  public ProximaKnn setKmeansClusterNum(int v) { set(kmeansClusterNum, v); return this; }
  /** Sets {@link #kmeansSeekRatio()}. */
  public ProximaKnn setKmeansSeekRatio(double v) { set(kmeansSeekRatio, v); return this; }

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
    String algo = $(algoModel);
    String distance = $(distanceMethod);
    String build = $(builderParams);
    KnnSettings.spec(algo, distance, build); // refuses bad names and params before any work
    KnnSettings.search(algo, $(searcherParams));
    // the runner's checks and messages for -column_num, -sharding_mode, -kmeans_cluster_num and -kmeans_seek_ratio
    // (the default columnNum of 1 does not count against a kmeansClusterNum, as the runner's unset -column_num does not)
    boolean byCluster = Sharding.parseByCluster($(shardingMode));
    Sharding sharding = new Sharding(ExecutionMode.AUTO, byCluster && !isSet(columnNum) ? 0 : (Integer) $(columnNum), 0,
        byCluster, (Integer) $(kmeansClusterNum), (Double) $(kmeansSeekRatio), 0);
    int shards = Math.max(1, sharding.shardsAskedFor());
    Dataset<Row> docs = dataset.select(functions.col($(idCol)).cast("long"), functions.col($(featuresCol)));
    FloatVectors centroids = null;
    if (sharding.byCluster()) {
      if (!distance.equalsIgnoreCase("squared_euclidean")) {
        throw new IllegalArgumentException("shardingMode cluster needs distanceMethod squared_euclidean (as Proxima CE's "
            + "cluster sharding), not " + distance);
      }
      centroids = centroids(docs, shards);
      docs = assign(docs, centroids).repartition(shards, functions.col("shard")).sortWithinPartitions("shard", "id");
    } else {
      // sorted by id in each shard: a graph depends on insertion order, and rows leave a shuffle in no fixed order
      Column id = docs.col(docs.columns()[0]);
      docs = docs.repartition(shards, id).sortWithinPartitions(id);
    }
    SerializableConfiguration conf = new SerializableConfiguration(dataset.sparkSession().sparkContext().hadoopConfiguration());
    // each fit builds into a folder of its own: an earlier fit's model keeps working, and a failed fit harms nothing
    String fit = java.util.UUID.randomUUID().toString();
    String folder = path.replaceFirst("/+$", "") + "/" + fit;
    String idName = $(idCol);
    String vectorCol = $(featuresCol);
    List<Integer> built = docs.mapPartitions((MapPartitionsFunction<Row, Integer>) rows -> byCluster
        ? buildShards(rows, KnnSettings.spec(algo, distance, build), vectorCol, folder, conf)
        : build(rows, KnnSettings.spec(algo, distance, build), idName, vectorCol, folder, conf), Encoders.INT()).collectAsList();
    ProximaKnnModel model = new ProximaKnnModel(uid);
    copyValues(model, extractParamMap());
    model.built(built.stream().mapToInt(Integer::intValue).sorted().toArray(), fit, folder);
    if (byCluster) {
      model.setCentroids(centroids);
    }
    return model.setParent(this);
  }

  /**
   * The runner's shard centroids: k-means on at most {@value #TRAIN_SAMPLE} docs, those first by a hash of their id
   * (then by id), so the sample and its order do not depend on the docs' Spark partitioning.
   */
  static FloatVectors centroids(Dataset<Row> docs, int shards) {
    String vectorCol = docs.columns()[1];
    List<Row> sample = docs.orderBy(functions.xxhash64(docs.col(docs.columns()[0])), docs.col(docs.columns()[0]))
        .limit(TRAIN_SAMPLE).collectAsList();
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("no docs: nothing to train the shard centroids on");
    }
    List<float[]> vectors = new ArrayList<>();
    List<Object> ids = new ArrayList<>();
    for (Row r : sample) {
      vectors.add(KnnSettings.floats(r, 1, vectorCol, r.get(0)));
      ids.add(r.get(0));
    }
    FloatVectors s = block(vectors, ids, vectors.get(0).length);
    return KMeans.train(s, Math.min(shards, s.size()), ITERATIONS, SEED, Runtime.getRuntime().availableProcessors());
  }

  /** The docs as (shard, id, vector), each in the shard of its nearest centroid. */
  private static Dataset<Row> assign(Dataset<Row> docs, FloatVectors trained) {
    float[] centroidData = trained.data(); // FloatVectors is not serializable
    int dim = trained.dim();
    StructType schema = new StructType().add("shard", DataTypes.IntegerType, false).add("id", DataTypes.LongType, false)
        .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    String idCol = docs.columns()[0];
    String vectorCol = docs.columns()[1];
    return docs.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      List<Row> out = new ArrayList<>();
      List<float[]> batch = new ArrayList<>();
      List<Long> ids = new ArrayList<>();
      while (rows.hasNext() || !batch.isEmpty()) {
        if (rows.hasNext() && batch.size() < 4096) {
          Row r = rows.next();
          ids.add(id(r, idCol));
          batch.add(KnnSettings.floats(r, 1, vectorCol, r.getLong(0)));
          continue;
        }
        int[] nearest = new int[batch.size()];
        KMeans.nearest(FloatVectors.wrap(centroidData, dim), block(batch, ids, dim), 1, nearest);
        for (int i = 0; i < batch.size(); i++) {
          out.add(RowFactory.create(nearest[i], ids.get(i), batch.get(i)));
        }
        batch.clear();
        ids.clear();
      }
      return out.iterator();
    }, Encoders.row(schema));
  }

  /** Docs {@code vectors} (with ids {@code ids}) as one row-major block; a doc of another dimension is refused, named. */
  private static FloatVectors block(List<float[]> vectors, List<?> ids, int dim) {
    float[] data = new float[vectors.size() * dim];
    for (int i = 0; i < vectors.size(); i++) {
      if (vectors.get(i).length != dim) {
        throw new IllegalArgumentException("a doc of dimension " + vectors.get(i).length + ", not " + dim + ": " + ids.get(i));
      }
      System.arraycopy(vectors.get(i), 0, data, i * dim, dim);
    }
    return FloatVectors.wrap(data, dim);
  }

  /** Builds and saves the index of each shard in a partition of (shard, id, vector) rows sorted by shard; yields the shards. */
  private static Iterator<Integer> buildShards(Iterator<Row> rows, IndexSpec spec, String vectorCol, String path,
      SerializableConfiguration conf)
      throws IOException {
    List<Integer> built = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    int shard = -1;
    while (rows.hasNext() || !ids.isEmpty()) {
      Row r = rows.hasNext() ? rows.next() : null;
      if (r != null && (ids.isEmpty() || r.getInt(0) == shard)) {
        shard = r.getInt(0);
        ids.add(r.getLong(1));
        vectors.add(KnnSettings.floats(r, 2, vectorCol, r.getLong(1)));
        continue;
      }
      try (Index index = Index.build(spec, vectors.toArray(new float[0][]), ids.stream().mapToLong(Long::longValue).toArray(), 1)) {
        index.save(new Path(shardDir(path, shard)), conf.value());
      }
      built.add(shard);
      vectors.clear();
      ids.clear();
      if (r != null) {
        shard = r.getInt(0);
        ids.add(r.getLong(1));
        vectors.add(KnnSettings.floats(r, 2, vectorCol, r.getLong(1)));
      }
    }
    return built.iterator();
  }

  /** Builds and saves the index of one partition; yields its shard number, or nothing for an empty partition. */
  private static Iterator<Integer> build(Iterator<Row> rows, IndexSpec spec, String idCol, String vectorCol, String path,
      SerializableConfiguration conf)
      throws IOException {
    List<float[]> vectors = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      ids.add(id(r, idCol));
      vectors.add(KnnSettings.floats(r, 1, vectorCol, r.getLong(0)));
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

  /** A doc's id (column 0), refused if null. */
  private static long id(Row r, String column) {
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException("a doc with a null id (column " + column + ")");
    }
    return r.getLong(0);
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

  /** Reads an estimator saved with {@code write().save(path)}. */
  public static ProximaKnn load(String path) {
    return read().load(path);
  }
}
