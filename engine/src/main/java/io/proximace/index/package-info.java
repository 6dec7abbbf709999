/**
 * Indexes: how docs are searched and how they are kept on a volume. {@link io.proximace.index.LinearIndex}
 * is exact search with the batch kernel (the oracle for every approximate index);
 * {@link io.proximace.index.HnswIndex} walks a graph (built and searched in {@code index.hnsw}), on the docs'
 * 8-bit codes ({@code io.proximace.quant}) by default; {@link io.proximace.index.ClusterIndex} scans the
 * k-means lists nearest a query, kept as floats or as codes ({@link io.proximace.index.ClusterLists}); every
 * one rescores its candidates exactly ({@link io.proximace.index.Rescorer});
 * {@link io.proximace.index.IndexStore} saves an index folder atomically with a manifest of sizes and
 * checksums, and refuses a damaged one on load.
 */
package io.proximace.index;
