package io.proximace.spark;

import io.proximace.home.Home;
import io.proximace.volume.Grants;
import io.proximace.volume.Privilege;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Run with HADOOP_USER_NAME set to a user holding Read on {@code proj/vol}: loads the model saved at {@code args[2]},
 * transforms (executors now hold its indexes), then the owner {@code args[3]} revokes the user's Read and it
 * transforms again, printing whether that second search was refused.
 */
public final class RevokedKnnJob {
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path tmp = Path.of(args[1]);
    LocalHome h = new LocalHome(home, null, null, null);
    try (SparkSession spark = h.spark(tmp).getOrCreate()) {
      ProximaKnnModel model = ProximaKnnModel.load(args[2]);
      StructType schema = new StructType().add("pk", DataTypes.LongType).add("vector", DataTypes.createArrayType(DataTypes.FloatType));
      List<Row> q = List.of(RowFactory.create(1L, new float[ProximaKnnTest.DIM]));
      var queries = spark.createDataFrame(q, schema);
      System.out.println("first: " + model.transform(queries).collectAsList().size() + " rows");
      new Home(new Configuration(), new org.apache.hadoop.fs.Path(home.toUri()), "proj", args[3]).grants("proj")
          .revoke(args[3], List.of(new Grants.Grant(System.getenv("HADOOP_USER_NAME"), Privilege.READ, "vol")));
      try {
        model.transform(queries).collectAsList();
        System.out.println("second allowed");
      } catch (Exception e) { // a SparkException, thrown without being declared
        System.out.println("second refused: " + e.getMessage().replace('\n', ' '));
      }
    }
  }
}
