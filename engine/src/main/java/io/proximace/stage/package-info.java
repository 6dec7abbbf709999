/**
 * The stages of a run, each a function of the plan and the results before it: train returns a
 * {@link io.proximace.model.Model}, build a {@link io.proximace.stage.Built} index, tune the
 * {@link io.proximace.stage.Tuned} effort, seek the {@link io.proximace.stage.Sought} output partition, recall the
 * figures. They read and write through a {@link io.proximace.stage.Workspace} (the home's tables, the volume, the
 * index lock), which holds resources, not results. Build and seek run in this JVM or as MapReduce jobs behind
 * {@link io.proximace.stage.Executor}; the mapreduce module uses {@link io.proximace.stage.Searcher},
 * {@link io.proximace.stage.BuildStage#index} and {@link io.proximace.stage.TrainStage#ensure} to do the same work in
 * tasks.
 */
package io.proximace.stage;
