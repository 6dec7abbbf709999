/**
 * proxima-ce in Spark. The {@code odps://} file system itself needs no Spark and lives in the engine, under the
 * documentation's class names ({@code org.apache.hadoop.fs.aliyun.volume}); here are the parts that need Spark.
 * {@link io.proximace.spark.StartupFilesPlugin} fetches {@code odps.cupid.volume.files/archives} into each JVM's
 * working folder when the driver and the executors start. {@link io.proximace.spark.ProximaKnn} is an Estimator:
 * {@code fit} partitions the docs by id hash or, with cluster sharding, by nearest k-means centroid (the
 * engine's {@link io.proximace.index.KMeans}, trained in the driver on a sample), each task builds one engine index ({@link io.proximace.api.Index}) and saves
 * it under the index path; the {@link io.proximace.spark.ProximaKnnModel} it returns searches every shard (with cluster sharding: each
 * query's nearest shards) for each partition of queries (indexes loaded once per executor JVM) and merges the hits in the runner's (score, pk) order.
 * {@link io.proximace.spark.KnnRecallEvaluator} compares an approximate model's output with a linear one's.
 */
package io.proximace.spark;
