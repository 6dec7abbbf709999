/**
 * proxima-ce's engine: everything one JVM needs to read a doc and a query table, build an index on a
 * volume, find every query's top-k and write the output table. The sub-packages follow the data:
 * {@code vector} parses and stores vectors, {@code kernel} scores them, {@code topk} keeps the best,
 * {@code index} searches and persists, {@code table} and {@code volume} are where data lives, and
 * {@code job} runs the stages.
 */
package io.proximace;
