package io.proximace.spark;

import io.proximace.api.Hits;
import io.proximace.api.Index;
import io.proximace.api.IndexSpec;
import io.proximace.vector.FloatVectors;
import io.proximace.api.SearchParams;
import io.proximace.kernel.Distance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleArrayArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The indexes {@link ProximaKnn} built, one per shard: {@code transform} adds each query's {@code topk} nearest docs
 * over all shards as {@code array<struct<neighbor: bigint, score: float>>}, in the runner's order (by score, closer
 * first; equal scores by id). {@code write().save(path)} saves the parameters and a copy of the indexes under
 * {@code path}, on any Hadoop file system; {@link #load} reads them back. Executors load each shard once per JVM.
 * With cluster sharding ({@code centroids} set) a query searches only the shards of its nearest
 * {@code ceil(kmeansSeekRatio x centroids)} centroids, as the runner's seek does (equal distances: the lower shard).
 */
public final class ProximaKnnModel extends Model<ProximaKnnModel> implements MLWritable {
  /** The element type of the output column. */
  public static final StructType NEIGHBOR = new StructType(new StructField[] {
      DataTypes.createStructField("neighbor", DataTypes.LongType, false),
      DataTypes.createStructField("score", DataTypes.FloatType, false)});
  private static final Map<String, Index> LOADED = new ConcurrentHashMap<>();
  private static final int BATCH = 4096;

  private final String uid;
  private final Param<String> idCol;
  private final Param<String> featuresCol;
  private final Param<String> outputCol;
  private final Param<String> algoModel;
  private final Param<String> distanceMethod;
  private final IntParam topk;
  private final Param<String> searcherParams;
  private final Param<String> indexPath;
  private final IntArrayParam shards;
  private final Param<String> fitId;
  private final DoubleArrayArrayParam centroids;
  private final DoubleParam kmeansSeekRatio;

  public ProximaKnnModel(String uid) {
    this.uid = uid;
    idCol = new Param<>(this, "idCol", "the queries' id column (bigint)");
    featuresCol = new Param<>(this, "featuresCol", "the query vector column");
    outputCol = new Param<>(this, "outputCol", "the neighbours column transform adds");
    algoModel = new Param<>(this, "algoModel", "the indexes' algorithm (-algo_model)");
    distanceMethod = new Param<>(this, "distanceMethod", "the indexes' distance (-distance_method)");
    topk = new IntParam(this, "topk", "neighbours per query (-topk)");
    searcherParams = new Param<>(this, "searcherParams", "search effort, JSON with the engine's keys (-searcher_params)");
    indexPath = new Param<>(this, "indexPath", "the folder holding the shards' indexes");
    shards = new IntArrayParam(this, "shards", "the shards that hold docs (shard-<n> folders under indexPath)");
    fitId = new Param<>(this, "fitId", "which fit built the indexes: executors keep loaded indexes by it and their folder");
    centroids = new DoubleArrayArrayParam(this, "centroids", "cluster sharding: shard c's k-means centroid is row c; unset with hash sharding");
    kmeansSeekRatio = new DoubleParam(this, "kmeansSeekRatio", "cluster sharding: the fraction of nearest shards a query visits (-kmeans_seek_ratio)");
    setDefault(idCol, "pk");
    setDefault(featuresCol, "vector");
    setDefault(outputCol, "knn");
    setDefault(algoModel, "linear");
    setDefault(distanceMethod, "squared_euclidean");
    setDefault(topk, 100);
    setDefault(searcherParams, "");
    setDefault(kmeansSeekRatio, io.proximace.plan.Sharding.DEFAULT.kmeansSeekRatio());
  }

  ProximaKnnModel(String uid, int[] built, String fit) {
    this(uid);
    set(shards, built);
    set(fitId, fit);
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
  public Param<String> searcherParams() { return searcherParams; }
  public Param<String> indexPath() { return indexPath; }
  public IntArrayParam shards() { return shards; }
  public Param<String> fitId() { return fitId; }
  public DoubleArrayArrayParam centroids() { return centroids; }
  public DoubleParam kmeansSeekRatio() { return kmeansSeekRatio; }

  public ProximaKnnModel setIdCol(String v) { set(idCol, v); return this; }
  public ProximaKnnModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public ProximaKnnModel setOutputCol(String v) { set(outputCol, v); return this; }
  public ProximaKnnModel setTopk(int v) { set(topk, v); return this; }
  public ProximaKnnModel setSearcherParams(String v) { set(searcherParams, v); return this; }
  public ProximaKnnModel setKmeansSeekRatio(double v) { set(kmeansSeekRatio, v); return this; }

  void setCentroids(FloatVectors c) {
    double[][] rows = new double[c.size()][c.dim()];
    for (int i = 0; i < c.size(); i++) {
      for (int j = 0; j < c.dim(); j++) {
        rows[i][j] = c.data()[i * c.dim() + j]; // float to double and back is exact
      }
    }
    set(centroids, rows);
  }

  /** The shard centroids as the engine's linear index (ids = shard numbers), or null with hash sharding. */
  private static Index router(double[][] rows) {
    if (rows == null) {
      return null;
    }
    float[][] c = new float[rows.length][];
    long[] ids = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      c[i] = new float[rows[i].length];
      for (int j = 0; j < c[i].length; j++) {
        c[i][j] = (float) rows[i][j];
      }
      ids[i] = i;
    }
    return Index.build(IndexSpec.named("linear", "squared_euclidean"), c, ids, 1);
  }

  static StructType outputSchema(StructType schema, String column) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("the output column " + column + " exists already");
    }
    return schema.add(column, DataTypes.createArrayType(NEIGHBOR, false), false);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, $(outputCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Dataset<Row> in = dataset.toDF();
    StructType out = transformSchema(in.schema());
    int vectorAt = in.schema().fieldIndex($(featuresCol));
    String algo = $(algoModel);
    String searcher = $(searcherParams);
    KnnSettings.search(algo, searcher);
    Distance distance = Distance.parse($(distanceMethod));
    int k = (Integer) $(topk);
    String[] dirs = Arrays.stream($(shards)).mapToObj(s -> ProximaKnn.shardDir($(indexPath), s)).toArray(String[]::new);
    SerializableConfiguration conf = new SerializableConfiguration(in.sparkSession().sparkContext().hadoopConfiguration());
    String fit = $(fitId);
    int[] shardIds = $(shards);
    double[][] routing = isDefined(centroids) ? $(centroids) : null;
    int visits = routing == null ? 0 : (int) Math.max(1, Math.ceil((Double) $(kmeansSeekRatio) * routing.length));
    JavaRDD<Row> rows = in.javaRDD().mapPartitions(part -> new Batches(part, vectorAt, fit, dirs, shardIds, router(routing),
        visits, conf.value(), distance, k, KnnSettings.search(algo, searcher)));
    return in.sparkSession().createDataFrame(rows, out);
  }

  /** A partition's rows, each with its neighbours appended, searched {@value #BATCH} queries at a time. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> in;
    private final int vectorAt;
    private final String fit;
    private final String[] dirs;
    private final int[] shardIds;
    private final Index router;
    private final int visits;
    private final Configuration conf;
    private final Distance distance;
    private final int k;
    private final SearchParams params;
    private Iterator<Row> batch = List.<Row>of().iterator();

    Batches(Iterator<Row> in, int vectorAt, String fit, String[] dirs, int[] shardIds, Index router, int visits,
        Configuration conf, Distance distance, int k, SearchParams params) {
      this.in = in;
      this.vectorAt = vectorAt;
      this.fit = fit;
      this.dirs = dirs;
      this.shardIds = shardIds;
      this.router = router;
      this.visits = visits;
      this.conf = conf;
      this.distance = distance;
      this.k = k;
      this.params = params;
    }

    @Override
    public boolean hasNext() {
      if (!batch.hasNext() && in.hasNext()) {
        batch = next(BATCH).iterator();
      }
      return batch.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return batch.next();
    }

    private List<Row> next(int max) {
      List<Row> rows = new ArrayList<>();
      List<float[]> queries = new ArrayList<>();
      while (rows.size() < max && in.hasNext()) {
        Row r = in.next();
        rows.add(r);
        queries.add(KnnSettings.floats(r, vectorAt));
      }
      float[][] q = queries.toArray(new float[0][]);
      List<List<Hits>> perQuery = new ArrayList<>();
      for (int i = 0; i < q.length; i++) {
        perQuery.add(new ArrayList<>());
      }
      // with cluster sharding, the shards each query visits: its nearest centroids
      List<Hits> nearest = router == null ? null : router.search(q, Math.min(visits, router.size()));
      for (int s = 0; s < dirs.length; s++) {
        int[] picked = nearest == null ? null : visitors(nearest, shardIds[s]);
        if (picked != null && picked.length == 0) {
          continue;
        }
        float[][] sub = picked == null ? q : Arrays.stream(picked).mapToObj(i -> q[i]).toArray(float[][]::new);
        List<Hits> found = index(fit, dirs[s], conf).search(sub, k, params);
        for (int i = 0; i < found.size(); i++) {
          perQuery.get(picked == null ? i : picked[i]).add(found.get(i));
        }
      }
      List<Row> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        Object[] values = new Object[r.size() + 1];
        for (int c = 0; c < r.size(); c++) {
          values[c] = r.get(c);
        }
        values[r.size()] = merge(perQuery.get(i));
        out.add(RowFactory.create(values));
      }
      return out;
    }

    /** The queries (by position in the batch) whose nearest centroids include {@code shard}. */
    private static int[] visitors(List<Hits> nearest, int shard) {
      return java.util.stream.IntStream.range(0, nearest.size())
          .filter(i -> Arrays.stream(nearest.get(i).ids()).anyMatch(id -> id == shard)).toArray();
    }

    /** The best {@code k} of a query over the shards it searched, by score (closer first), then by id. */
    private Row[] merge(List<Hits> hits) {
      List<Row> all = new ArrayList<>();
      for (Hits h : hits) {
        for (int j = 0; j < h.size(); j++) {
          all.add(RowFactory.create(h.ids()[j], h.scores()[j]));
        }
      }
      all.sort(Comparator.<Row>comparingDouble(r -> distance.rank(r.getFloat(1))).thenComparingLong(r -> r.getLong(0)));
      return all.subList(0, Math.min(k, all.size())).toArray(new Row[0]);
    }
  }

  /**
   * The index in {@code dir}, loaded once per JVM (executors keep it for later batches and jobs), known by the fit
   * that built it too: a later fit into the same folder is loaded afresh. Kept until the JVM ends.
   */
  private static Index index(String fit, String dir, Configuration conf) {
    return LOADED.computeIfAbsent(fit + " " + dir, key -> {
      try {
        return Index.load(new Path(dir), conf).withThreads(1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the index at " + dir + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public ProximaKnnModel copy(ParamMap extra) {
    return copyValues(new ProximaKnnModel(uid), extra).setParent(parent());
  }

  /** Saves the parameters (as Spark's default writer does) and copies the shards' indexes into {@code path}/indexes. */
  @Override
  public MLWriter write() {
    ProximaKnnModel model = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        new DefaultParamsWriter(model).saveImpl(path);
        Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
        try {
          for (int s : model.$(model.shards)) {
            Path from = new Path(ProximaKnn.shardDir(model.$(model.indexPath), s));
            Path to = new Path(ProximaKnn.shardDir(path + "/indexes", s));
            FileSystem src = from.getFileSystem(conf);
            FileUtil.copy(src, from, to.getFileSystem(conf), to, false, conf);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot copy the indexes to " + path + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** Reads a model saved with {@code write().save(path)}: its indexes are those under {@code path}. */
  public static MLReader<ProximaKnnModel> read() {
    return new MLReader<>() {
      @Override
      public ProximaKnnModel load(String path) {
        ProximaKnnModel m = new DefaultParamsReader<ProximaKnnModel>().load(path);
        m.set(m.indexPath, path.replaceFirst("/+$", "") + "/indexes");
        return m;
      }
    };
  }

  public static ProximaKnnModel load(String path) {
    return read().load(path);
  }
}
