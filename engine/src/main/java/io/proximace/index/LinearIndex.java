package io.proximace.index;

import io.proximace.kernel.Distance;
import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Int8Kernel;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.QueryBatch;
import io.proximace.kernel.ScalarFloatKernel;
import io.proximace.kernel.ScalarInt8Kernel;
import io.proximace.kernel.Terms;
import io.proximace.topk.Neighbors;
import io.proximace.topk.Ranking;
import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Int8BlockedVectors;
import io.proximace.vector.Pks;

/**
 * Exact search ({@code -algo_model linear}): every query against every doc with the batch kernel. Also
 * the oracle that every approximate index is measured against.
 *
 * <p>The kernel ranks with the fast expanded form; the best {@code k + MARGIN} candidates are then
 * rescored directly in double precision ({@link Distance#exactScore}) and the best {@code k} kept,
 * so scores are exact (identical vectors score 0) and the order is (score, pk). A true neighbour is
 * missed only if more than {@code MARGIN} docs lie within float rounding of the k-th score.
 *
 * <p>Int8 docs ({@code -data_type int8}) are kept one byte per component ({@link Int8BlockedVectors}) and
 * scanned by the {@link Int8Kernel}, whose ranks are the float kernel's on the same values: the results
 * are those of the same docs held as floats.
 */
public final class LinearIndex implements VectorIndex {
  /** The {@code -algo_model} name. */
  public static final String ALGO = "linear";
  /** Extra candidates rescored beyond k, absorbing the expanded form's rounding. */
  static final int MARGIN = 8;
  private static final int QUERY_TILE = 8;
  /** Floats of queries per batch: 512 KB, which stays in L2 beside the doc chunk being scanned. */
  private static final int QUERY_BATCH_FLOATS = 128 * 1024;

  private final Distance distance;
  /** Float docs, or null when the docs are int8. */
  private final BlockedVectors docs;
  /** Int8 docs, or null when the docs are floats. */
  private final Int8BlockedVectors int8Docs;
  private final Pks pks;
  private final int[] pkOrder;
  private final Terms docTerms;

  /** An index over {@code docs} keyed by {@code pks}, where {@code pkOrder} comes from {@link PkOrder#ranks}. */
  public LinearIndex(BlockedVectors docs, Pks pks, int[] pkOrder, Distance distance) {
    this(docs, null, docs.size(), pks, pkOrder, distance, Terms.ofDocs(distance, docs));
  }

  /** An index over int8 {@code docs}, one byte per component; otherwise as the float one. */
  public LinearIndex(Int8BlockedVectors docs, Pks pks, int[] pkOrder, Distance distance) {
    this(null, docs, docs.size(), pks, pkOrder, distance, Terms.ofDocs(distance, docs));
  }

  private LinearIndex(BlockedVectors docs, Int8BlockedVectors int8Docs, int size, Pks pks, int[] pkOrder, Distance distance,
      Terms docTerms) {
    if (size != pks.size() || pkOrder.length != pks.size()) {
      throw new IllegalArgumentException(size + " vectors, " + pks.size() + " pks, " + pkOrder.length + " ranks");
    }
    this.distance = distance;
    this.docs = docs;
    this.int8Docs = int8Docs;
    this.pks = pks;
    this.pkOrder = pkOrder;
    this.docTerms = docTerms;
  }

  @Override
  public int size() {
    return docs != null ? docs.size() : int8Docs.size();
  }

  @Override
  public int dim() {
    return docs != null ? docs.dim() : int8Docs.dim();
  }

  @Override
  public Distance distance() {
    return distance;
  }

  /** The float docs, or null when the docs are int8. */
  public BlockedVectors docs() {
    return docs;
  }

  /** The int8 docs, or null when the docs are floats. */
  public Int8BlockedVectors int8Docs() {
    return int8Docs;
  }

  @Override
  public Pks pks() {
    return pks;
  }

  public int[] pkOrder() {
    return pkOrder;
  }

  /** The {@code k} nearest docs of every query, on {@code threads} threads, with this JVM's kernel. */
  public Neighbors search(FloatVectors queries, int k, int threads) {
    return search(queries, k, threads, Kernels.preferred());
  }

  @Override
  public Neighbors search(FloatVectors queries, int k, Params params, int threads) {
    return search(queries, k, threads);
  }

  /**
   * The {@code k} nearest docs of every query, with {@code kernel}; int8 docs are scanned by the int8
   * kernel of the same kind (scalar with the scalar kernel).
   */
  public Neighbors search(FloatVectors queries, int k, int threads, FloatKernel kernel) {
    return search(queries, k, threads, kernel, true);
  }

  /**
   * The {@code k} best docs of every query by the kernel's rank alone, not rescored: the "scores" are
   * ranks (smaller is closer). For routing, such as a query's nearest clusters, where only the order matters.
   */
  public Neighbors nearest(FloatVectors queries, int k, int threads) {
    return search(queries, k, threads, Kernels.preferred(), false);
  }

  private Neighbors search(FloatVectors queries, int k, int threads, FloatKernel floatKernel, boolean rescore) {
    if (queries.dim() != dim()) {
      throw new IllegalArgumentException("queries have dimension " + queries.dim() + ", docs " + dim());
    }
    int nq = queries.size();
    Neighbors out = new Neighbors(nq, k);
    if (nq == 0 || size() == 0) {
      return out;
    }
    Scanner kernel = docs != null ? new FloatScanner(floatKernel, docs)
        : new Int8Scanner(floatKernel instanceof ScalarFloatKernel ? new ScalarInt8Kernel() : Kernels.int8(), int8Docs);
    float[] qs = queries.data();
    Terms queryTerms = Terms.ofQueries(distance, queries);
    int candidates = Math.min(size(), rescore ? k + MARGIN : k);
    int perThread = (nq + threads - 1) / threads;
    int maxBatch = Math.max(QUERY_TILE, QUERY_BATCH_FLOATS / dim() / QUERY_TILE * QUERY_TILE);
    int batch = Math.max(QUERY_TILE, Math.min(maxBatch, (perThread + QUERY_TILE - 1) / QUERY_TILE * QUERY_TILE));
    int batches = (nq + batch - 1) / batch;
    int chunks = kernel.chunkCount();
    if (batches >= threads || chunks == 1) {
      // Enough queries: threads own query batches, each batch meets every chunk while it is in cache.
      Parallel.forEach(batches, threads, b -> {
        int q0 = b * batch;
        int q1 = Math.min(nq, q0 + batch);
        TopK[] heaps = newHeaps(q1 - q0, candidates);
        QueryBatch qb = kernel.batch(qs, dim(), q0, q1, queryTerms);
        for (int c = 0; c < chunks; c++) {
          kernel.scan(qb, c, docTerms, heaps, q0);
        }
        Rescorer r = rescore ? rescorer(candidates) : null;
        for (int q = q0; q < q1; q++) {
          finish(r, qs, q, heaps[q - q0], k, out);
        }
      });
    } else {
      // Few queries: threads own doc chunks, and their heaps are merged at the end.
      int workers = Math.min(threads, chunks);
      TopK[][] partial = new TopK[workers][];
      Parallel.forEach(workers, workers, w -> {
        TopK[] heaps = newHeaps(nq, candidates);
        QueryBatch qb = kernel.batch(qs, dim(), 0, nq, queryTerms);
        for (int c = w; c < chunks; c += workers) {
          kernel.scan(qb, c, docTerms, heaps, 0);
        }
        partial[w] = heaps;
      });
      Rescorer r = rescore ? rescorer(candidates) : null;
      int[][] ids = new int[workers][candidates];
      float[][] ranks = new float[workers][candidates];
      int[] sizes = new int[workers];
      Ranking.EntryOrder order = (a, i, b, j) -> Ranking.compare(ranks[a][i], ids[a][i], ranks[b][j], ids[b][j], pkOrder);
      int[] fromList = new int[candidates];
      int[] fromIndex = new int[candidates];
      for (int q = 0; q < nq; q++) {
        for (int w = 0; w < workers; w++) {
          sizes[w] = partial[w][q].drainSorted(ids[w], ranks[w], 0);
        }
        int n = Ranking.merge(sizes, order, candidates, fromList, fromIndex);
        int[] mergedIds = r == null ? new int[n] : r.ids(n);
        float[] mergedRanks = r == null ? new float[n] : r.ranks();
        for (int m = 0; m < n; m++) {
          mergedIds[m] = ids[fromList[m]][fromIndex[m]];
          mergedRanks[m] = ranks[fromList[m]][fromIndex[m]];
        }
        finish(r, qs, q, mergedIds, mergedRanks, n, k, out);
      }
    }
    return out;
  }

  private TopK[] newHeaps(int n, int capacity) {
    TopK[] heaps = new TopK[n];
    for (int i = 0; i < n; i++) {
      heaps[i] = new TopK(capacity, pkOrder);
    }
    return heaps;
  }

  /** The batch kernel of the docs' type, with the docs. */
  private interface Scanner {
    int chunkCount();

    QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms);

    /** Scans chunk {@code c}'s docs. */
    void scan(QueryBatch batch, int c, Terms docTerms, TopK[] heaps, int heapBase);
  }

  private record FloatScanner(FloatKernel kernel, BlockedVectors docs) implements Scanner {
    @Override
    public int chunkCount() {
      return docs.chunkCount();
    }

    @Override
    public QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms) {
      return kernel.batch(queries, dim, from, to, terms);
    }

    @Override
    public void scan(QueryBatch batch, int c, Terms docTerms, TopK[] heaps, int heapBase) {
      int firstDoc = c * docs.chunkDocs();
      kernel.scan(batch, docs.chunk(c), blocks(docs.chunkDocs(), docs.size() - firstDoc), firstDoc, docTerms, heaps, heapBase);
    }
  }

  private record Int8Scanner(Int8Kernel kernel, Int8BlockedVectors docs) implements Scanner {
    @Override
    public int chunkCount() {
      return docs.chunkCount();
    }

    @Override
    public QueryBatch batch(float[] queries, int dim, int from, int to, Terms terms) {
      return kernel.batch(queries, dim, from, to, terms);
    }

    @Override
    public void scan(QueryBatch batch, int c, Terms docTerms, TopK[] heaps, int heapBase) {
      int firstDoc = c * docs.chunkDocs();
      kernel.scan(batch, docs.chunk(c), blocks(docs.chunkDocs(), docs.size() - firstDoc), firstDoc, docTerms, heaps, heapBase);
    }
  }

  /** Blocks holding a chunk's docs: {@code chunkDocs}, or the {@code left} docs of the last chunk. */
  private static int blocks(int chunkDocs, int left) {
    return (Math.min(chunkDocs, left) + BlockedVectors.BLOCK - 1) / BlockedVectors.BLOCK;
  }

  private Rescorer rescorer(int candidates) {
    return new Rescorer(distance, dim(), pkOrder, candidates);
  }

  /** Drains a query's heap into the rescorer and keeps the best k; without a rescorer, keeps the ranks. */
  private void finish(Rescorer r, float[] qs, int q, TopK heap, int k, Neighbors out) {
    int[] ids = r == null ? new int[heap.size()] : r.ids(heap.size());
    float[] ranks = r == null ? new float[ids.length] : r.ranks();
    int n = heap.drainSorted(ids, ranks, 0);
    finish(r, qs, q, ids, ranks, n, k, out);
  }

  /**
   * Keeps a query's best k of its {@code n} candidates, best first in {@code ids} and {@code ranks} (the
   * rescorer's own arrays when there is one): rescored, or as ranked without a rescorer.
   */
  private void finish(Rescorer r, float[] qs, int q, int[] ids, float[] ranks, int n, int k, Neighbors out) {
    if (r == null) {
      out.set(q, ids, ranks, 0, n);
      return;
    }
    Rescorer.Docs copy = docs != null ? (doc, dst) -> docs.copyRow(doc, dst, 0) : (doc, dst) -> int8Docs.copyRow(doc, dst, 0);
    r.finish(qs, q * dim(), n, copy, k, out, q);
  }
}
