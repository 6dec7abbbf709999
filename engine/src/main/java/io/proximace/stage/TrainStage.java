package io.proximace.stage;

import io.proximace.Progress;
import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.index.KMeans;
import io.proximace.input.VectorInput;
import io.proximace.model.Model;
import io.proximace.model.Transform;
import io.proximace.plan.Converter;
import io.proximace.plan.IndexPlan;
import io.proximace.plan.RunPlan;
import io.proximace.table.Partition;
import io.proximace.vector.FloatVectors;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns what the build needs from a sample of the docs: qc's k-means centroids, the int8 quantizer's
 * scale, the MIPS norm, and for MapReduce with {@code -sharding_mode cluster} the centroids that route
 * docs and queries to shards. Writes it beside the index, and returns it to the build stage. Linear and hnsw
 * without a converter have nothing to learn; the stage still runs and says so.
 */
public final class TrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
  private static final long SEED = 42;

  private TrainStage() {}

  /** Learns and keeps the model; {@link Model#NONE} when there is nothing to learn. */
  public static Model run(Workspace ws, RunPlan plan) throws IOException {
    if (!needed(plan)) {
      LOG.info("train: {} has nothing to learn (0.00 s)", plan.index().algorithm().optionName());
      return Model.NONE;
    }
    return learn(ws, plan);
  }

  /**
   * The model a build without a train stage uses: {@link Model#NONE} when nothing is needed, else the one kept beside
   * the index, else null.
   */
  public static Model kept(Workspace ws, RunPlan plan) throws IOException {
    if (!needed(plan)) {
      return Model.NONE;
    }
    Model m = Model.load(ws.fs(), ws.modelDir());
    return m != null && (!plan.execution().routes() || m.routing() != null) ? m : null;
  }

  /** The kept model, or one learned now from a sample and kept beside the index. */
  public static Model ensure(Workspace ws, RunPlan plan) throws IOException {
    Model m = kept(ws, plan);
    if (m != null) {
      return m;
    }
    LOG.info("train: no trained model at {}.train (the job mode has no train stage): training now", ws.indexUrl());
    return learn(ws, plan);
  }

  /** Whether the build needs something learned: the index's model, or the shard centroids of cluster sharding. */
  public static boolean needed(RunPlan plan) {
    return plan.index().learns() || plan.execution().routes();
  }

  private static Model learn(Workspace ws, RunPlan plan) throws IOException {
    IndexPlan index = plan.index();
    long t0 = System.nanoTime();
    Partition p = ws.partition(plan.inputs().docs());
    VectorInput.Sample sample;
    try (Progress progress = Progress.about("train", "docs", plan.inputs().docs().rows())) {
      sample = VectorInput.sample(p, plan.inputs().format(), "doc", sampleSize(index), SEED,
          index.converter() == Converter.NORMALIZE, progress);
    }
    if (sample.rows() == 0) {
      throw new ProximaException("doc table " + p.table().name() + ", partition " + plan.inputs().docs().column() + "="
          + p.value() + " has no rows: nothing to train on");
    }
    Model model = index.learns() ? Model.learn(index, plan.dimension(), plan.threads(), sample) : Model.NONE;
    if (plan.execution().routes()) {
      FloatVectors space = new Transform(plan.dimension(), false, model.offset(), model.scale(), model.mipsNorm(), false)
          .docs(sample.vectors());
      int k = Math.min(plan.execution().columns(), space.size());
      model = model.withRouting(KMeans.train(space, k, 10, SEED, plan.threads()));
    }
    model.save(ws.fs(), ws.modelDir());
    LOG.info("train: learned from {} of {} docs in {}: {}", sample.vectors().size(), sample.rows(), Units.seconds(t0),
        model.describe());
    return model;
  }

  /** Rows the train stage samples. */
  static int sampleSize(IndexPlan index) {
    return index.algorithm().trains() ? Math.max(index.builder().getInt("proxima.qc.builder.train_sample_count"), 1) : 100_000;
  }
}
