package io.proximace.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Learns what the build needs. A linear index needs nothing; the stage still runs and says so. */
final class TrainStage {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);

  private TrainStage() {}

  static void run(RunContext ctx) {
    LOG.info("train: {} has nothing to learn (0.00 s)", ctx.spec.algorithm().optionName());
  }
}
