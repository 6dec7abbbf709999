// The K-means example of MaxCompute's Spark external-volume documentation, in Java: reads kmeans_data.txt from a
// volume, trains MLlib's KMeans, saves the model to the volume, loads it back and checks that both predict the same.
// Run: bin/proxima-spark examples/spark/KMeansExample.java odps://<project>/<volume>
// (the volume holding kmeans_data.txt: lines of space-separated numbers, as Spark's data/mllib/kmeans_data.txt).

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.SparkSession;

public class KMeansExample {
  public static void main(String[] args) throws Exception {
    String volume = args.length > 0 ? args[0].replaceFirst("/+$", "") : "odps://ms_proj1_dev/volume_yyy1";
    try (SparkSession spark = SparkSession.builder().appName("KMeansExample").getOrCreate()) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<String> data = sc.textFile(volume + "/kmeans_data.txt");
      JavaRDD<Vector> parsed = data.map(line -> {
        String[] parts = line.trim().split(" ");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          values[i] = Double.parseDouble(parts[i]);
        }
        return Vectors.dense(values);
      }).cache();

      int numClusters = 2;
      int numIterations = 20;
      KMeansModel clusters = KMeans.train(parsed.rdd(), numClusters, numIterations);
      System.out.println("Within Set Sum of Squared Errors = " + clusters.computeCost(parsed.rdd()));

      String modelPath = volume + "/KMeansModel";
      clusters.save(sc.sc(), modelPath);
      KMeansModel sameModel = KMeansModel.load(sc.sc(), modelPath);

      List<Integer> before = clusters.predict(parsed).collect();
      List<Integer> after = sameModel.predict(parsed).collect();
      System.out.println("predictions: " + before);
      System.out.println("predictions equal: " + before.equals(after));
      if (!before.equals(after)) {
        System.exit(1);
      }
    }
  }
}
