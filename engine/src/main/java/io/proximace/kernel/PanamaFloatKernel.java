package io.proximace.kernel;

import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel. With 16-float vectors (AVX-512) it computes a register tile of 8 queries x
 * 32 docs: per component, two doc loads and eight query broadcasts feed sixteen FMAs, the shape of a
 * BLAS micro-kernel. Other vector widths take a simpler loop with the same arithmetic.
 */
final class PanamaFloatKernel implements FloatKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int W = BlockedVectors.BLOCK;
  static final int QT = 8;

  /** Per thread: the dot products of one tile, then the ranks of one vector's lanes. */
  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[QT * 2 * W + S.length()]);

  /** Whether this machine's preferred vectors are wide enough to be worth it. */
  static boolean usable() {
    return S.length() >= 8 && W % S.length() == 0;
  }

  @Override
  public String name() {
    return "panama-" + S.vectorBitSize();
  }

  @Override
  public QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms) {
    return new QueryBatch(queries, dim, from, to, terms, S.length() == W ? pack(queries, dim, from, from + (to - from) / QT * QT) : null);
  }

  @Override
  public void scan(QueryBatch batch, float[] chunk, int blocks, int firstDoc, Terms docTerms, TopK[] heaps, int heapBase) {
    float[] tmp = scratch.get();
    float[] queries = batch.queries();
    int dim = batch.dim();
    int q0 = batch.from();
    int q1 = batch.to();
    Terms queryTerms = batch.terms();
    int q8 = q0;
    if (batch.packed() != null) {
      q8 = q0 + (q1 - q0) / QT * QT;
      float[] packed = batch.packed();
      int b = 0;
      // Doc tiles outside, query tiles inside: the 32 docs of a tile (16 KB at d=128) stay in L1
      // while the batch's queries stream past them from L2, a quarter of the traffic of the other order.
      for (; b + 2 <= blocks; b += 2) {
        for (int q = q0; q < q8; q += QT) {
          tile8x32(packed, (q - q0) * dim, dim, q, queryTerms, chunk, b, firstDoc, docTerms, heaps, heapBase, tmp);
        }
      }
      for (; b < blocks; b++) {
        for (int q = q0; q < q8; q++) {
          oneByBlock(queries, dim, q, queryTerms, chunk, b, firstDoc, docTerms, heaps, heapBase, tmp);
        }
      }
    }
    for (int q = q8; q < q1; q++) {
      for (int b = 0; b < blocks; b++) {
        oneByBlock(queries, dim, q, queryTerms, chunk, b, firstDoc, docTerms, heaps, heapBase, tmp);
      }
    }
  }

  /**
   * Queries {@code [q0, q1)} packed tile by tile: within a tile of 8, component j of query k sits at
   * {@code j * 8 + k}, so the inner loop reads the tile through one index, as BLAS packs its panels.
   */
  static float[] pack(float[] queries, int dim, int q0, int q1) {
    float[] packed = new float[(q1 - q0) * dim];
    for (int t = q0; t < q1; t += QT) {
      int base = (t - q0) * dim;
      for (int k = 0; k < QT; k++) {
        int row = (t + k) * dim;
        for (int j = 0; j < dim; j++) {
          packed[base + j * QT + k] = queries[row + j];
        }
      }
    }
    return packed;
  }

  /** 8 queries x 2 blocks of 16 docs; 16 accumulators stay in registers for the whole dot product. */
  static void tile8x32(float[] packed, int tile, int dim, int q, Terms queryTerms, float[] chunk, int b,
      int firstDoc, Terms docTerms, TopK[] heaps, int heapBase, float[] tmp) {
    int d0 = b * dim * W;
    int d1 = d0 + dim * W;
    FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
    FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S);
    FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S);
    FloatVector a40 = FloatVector.zero(S), a41 = FloatVector.zero(S);
    FloatVector a50 = FloatVector.zero(S), a51 = FloatVector.zero(S);
    FloatVector a60 = FloatVector.zero(S), a61 = FloatVector.zero(S);
    FloatVector a70 = FloatVector.zero(S), a71 = FloatVector.zero(S);
    for (int j = 0, t = tile; j < dim; j++, t += QT) {
      FloatVector x0 = FloatVector.fromArray(S, chunk, d0 + j * W);
      FloatVector x1 = FloatVector.fromArray(S, chunk, d1 + j * W);
      FloatVector y;
      y = FloatVector.broadcast(S, packed[t]);
      a00 = y.fma(x0, a00);
      a01 = y.fma(x1, a01);
      y = FloatVector.broadcast(S, packed[t + 1]);
      a10 = y.fma(x0, a10);
      a11 = y.fma(x1, a11);
      y = FloatVector.broadcast(S, packed[t + 2]);
      a20 = y.fma(x0, a20);
      a21 = y.fma(x1, a21);
      y = FloatVector.broadcast(S, packed[t + 3]);
      a30 = y.fma(x0, a30);
      a31 = y.fma(x1, a31);
      y = FloatVector.broadcast(S, packed[t + 4]);
      a40 = y.fma(x0, a40);
      a41 = y.fma(x1, a41);
      y = FloatVector.broadcast(S, packed[t + 5]);
      a50 = y.fma(x0, a50);
      a51 = y.fma(x1, a51);
      y = FloatVector.broadcast(S, packed[t + 6]);
      a60 = y.fma(x0, a60);
      a61 = y.fma(x1, a61);
      y = FloatVector.broadcast(S, packed[t + 7]);
      a70 = y.fma(x0, a70);
      a71 = y.fma(x1, a71);
    }
    // Dot products leave the registers here, and ranks are computed by a separate loop: passing
    // vectors to a call the JIT does not inline would allocate them.
    a00.intoArray(tmp, 0);
    a01.intoArray(tmp, W);
    a10.intoArray(tmp, 2 * W);
    a11.intoArray(tmp, 3 * W);
    a20.intoArray(tmp, 4 * W);
    a21.intoArray(tmp, 5 * W);
    a30.intoArray(tmp, 6 * W);
    a31.intoArray(tmp, 7 * W);
    a40.intoArray(tmp, 8 * W);
    a41.intoArray(tmp, 9 * W);
    a50.intoArray(tmp, 10 * W);
    a51.intoArray(tmp, 11 * W);
    a60.intoArray(tmp, 12 * W);
    a61.intoArray(tmp, 13 * W);
    a70.intoArray(tmp, 14 * W);
    a71.intoArray(tmp, 15 * W);
    offerTile(tmp, q, QT, 2, firstDoc + b * W, queryTerms, docTerms, heaps, heapBase);
  }

  /** One query against one block, any vector width. */
  static void oneByBlock(float[] qs, int dim, int q, Terms queryTerms, float[] chunk, int b, int firstDoc,
      Terms docTerms, TopK[] heaps, int heapBase, float[] tmp) {
    int qo = q * dim;
    int base = b * dim * W;
    for (int v = 0; v < W; v += S.length()) {
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < dim; j++) {
        acc = FloatVector.broadcast(S, qs[qo + j]).fma(FloatVector.fromArray(S, chunk, base + j * W + v), acc);
      }
      acc.intoArray(tmp, v);
    }
    offerTile(tmp, q, 1, 1, firstDoc + b * W, queryTerms, docTerms, heaps, heapBase);
  }

  /**
   * Turns a tile's dot products ({@code dots[(query * blocks + block) * W + lane]}) into ranks and hands
   * the lanes under each heap's threshold to the heap. A block's doc terms are loaded once for all
   * the tile's queries.
   */
  static void offerTile(float[] dots, int q0, int queries, int blocks, int firstDoc, Terms queryTerms,
      Terms docTerms, TopK[] heaps, int heapBase) {
    int lanesAt = QT * 2 * W;
    float[] qScale = queryTerms.scale();
    float[] qBias = queryTerms.bias();
    for (int bl = 0; bl < blocks; bl++) {
      for (int v = 0; v < W; v += S.length()) {
        int doc = firstDoc + bl * W + v;
        FloatVector dScale = FloatVector.fromArray(S, docTerms.scale(), doc);
        FloatVector dBias = FloatVector.fromArray(S, docTerms.bias(), doc);
        boolean unitScale = docTerms.unitScale();
        for (int i = 0; i < queries; i++) {
          int q = q0 + i;
          TopK heap = heaps[q - heapBase];
          FloatVector dot = FloatVector.fromArray(S, dots, (i * blocks + bl) * W + v);
          // with doc scales of 1 the product qScale * 1 is qScale exactly: skip the multiply
          FloatVector scale = unitScale ? FloatVector.broadcast(S, qScale[q]) : dScale.mul(qScale[q]);
          FloatVector rank = dot.fma(scale, dBias.add(qBias[q]));
          VectorMask<Float> pass = rank.compare(VectorOperators.LE, heap.threshold());
          if (pass.anyTrue()) {
            rank.intoArray(dots, lanesAt);
            long bits = pass.toLong();
            while (bits != 0) {
              int lane = Long.numberOfTrailingZeros(bits);
              bits &= bits - 1;
              heap.offer(dots[lanesAt + lane], doc + lane);
            }
          }
        }
      }
    }
  }

  @Override
  public float squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim) {
    int j = 0;
    int bound = S.loopBound(dim);
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    // two accumulators: independent FMA chains hide the FMA latency
    for (; j + S.length() < bound; j += 2 * S.length()) {
      FloatVector d0 = FloatVector.fromArray(S, a, aOff + j).sub(FloatVector.fromArray(S, b, bOff + j));
      FloatVector d1 = FloatVector.fromArray(S, a, aOff + j + S.length()).sub(FloatVector.fromArray(S, b, bOff + j + S.length()));
      acc0 = d0.fma(d0, acc0);
      acc1 = d1.fma(d1, acc1);
    }
    for (; j < bound; j += S.length()) {
      FloatVector d0 = FloatVector.fromArray(S, a, aOff + j).sub(FloatVector.fromArray(S, b, bOff + j));
      acc0 = d0.fma(d0, acc0);
    }
    float sum = Lanes.sum(acc0.add(acc1));
    for (; j < dim; j++) {
      float d = a[aOff + j] - b[bOff + j];
      sum = Math.fma(d, d, sum);
    }
    return sum;
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
    int j = 0;
    int bound = S.loopBound(dim);
    FloatVector acc0 = FloatVector.zero(S);
    FloatVector acc1 = FloatVector.zero(S);
    for (; j + S.length() < bound; j += 2 * S.length()) {
      acc0 = FloatVector.fromArray(S, a, aOff + j).fma(FloatVector.fromArray(S, b, bOff + j), acc0);
      acc1 = FloatVector.fromArray(S, a, aOff + j + S.length()).fma(FloatVector.fromArray(S, b, bOff + j + S.length()), acc1);
    }
    for (; j < bound; j += S.length()) {
      acc0 = FloatVector.fromArray(S, a, aOff + j).fma(FloatVector.fromArray(S, b, bOff + j), acc0);
    }
    float sum = Lanes.sum(acc0.add(acc1));
    for (; j < dim; j++) {
      sum = Math.fma(a[aOff + j], b[bOff + j], sum);
    }
    return sum;
  }
}
