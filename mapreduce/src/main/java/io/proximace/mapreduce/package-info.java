/**
 * The Hadoop MapReduce executor of the runner's stages, for doc partitions that outgrow one JVM. The
 * jobs are Hadoop {@code Tool}s that call the engine for the real work.
 */
package io.proximace.mapreduce;
