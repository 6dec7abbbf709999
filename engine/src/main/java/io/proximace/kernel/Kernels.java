package io.proximace.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the float kernel once per JVM: the Vector API one when the {@code jdk.incubator.vector}
 * module is present and the machine has wide vectors, else the scalar one. The system property
 * {@code proxima.kernel=scalar|panama} overrides the choice.
 */
public final class Kernels {
  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
  private static final FloatKernel PREFERRED = choose();

  private Kernels() {}

  /** The kernel this JVM uses. */
  public static FloatKernel preferred() {
    return PREFERRED;
  }

  private static FloatKernel choose() {
    String forced = System.getProperty("proxima.kernel", "");
    if (forced.equals("scalar")) {
      LOG.debug("float kernel: scalar (forced by proxima.kernel)");
      return new ScalarFloatKernel();
    }
    try {
      if (PanamaFloatKernel.usable()) {
        FloatKernel k = new PanamaFloatKernel();
        LOG.debug("float kernel: {}", k.name());
        return k;
      }
      LOG.warn("float kernel: scalar (the Vector API reports narrow vectors on this machine)");
    } catch (LinkageError e) {
      LOG.warn("float kernel: scalar, about 5x slower: start the JVM with --add-modules jdk.incubator.vector");
    }
    return new ScalarFloatKernel();
  }
}
