package io.proximace.spark;

import io.proximace.api.Hits;
import io.proximace.api.Index;
import io.proximace.api.IndexSpec;
import io.proximace.vector.FloatVectors;
import io.proximace.api.SearchParams;
import io.proximace.kernel.Distance;
import io.proximace.topk.RankedList;
import io.proximace.vector.LongPks;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
 * {@code path}, on any Hadoop file system; {@link #load} reads them back. Executors keep the last
 * {@value #DEFAULT_CACHED_INDEXES} shards they loaded ({@link #CACHED_INDEXES}), closing the least recently used
 * beyond that, and check the shard's folder is still readable by the acting user before each use of one.
 * With cluster sharding ({@code centroids} set) a query searches only the shards of its nearest
 * {@code ceil(kmeansSeekRatio x centroids)} centroids, as the runner's seek does (equal distances: the lower shard).
 */
public final class ProximaKnnModel extends Model<ProximaKnnModel> implements MLWritable {
  /** The element type of the output column. */
  public static final StructType NEIGHBOR = new StructType(new StructField[] {
      DataTypes.createStructField("neighbor", DataTypes.LongType, false),
      DataTypes.createStructField("score", DataTypes.FloatType, false)});
  /** How many loaded indexes an executor keeps (Hadoop setting; {@code spark.hadoop.} prefixed in Spark's conf). */
  public static final String CACHED_INDEXES = "proxima.knn.cachedIndexes";
  /** {@link #CACHED_INDEXES}' default. */
  public static final int DEFAULT_CACHED_INDEXES = 16;
  private static final IndexCache<Index> LOADED = new IndexCache<>(DEFAULT_CACHED_INDEXES);
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

  /** A model with default parameters and no indexes: {@link ProximaKnn#fit} and {@link #load} give usable ones. */
  public ProximaKnnModel(String uid) {
    this.uid = uid;
    idCol = new Param<>(this, "idCol", "the queries' id column, named in errors about a query");
    featuresCol = new Param<>(this, "featuresCol", "the query vector column");
    outputCol = new Param<>(this, "outputCol", "the neighbours column transform adds");
    algoModel = new Param<>(this, "algoModel", "the indexes' algorithm (-algo_model)");
    distanceMethod = new Param<>(this, "distanceMethod", "the indexes' distance (-distance_method)");
    topk = new IntParam(this, "topk", "neighbours per query (-topk)");
    searcherParams = new Param<>(this, "searcherParams", "search effort, JSON with the engine's keys (-searcher_params)");
    indexPath = new Param<>(this, "indexPath", "the folder holding the shards' indexes: the fit's own folder under ProximaKnn's indexPath");
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

  /** Records what a fit built: the shards holding docs, the fit's id and its folder. */
  void built(int[] built, String fit, String folder) {
    set(shards, built);
    set(fitId, fit);
    set(indexPath, folder);
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
  /** The {@code searcherParams} parameter. */
  public Param<String> searcherParams() { return searcherParams; }
  /** The {@code indexPath} parameter. */
  public Param<String> indexPath() { return indexPath; }
  /** The {@code shards} parameter. */
  public IntArrayParam shards() { return shards; }
  /** The {@code fitId} parameter. */
  public Param<String> fitId() { return fitId; }
  /** The {@code centroids} parameter. */
  public DoubleArrayArrayParam centroids() { return centroids; }
  /** The {@code kmeansSeekRatio} parameter. */
  public DoubleParam kmeansSeekRatio() { return kmeansSeekRatio; }

  /** Sets {@link #idCol()}. */
  public ProximaKnnModel setIdCol(String v) { set(idCol, v); return this; }
  /** Sets {@link #featuresCol()}. */
  public ProximaKnnModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
  /** Sets {@link #outputCol()}. */
  public ProximaKnnModel setOutputCol(String v) { set(outputCol, v); return this; }
  /** Sets {@link #topk()}. */
  public ProximaKnnModel setTopk(int v) { set(topk, v); return this; }
  /** Sets {@link #searcherParams()}. */
  public ProximaKnnModel setSearcherParams(String v) { set(searcherParams, v); return this; }
  /** Sets {@link #kmeansSeekRatio()}. */
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
    String vectorCol = $(featuresCol);
    int vectorAt = in.schema().fieldIndex(vectorCol);
    int idAt = Arrays.asList(in.schema().fieldNames()).indexOf($(idCol)); // -1: errors name the row's position
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
    JavaRDD<Row> rows = in.javaRDD().mapPartitions(part -> new Batches(part, vectorAt, vectorCol, idAt, fit, dirs, shardIds, router(routing),
        visits, conf.value(), distance, k, KnnSettings.search(algo, searcher)));
    return in.sparkSession().createDataFrame(rows, out);
  }

  /** A partition's rows, each with its neighbours appended, searched {@value #BATCH} queries at a time. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> in;
    private final int vectorAt;
    private final String vectorCol;
    private final int idAt;
    private long seen;
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

    Batches(Iterator<Row> in, int vectorAt, String vectorCol, int idAt, String fit, String[] dirs, int[] shardIds, Index router, int visits,
        Configuration conf, Distance distance, int k, SearchParams params) {
      this.in = in;
      this.vectorAt = vectorAt;
      this.vectorCol = vectorCol;
      this.idAt = idAt;
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
        seen++;
        queries.add(KnnSettings.floats(r, vectorAt, vectorCol, idAt >= 0 ? r.get(idAt) : "? (row " + seen + " of its partition)"));
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
        List<Hits> found = search(fit, dirs[s], dirs.length, conf, index -> index.search(sub, k, params));
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
        values[r.size()] = merge(perQuery.get(i), distance, k);
        out.add(RowFactory.create(values));
      }
      return out;
    }

    /** The queries (by position in the batch) whose nearest centroids include {@code shard}. */
    private static int[] visitors(List<Hits> nearest, int shard) {
      return java.util.stream.IntStream.range(0, nearest.size())
          .filter(i -> Arrays.stream(nearest.get(i).ids()).anyMatch(id -> id == shard)).toArray();
    }

  }

  /**
   * The best {@code k} of a query over the shards it searched (each best first), merged as the runner merges shards
   * ({@link RankedList#merge}, in {@link io.proximace.topk.Ranking}'s order): by rank, then by id.
   */
  static Row[] merge(List<Hits> hits, Distance distance, int k) {
    List<RankedList> lists = new ArrayList<>(hits.size());
    for (Hits h : hits) {
      LongPks ids = new LongPks();
      RankedList l = new RankedList(PkType.INT64);
      for (int j = 0; j < h.size(); j++) {
        ids.add(h.ids()[j]);
        l.add(distance.rank(h.scores()[j]), h.scores()[j], ids, j);
      }
      lists.add(l);
    }
    RankedList best = new RankedList(PkType.INT64);
    best.merge(lists, k);
    LongPks ids = (LongPks) best.keys();
    Row[] out = new Row[best.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = RowFactory.create(ids.get(i), best.score(i));
    }
    return out;
  }

  /**
   * Runs {@code work} on the index in {@code dir}, which executors keep ({@link IndexCache}) by the fit that built it
   * and its folder. The folder's status is read first through the job's file system, so a user who lost Read on
   * it (the {@code odps://} file system checks) or a deleted index is refused, not served from the cache. The cache
   * holds at least the model's {@code shards}: a batch visits them in turn, which would defeat a smaller LRU.
   */
  private static <R> R search(String fit, String dir, int shards, Configuration conf, IndexCache.Work<Index, R> work) {
    Path path = new Path(dir);
    try {
      try (FileSystem fs = FileSystem.newInstance(path.toUri(), conf)) { // closed: not Hadoop's cached instance
        fs.getFileStatus(path);
      }
      LOADED.capacity(Math.max(shards, conf.getInt(CACHED_INDEXES, DEFAULT_CACHED_INDEXES)));
      return LOADED.use(fit + " " + dir, () -> Index.load(path, conf).withThreads(1), work);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the index at " + dir + ": " + e.getMessage(), e);
    }
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

  /** Reads a model saved with {@code write().save(path)}. */
  public static ProximaKnnModel load(String path) {
    return read().load(path);
  }
}
