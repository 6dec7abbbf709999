package io.proximace.stage;

import io.proximace.model.Model;
import io.proximace.plan.RunPlan;
import java.io.IOException;

/**
 * Runs the build and seek stages of a planned run: in this JVM ({@link LocalExecutor}) or as Hadoop
 * MapReduce jobs (the mapreduce module). Train, tune and recall run in the driver either way: they read a
 * sample, or stream.
 */
public interface Executor {
  /**
   * Builds the index of the doc partition and writes it to {@link Workspace#indexDir()}; {@code model} is what train
   * learned, or null when the run has no train stage (the build then uses a kept model or learns one).
   */
  Built build(Workspace ws, RunPlan plan, Model model) throws IOException;

  /** Searches every query with {@code plan}'s searcher parameters and replaces the output partition. */
  Sought seek(Workspace ws, RunPlan plan) throws IOException;
}
