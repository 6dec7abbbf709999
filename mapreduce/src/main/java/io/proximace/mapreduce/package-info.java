/**
 * The Hadoop MapReduce executor of the runner's build and seek stages, for partitions that outgrow one
 * JVM: a build job maps docs to {@code -column_num} shards and builds one index per shard in a reducer; a
 * seek job searches the grid of {@code -row_num} query shards x doc shards and merges each query's
 * partial top-k lists into the output partition. Each row is parsed once: a build task reads its own data
 * file, and the driver splits the queries into binary query shards ({@link io.proximace.mapreduce.QueryShards})
 * so that a grid cell reads only its own. Tasks call the engine for the real work.
 */
package io.proximace.mapreduce;
