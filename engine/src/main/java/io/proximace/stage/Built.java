package io.proximace.stage;

/**
 * What the build stage made: the index at {@code url}, its docs, and its doc shards (1 for a local build).
 *
 * @param categories category indexes of a multi-category build, 0 otherwise
 */
public record Built(String url, long docs, int shards, int categories) {}
