package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.Progress;
import io.proximace.index.KMeans;
import io.proximace.table.Partition;
import io.proximace.vector.FloatVectors;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns what the build needs from a sample of the docs: qc's k-means centroids, the int8 quantizer's
 * scale, the MIPS norm, and for MapReduce with {@code -sharding_mode cluster} the centroids that route
 * docs and queries to shards. Writes it beside the index for the build stage. Linear and hnsw without a
 * converter have nothing to learn; the stage still runs and says so.
 */
public final class TrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);
  private static final long SEED = 42;

  private TrainStage() {}

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    if (!needed(ctx)) {
      LOG.info("train: {} has nothing to learn (0.00 s)", spec.algorithm().optionName());
      return;
    }
    learn(ctx);
  }

  /**
   * The model the build needs: the one train wrote, or, for a run without a train stage, one learned now
   * from a sample and written beside the index. {@link Model#NONE} when nothing is needed.
   */
  public static Model ensure(RunContext ctx) throws IOException {
    if (!needed(ctx)) {
      return Model.NONE;
    }
    Model m = Model.load(ctx.indexFs, ctx.modelDir);
    boolean routed = !routes(ctx) || (m != null && m.routing() != null);
    if (m != null && routed) {
      return m;
    }
    LOG.info("train: no trained model at {}.train (the job mode has no train stage): training now", ctx.indexUrl);
    return learn(ctx);
  }

  private static boolean needed(RunContext ctx) {
    return Model.needed(ctx.spec) || routes(ctx);
  }

  /** Whether docs go to shards by nearest centroid. */
  static boolean routes(RunContext ctx) {
    return ctx.plan != null && ctx.plan.mapReduce() && ctx.spec.sharding().byCluster();
  }

  private static Model learn(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    long t0 = System.nanoTime();
    Partition p = ctx.docPartition();
    VectorInput.Sample sample;
    try (Progress progress = Progress.start("train", "docs", ctx.plan == null ? 0 : ctx.plan.docRows())) {
      sample = VectorInput.sample(p, spec, "doc", sampleSize(spec), SEED, spec.converter() == Converter.NORMALIZE, progress);
    }
    if (sample.rows() == 0) {
      throw new ProximaException("doc table " + p.table().name() + ", partition pt=" + p.value()
          + " has no rows: nothing to train on");
    }
    Model model = Model.needed(spec) ? Model.learn(spec, sample) : Model.NONE;
    if (routes(ctx)) {
      FloatVectors space = new Transform(spec.dimension(), false, model.offset(), model.scale(), model.mipsNorm(), false)
          .docs(sample.vectors());
      int k = Math.min(ctx.plan.columns(), space.size());
      model = model.withRouting(KMeans.train(space, k, 10, SEED, spec.threads()));
    }
    model.save(ctx.indexFs, ctx.modelDir);
    LOG.info("train: learned from {} of {} docs in {}: {}", sample.vectors().size(), sample.rows(), Runner.seconds(t0),
        describe(model));
    return model;
  }

  /** Rows the train stage samples. */
  static int sampleSize(JobSpec spec) {
    return spec.algorithm().trains() ? Math.max(spec.builderParams().getInt("proxima.qc.builder.train_sample_count"), 1) : 100_000;
  }

  static String describe(Model m) {
    StringBuilder s = new StringBuilder();
    if (m.centroids() != null) {
      s.append(m.centroids().size()).append(" k-means centroids");
    }
    if (m.scale() > 0) {
      s.append(s.length() > 0 ? ", " : "").append("int8 scale ").append(m.scale()).append(" around ").append(m.offset());
    }
    if (m.mipsNorm() > 0) {
      s.append(s.length() > 0 ? ", " : "").append("MIPS norm ").append((float) m.mipsNorm());
    }
    if (m.routing() != null) {
      s.append(s.length() > 0 ? ", " : "").append(m.routing().size()).append(" shard centroids (-sharding_mode cluster)");
    }
    return s.toString();
  }
}
