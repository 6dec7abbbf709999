/**
 * Indexes: how docs are searched and how they are kept on a volume. {@link io.proximace.index.LinearIndex}
 * is exact search with the batch kernel (the oracle for every approximate index);
 * {@link io.proximace.index.IndexStore} saves an index folder atomically with a manifest of sizes and
 * checksums, and refuses a damaged one on load.
 */
package io.proximace.index;
