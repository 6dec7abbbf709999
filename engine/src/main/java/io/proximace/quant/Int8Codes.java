package io.proximace.quant;

import io.proximace.kernel.Distance;
import io.proximace.vector.FloatVectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every doc's 8-bit code ({@link ScalarQuantizer}), row-major ({@code n x dim} bytes), with the one per-doc term
 * the distance needs, and ranks of a float query against them. With {@code x = offset + step * c} the decoded doc
 * and {@code q' = q - offset}:
 * <ul>
 *   <li>squared euclidean: {@code ||q - x||^2 = ||q'||^2 + sum((-2 q'_j step_j) c_j) + ||step * c||^2}; the rank
 *       drops the query's own {@code ||q'||^2}, keeps {@code ||step * c||^2} per doc;
 *   <li>inner product: {@code -q.x = -q.offset + sum((-q_j step_j) c_j)}; the rank drops {@code -q.offset};
 *   <li>cosine: {@code -(q.x) / ||d||} with the doc's true norm {@code ||d||} per doc (the query's norm does not
 *       change the order).
 * </ul>
 * So a rank is one multiply-add per component of a per-query weight and a code. In {@code CodeKernelBenchmark}, docs
 * from memory, the direct {@code sum((q'_j - step_j c_j)^2)} (two per component and a third load) ran at 0.6x of this
 * at 784 dimensions and the same at 128; this form ran at 2.1x and 1.45x the float ranker.
 */
public final class Int8Codes {
  private static final Logger LOG = LoggerFactory.getLogger(Int8Codes.class);
  private static final CodeKernel PREFERRED = choose();

  private final Distance distance;
  private final ScalarQuantizer quantizer;
  private final CodeKernel kernel;
  private final int dim;
  private final int size;
  private final byte[] codes;
  private final float[] term; // squared euclidean: ||step * c||^2; cosine: 1 / ||d||; inner product: none

  private Int8Codes(Distance distance, ScalarQuantizer quantizer, CodeKernel kernel, int dim, int size, byte[] codes,
      float[] term) {
    this.distance = distance;
    this.size = size;
    this.quantizer = quantizer;
    this.kernel = kernel;
    this.dim = dim;
    this.codes = codes;
    this.term = term;
  }

  /** The codes of row-major {@code docs} for {@code distance}, ranked with the JVM's preferred kernel. */
  public static Int8Codes of(FloatVectors docs, Distance distance) {
    return of(docs, distance, PREFERRED);
  }

  /** As {@link #of(FloatVectors, Distance)} with a given kernel (tests compare kernels). */
  public static Int8Codes of(FloatVectors docs, Distance distance, CodeKernel kernel) {
    ScalarQuantizer qz = ScalarQuantizer.train(docs);
    int n = docs.size();
    int dim = docs.dim();
    float[] data = docs.data();
    byte[] codes = new byte[n * dim];
    float[] term = distance == Distance.INNER_PRODUCT ? null : new float[n];
    for (int i = 0; i < n; i++) {
      int o = i * dim;
      float sq = 0f;
      for (int j = 0; j < dim; j++) {
        byte c = qz.encode(j, data[o + j]);
        codes[o + j] = c;
        float v = qz.step()[j] * c;
        sq = Math.fma(v, v, sq);
      }
      if (distance == Distance.SQUARED_EUCLIDEAN) {
        term[i] = sq;
      } else if (distance == Distance.COSINE) {
        term[i] = distance.docScale(data, o, 1, dim);
      }
    }
    return new Int8Codes(distance, qz, kernel, dim, n, codes, term);
  }

  /** The JVM's preferred code kernel: the Vector API one unless {@code proxima.kernel=scalar} or it is unusable. */
  public static CodeKernel preferred() {
    return PREFERRED;
  }

  private static CodeKernel choose() {
    if (System.getProperty("proxima.kernel", "").equals("scalar")) {
      return new ScalarCodeKernel();
    }
    try {
      if (PanamaCodeKernel.usable()) {
        CodeKernel k = new PanamaCodeKernel();
        LOG.debug("code kernel: {}", k.name());
        return k;
      }
    } catch (LinkageError e) {
      LOG.debug("code kernel: scalar (no jdk.incubator.vector)");
    }
    return new ScalarCodeKernel();
  }

  public int size() {
    return size;
  }

  public int dim() {
    return dim;
  }

  public ScalarQuantizer quantizer() {
    return quantizer;
  }

  /** The codes, row-major: doc {@code i} at {@code [i * dim, (i + 1) * dim)}. */
  public byte[] codes() {
    return codes;
  }

  /** Bytes these codes hold in memory: the codes and the per-doc terms. */
  public long bytes() {
    return codes.length + (term == null ? 0L : 4L * term.length);
  }

  /** Scratch for one query at a time; one per searching thread. */
  public CodeQuery newQuery() {
    return new CodeQuery(dim);
  }

  /** Prepares {@code into} for the float query at {@code q[qOff, qOff + dim)} (the query is not quantized). */
  public void prepare(float[] q, int qOff, CodeQuery into) {
    float[] w = into.weights;
    float[] offset = quantizer.offset();
    float[] step = quantizer.step();
    double constant = 0;
    for (int j = 0; j < dim; j++) {
      float x = q[qOff + j];
      switch (distance) {
        case SQUARED_EUCLIDEAN -> w[j] = -2f * (x - offset[j]) * step[j];
        case INNER_PRODUCT -> w[j] = -x * step[j];
        case COSINE -> {
          w[j] = -x * step[j];
          constant -= (double) x * offset[j];
        }
      }
    }
    into.constant = (float) constant;
  }

  /** The rank (smaller is closer, for this query's order only) of doc {@code doc} against a prepared query. */
  public float rank(CodeQuery q, int doc) {
    return rank(q, codes, doc * dim, doc);
  }

  /**
   * The ranks of docs {@code docs[0, count)} into {@code out[0, count)}, each bit for bit {@link #rank(CodeQuery, int)}'s:
   * four docs at a time through {@link CodeKernel#dot4Rows}, so their code rows are loaded side by side.
   */
  public void rank(CodeQuery q, int[] docs, int count, float[] out) {
    int i = 0;
    for (; i + 4 <= count; i += 4) {
      int d0 = docs[i];
      int d1 = docs[i + 1];
      int d2 = docs[i + 2];
      int d3 = docs[i + 3];
      kernel.dot4Rows(q.weights, codes, d0 * dim, d1 * dim, d2 * dim, d3 * dim, dim, out, i);
      out[i] = finish(q.constant + out[i], d0);
      out[i + 1] = finish(q.constant + out[i + 1], d1);
      out[i + 2] = finish(q.constant + out[i + 2], d2);
      out[i + 3] = finish(q.constant + out[i + 3], d3);
    }
    for (; i < count; i++) {
      out[i] = rank(q, docs[i]);
    }
  }

  /**
   * The ranks of four prepared queries against doc {@code doc} into {@code out[0, 4)}, each bit for bit what
   * {@link #rank(CodeQuery, int)} gives it, the doc's codes read once ({@link CodeKernel#dot4Queries}).
   */
  public void rank4(CodeQuery q0, CodeQuery q1, CodeQuery q2, CodeQuery q3, int doc, float[] out) {
    kernel.dot4Queries(q0.weights, q1.weights, q2.weights, q3.weights, codes, doc * dim, dim, out);
    out[0] = finish(q0.constant + out[0], doc);
    out[1] = finish(q1.constant + out[1], doc);
    out[2] = finish(q2.constant + out[2], doc);
    out[3] = finish(q3.constant + out[3], doc);
  }

  private float rank(CodeQuery q, byte[] rows, int off, int doc) {
    return finish(q.constant + kernel.dot(q.weights, rows, off, dim), doc);
  }

  /** A doc's rank from its prepared dot: the per-doc term added or applied. */
  private float finish(float d, int doc) {
    return switch (distance) {
      case SQUARED_EUCLIDEAN -> d + term[doc];
      case INNER_PRODUCT -> d;
      case COSINE -> d * term[doc];
    };
  }

  /** Writes the quantizer, the codes and the per-doc terms, for {@link #read}. */
  public void write(java.io.DataOutputStream out) throws java.io.IOException {
    out.writeInt(dim);
    out.writeInt(size);
    for (int j = 0; j < dim; j++) {
      out.writeFloat(quantizer.offset()[j]);
      out.writeFloat(quantizer.step()[j]);
    }
    out.write(codes);
    out.writeBoolean(term != null);
    if (term != null) {
      for (float t : term) {
        out.writeFloat(t);
      }
    }
  }

  /** Reads what {@link #write} wrote, for ranking by {@code distance} (the distance it was written for). */
  public static Int8Codes read(java.io.DataInputStream in, Distance distance) throws java.io.IOException {
    int dim = in.readInt();
    int size = in.readInt();
    float[] offset = new float[dim];
    float[] step = new float[dim];
    for (int j = 0; j < dim; j++) {
      offset[j] = in.readFloat();
      step[j] = in.readFloat();
    }
    byte[] codes = new byte[Math.multiplyExact(dim, size)];
    in.readFully(codes);
    float[] term = null;
    if (in.readBoolean()) {
      term = new float[size];
      for (int i = 0; i < size; i++) {
        term[i] = in.readFloat();
      }
    }
    if ((term == null) != (distance == Distance.INNER_PRODUCT)) {
      throw new java.io.IOException("codes written for another distance than " + distance.optionName());
    }
    return new Int8Codes(distance, new ScalarQuantizer(offset, step), PREFERRED, dim, size, codes, term);
  }
}
