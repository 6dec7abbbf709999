/**
 * The engine as a library for Java programs. An {@link io.proximace.api.IndexSpec} names the algorithm,
 * the distance and typed build parameters, which become the same checked {@code index.Params} the runner's
 * {@code -builder_params} do; {@link io.proximace.api.Index#build} turns vectors and {@code long} ids into one
 * of the engine's indexes ({@code index.LinearIndex}, {@code HnswIndex}, {@code ClusterIndex}), with ids
 * checked for duplicates and ranked for tie-breaking as the runner does. A search hands the queries to that
 * index and maps each neighbour's doc number back to its id: the order is the engine's (score, pk) order from
 * {@code topk}, never sorted again here. {@link io.proximace.api.Index#save} and
 * {@link io.proximace.api.Index#load} go through {@code index.IndexStore}, so the folder is the runner's
 * index format, on any Hadoop file system. Nothing here needs a warehouse, a volume or OSS.
 */
package io.proximace.api;
