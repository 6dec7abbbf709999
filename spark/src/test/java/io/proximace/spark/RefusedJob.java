package io.proximace.spark;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Run with HADOOP_USER_NAME set to a user without Read on {@code proj/vol}: lists a volume path in the driver,
 * then opens a file inside a task, printing each refusal as the driver sees it.
 */
public final class RefusedJob {
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path tmp = Path.of(args[1]);
    LocalHome h = new LocalHome(home, null, null, null);
    try (SparkSession spark = h.spark(tmp).getOrCreate()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      try {
        jsc.textFile("odps://proj/vol/private.txt").count();
        System.out.println("driver allowed");
      } catch (RuntimeException e) {
        System.out.println("driver refused: " + e.getMessage().replace('\n', ' '));
      }
      SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
      try {
        jsc.parallelize(List.of("odps://proj/vol/private.txt"), 1).map(p -> {
          org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(p);
          try (FileSystem fs = FileSystem.newInstance(path.toUri(), conf.value()); FSDataInputStream in = fs.open(path)) {
            return in.read();
          }
        }).collect();
        System.out.println("executor allowed");
      } catch (Exception e) { // a SparkException, thrown without being declared
        System.out.println("executor refused: " + e.getMessage().replace('\n', ' '));
      }
    }
  }
}
