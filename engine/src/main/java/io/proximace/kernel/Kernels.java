package io.proximace.kernel;

import io.proximace.vector.BlockedVectors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the float kernel (and the int8 kernel beside it) once per JVM: the Vector API one when the {@code jdk.incubator.vector}
 * module is present and the machine has wide vectors, else the scalar one. The system property
 * {@code proxima.kernel=scalar|panama} overrides the choice.
 */
public final class Kernels {
  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
  private static final FloatKernel PREFERRED = choose();
  private static final Int8Kernel PREFERRED_INT8 = PREFERRED instanceof PanamaFloatKernel && PanamaInt8Kernel.usable()
      ? new PanamaInt8Kernel() : new ScalarInt8Kernel();
  private static final AtomicBoolean WARMING = new AtomicBoolean();

  private Kernels() {}

  /** The kernel this JVM uses. */
  public static FloatKernel preferred() {
    return PREFERRED;
  }

  /** The int8 kernel this JVM uses: the Vector API one exactly when {@link #preferred} is. */
  public static Int8Kernel int8() {
    return PREFERRED_INT8;
  }

  /**
   * Starts, once per JVM, a background thread that exercises the kernel on synthetic data, so the JIT
   * has compiled it by the time real work arrives: until then Vector API code runs interpreted, tens
   * of times slower. Call it before I/O that precedes a search (reading a partition, loading files).
   */
  public static void warmUp() {
    if (!(PREFERRED instanceof PanamaFloatKernel) || !WARMING.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(Kernels::exercise, "proxima-kernel-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void exercise() {
    long t0 = System.nanoTime();
    int dim = 24;
    int nq = 64;
    BlockedVectors docs = new BlockedVectors(dim);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 1000; i++) {
      int d = docs.appendRow();
      for (int j = 0; j < dim; j++) {
        docs.chunkOf(d)[docs.offsetOf(d) + j * BlockedVectors.BLOCK] = r.nextFloat();
      }
    }
    float[] q = new float[nq * dim];
    for (int i = 0; i < q.length; i++) {
      q[i] = r.nextFloat();
    }
    Terms dt = Terms.ofDocs(Distance.SQUARED_EUCLIDEAN, docs);
    QueryBatch batch = PREFERRED.batch(q, dim, 0, nq - 3, Terms.ofQueries(Distance.SQUARED_EUCLIDEAN,
        io.proximace.vector.FloatVectors.wrap(q, dim)));
    io.proximace.topk.TopK[] heaps = new io.proximace.topk.TopK[nq];
    for (int round = 0; round < 400; round++) {
      for (int i = 0; i < nq; i++) {
        heaps[i] = new io.proximace.topk.TopK(10, null);
      }
      PREFERRED.scan(batch, docs.chunk(0), (docs.size() + 15) / 16, 0, dt, heaps, 0);
    }
    LOG.debug("kernel warm-up done in {} ms", (System.nanoTime() - t0) / 1_000_000);
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
