package io.proximace.job;

import io.proximace.table.Partition;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns what the build needs from a sample of the docs: qc's k-means centroids, the int8 quantizer's
 * scale, the MIPS norm. Writes it beside the index for the build stage. Linear and hnsw without a
 * converter have nothing to learn; the stage still runs and says so.
 */
final class TrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);

  private TrainStage() {}

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    if (!Model.needed(spec)) {
      LOG.info("train: {} has nothing to learn (0.00 s)", spec.algorithm().optionName());
      return;
    }
    long t0 = System.nanoTime();
    Partition p = ctx.docPartition();
    int sampleSize = sampleSize(spec);
    VectorInput.Sample sample = VectorInput.sample(p, spec, "doc", sampleSize, 42, spec.converter() == Converter.NORMALIZE);
    if (sample.rows() == 0) {
      throw new io.proximace.ProximaException("doc table " + p.table().name() + ", partition pt=" + p.value()
          + " has no rows: nothing to train on");
    }
    Model model = Model.learn(spec, sample);
    model.save(ctx.indexFs, ctx.modelDir);
    LOG.info("train: learned from {} of {} docs in {}: {}", sample.vectors().size(), sample.rows(), Runner.seconds(t0),
        describe(model));
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
    return s.toString();
  }
}
