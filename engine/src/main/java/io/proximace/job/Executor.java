package io.proximace.job;

import java.io.IOException;

/**
 * Runs the build and seek stages of a prepared run: in this JVM ({@link LocalExecutor}) or as Hadoop
 * MapReduce jobs (the mapreduce module). Train and recall run in the driver either way: they read a
 * sample, or stream.
 */
public interface Executor {
  /** Builds the index of the doc partition and writes it to {@link RunContext#indexDir()}. */
  void build(RunContext ctx) throws IOException;

  /** Searches every query and replaces the output partition. */
  void seek(RunContext ctx) throws IOException;
}
