package io.proximace.spark;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Recall@k of approximate neighbours against exact ones: over rows holding both (a {@link ProximaKnnModel}'s output
 * of an hnsw or qc model in {@code predictionCol}, a linear model's in {@code labelCol}, joined by query), the mean
 * share of each query's first {@code k} exact neighbours found among its first {@code k} approximate ones.
 * {@code k} 0: the label's length.
 */
public final class KnnRecallEvaluator extends Evaluator implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> predictionCol;
  private final Param<String> labelCol;
  private final IntParam k;

  /** An evaluator with a random uid. */
  public KnnRecallEvaluator() {
    this(Identifiable$.MODULE$.randomUID("knnRecall"));
  }

  /** An evaluator with the given uid. */
  public KnnRecallEvaluator(String uid) {
    this.uid = uid;
    predictionCol = new Param<>(this, "predictionCol", "the approximate neighbours: array<struct<neighbor, score>>");
    labelCol = new Param<>(this, "labelCol", "the exact neighbours (a linear model's output)");
    k = new IntParam(this, "k", "neighbours compared per query; 0: all of the label's");
    setDefault(predictionCol, "knn");
    setDefault(labelCol, "exact");
    setDefault(k, 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The {@code predictionCol} parameter. */
  public Param<String> predictionCol() { return predictionCol; }
  /** The {@code labelCol} parameter. */
  public Param<String> labelCol() { return labelCol; }
  /** The {@code k} parameter. */
  public IntParam k() { return k; }

  /** Sets {@link #predictionCol()}. */
  public KnnRecallEvaluator setPredictionCol(String v) { set(predictionCol, v); return this; }
  /** Sets {@link #labelCol()}. */
  public KnnRecallEvaluator setLabelCol(String v) { set(labelCol, v); return this; }
  /** Sets {@link #k()}. */
  public KnnRecallEvaluator setK(int v) { set(k, v); return this; }

  @Override
  public double evaluate(Dataset<?> dataset) {
    int n = (Integer) $(k);
    List<Row> rows = dataset.select(functions.col($(predictionCol)), functions.col($(labelCol))).collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no rows to evaluate recall on");
    }
    double sum = 0;
    for (Row r : rows) {
      sum += recall(r.getList(0), r.getList(1), n);
    }
    return sum / rows.size();
  }

  /** The share of the first {@code k} exact ids found among the first {@code k} approximate ones (1 when there are none). */
  static double recall(List<Row> approx, List<Row> exact, int k) {
    int want = k > 0 ? Math.min(k, exact.size()) : exact.size();
    if (want == 0) {
      return 1;
    }
    Set<Long> found = new HashSet<>();
    for (int i = 0; i < Math.min(want, approx.size()); i++) {
      found.add(approx.get(i).getLong(0));
    }
    int hit = 0;
    for (int i = 0; i < want; i++) {
      hit += found.contains(exact.get(i).getLong(0)) ? 1 : 0;
    }
    return (double) hit / want;
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  @Override
  public KnnRecallEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
