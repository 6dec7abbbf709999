package io.proximace.stage;

/**
 * What the build stage made: the index at {@code url}, its docs, and its doc shards (1 for a local build).
 *
 * @param categories category indexes of a multi-category build, 0 otherwise
 * @param job the MapReduce job that built it; null for a local build
 */
public record Built(String url, long docs, int shards, int categories, MapReduceJob job) {}
