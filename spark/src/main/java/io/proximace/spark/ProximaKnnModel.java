package io.proximace.spark;

import io.proximace.api.Hits;
import io.proximace.api.Index;
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
    setDefault(idCol, "pk");
    setDefault(featuresCol, "vector");
    setDefault(outputCol, "knn");
    setDefault(algoModel, "linear");
    setDefault(distanceMethod, "squared_euclidean");
    setDefault(topk, 100);
    setDefault(searcherParams, "");
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

  public ProximaKnnModel setIdCol(String v) { set(idCol, v); return this; }
  public ProximaKnnModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
  public ProximaKnnModel setOutputCol(String v) { set(outputCol, v); return this; }
  public ProximaKnnModel setTopk(int v) { set(topk, v); return this; }
  public ProximaKnnModel setSearcherParams(String v) { set(searcherParams, v); return this; }

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
    JavaRDD<Row> rows = in.javaRDD().mapPartitions(part -> new Batches(part, vectorAt, fit, dirs, conf.value(), distance, k,
        KnnSettings.search(algo, searcher)));
    return in.sparkSession().createDataFrame(rows, out);
  }

  /** A partition's rows, each with its neighbours appended, searched {@value #BATCH} queries at a time. */
  private static final class Batches implements Iterator<Row> {
    private final Iterator<Row> in;
    private final int vectorAt;
    private final String fit;
    private final String[] dirs;
    private final Configuration conf;
    private final Distance distance;
    private final int k;
    private final SearchParams params;
    private Iterator<Row> batch = List.<Row>of().iterator();

    Batches(Iterator<Row> in, int vectorAt, String fit, String[] dirs, Configuration conf, Distance distance, int k,
        SearchParams params) {
      this.in = in;
      this.vectorAt = vectorAt;
      this.fit = fit;
      this.dirs = dirs;
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
      List<List<Hits>> perShard = new ArrayList<>();
      for (String dir : dirs) {
        perShard.add(index(fit, dir, conf).search(q, k, params));
      }
      List<Row> out = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        Object[] values = new Object[r.size() + 1];
        for (int c = 0; c < r.size(); c++) {
          values[c] = r.get(c);
        }
        values[r.size()] = merge(perShard, i);
        out.add(RowFactory.create(values));
      }
      return out;
    }

    /** The best {@code k} of query {@code i} over all shards, by score (closer first), then by id. */
    private Row[] merge(List<List<Hits>> perShard, int i) {
      List<Row> all = new ArrayList<>();
      for (List<Hits> shard : perShard) {
        Hits h = shard.get(i);
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
