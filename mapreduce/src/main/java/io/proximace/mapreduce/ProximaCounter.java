package io.proximace.mapreduce;

/** What the jobs count; shown by Hadoop under "proxima-ce" (names in ProximaCounter.properties). */
public enum ProximaCounter {
  DOC_ROWS_PARSED,
  QUERY_ROWS_READ,
  QUERY_ROWS_SEARCHED,
  ROWS_REJECTED,
  SHARDS_BUILT,
  SHARD_SEARCHES,
  DISTANCE_COMPARISONS,
  ROWS_WRITTEN
}
