/**
 * proxima-ce's engine: everything one JVM needs to read a doc and a query table, build an index on a
 * volume, find every query's top-k and write the output table. The sub-packages follow the data:
 * {@code vector} parses and stores vectors, {@code kernel} scores them, {@code topk} keeps the best,
 * {@code index} searches and persists, {@code table}, {@code volume} and {@code fs} are where data lives.
 * Above them a run flows one way: {@code plan} turns options into a checked plan, {@code input} reads its
 * rows, {@code model} is what training learns, {@code stage} holds the stages that return results, and
 * {@code run} passes those results from stage to stage, journals them, and reports. Beside the run, {@code api} is
 * the facade for Java programs: build, search, save and load one index, straight over {@code index}.
 */
package io.proximace;
