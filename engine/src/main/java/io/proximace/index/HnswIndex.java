package io.proximace.index;

import io.proximace.ProximaException;
import io.proximace.index.hnsw.GraphBuilder;
import io.proximace.index.hnsw.GraphWalker;
import io.proximace.index.hnsw.HnswGraph;
import io.proximace.kernel.Distance;
import io.proximace.kernel.DocRanker;
import io.proximace.kernel.Kernels;
import io.proximace.quant.Int8Codes;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.MappedRows;
import io.proximace.vector.Pks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graph index ({@code -algo_model hnsw}, also {@code graph}): {@link GraphBuilder} inserts the docs in
 * batches into a navigable graph of bounded degree with HNSW's upper layers, the same graph on any thread
 * count, kept in flat arrays ({@link HnswGraph}) and walked by {@link GraphWalker}, which ranks docs through
 * the distance's {@link DocRanker} with the engine's SIMD kernel. A walk that finds fewer than k docs (a graph
 * not fully connected) is widened until it does; an index no larger than the beam is scanned instead; the
 * candidates are rescored exactly like every index's. By default ({@code proxima.hnsw.searcher.quantized_walk}) the
 * walk ranks on 8-bit codes of the docs ({@link Int8Codes}) and ranks its whole final beam again with the floats
 * before the exact rescoring. A saved index keeps the codes beside the floats; loaded, it holds the codes and the
 * graph on the heap and maps the floats ({@link MappedRows}), which only the re-ranking reads, so they are pages the
 * operating system may drop. A float walk or an exact scan of a loaded index reads the floats into the heap first.
 */
public final class HnswIndex implements VectorIndex {
  private static final Logger LOG = LoggerFactory.getLogger(HnswIndex.class);
  /** The {@code -algo_model} name. */
  public static final String ALGO = "hnsw";
  /** The file of a saved index's codes. */
  static final String CODES = "codes.i8";
  /** Builder key: the graph degree (layer 0; the upper layers keep half). */
  public static final String M = "proxima.hnsw.builder.max_neighbor_count";
  /** Builder key: the beam width while inserting. */
  public static final String EF_CONSTRUCTION = "proxima.hnsw.builder.efconstruction";
  /** Builder key: the pruning diversity. */
  public static final String ALPHA = "proxima.hnsw.builder.alpha";
  /** Builder key: how far a neighbour list may overflow before it is pruned. */
  public static final String OVERFLOW = "proxima.hnsw.builder.neighbor_overflow";
  /** Builder key: HNSW's upper layers. */
  public static final String HIERARCHY = "proxima.hnsw.builder.hierarchy";
  /** Builder key, accepted and ignored: the jvector builder's second pass, which the batched builder does not make. */
  public static final String REFINE = "proxima.hnsw.builder.refine";
  /** The searcher key of the search effort. */
  public static final String EF = "proxima.hnsw.searcher.ef";

  /** {@code -builder_params} keys. */
  public static final List<Params.Key> BUILD_KEYS = List.of(
      Params.Key.integer(M, 2, 512, 32L, "the most neighbours a node keeps on layer 0 (graph degree; the upper layers "
          + "keep half, as HNSW's M with 2 M on layer 0)"),
      Params.Key.integer(EF_CONSTRUCTION, 1, 8192, 100L, "beam width while inserting a node"),
      Params.Key.number(ALPHA, 0.5, 4, 1.2, "pruning diversity: 1.0 is HNSW's heuristic; above 1 a second pass fills the "
          + "slots it left free, a kept neighbour ruling a candidate out only when alpha times closer (squared euclidean, "
          + "or 1 - dot)"),
      Params.Key.number(OVERFLOW, 1, 4, 1.2, "how far a node's neighbour list may grow past its degree before it is "
          + "pruned back (lists still longer at the end are pruned)"),
      Params.Key.bool(HIERARCHY, true, "HNSW's upper layers; false: one layer, every walk starting at doc 0"),
      Params.Key.bool(REFINE, false, "ignored (accepted for old scripts): the jvector builder's second pass; the "
          + "batched builder makes one"));

  static final String BRUTE_FORCE_THRESHOLD = "proxima.hnsw.searcher.brute_force_threshold";
  static final String MAX_SCAN_RATIO = "proxima.hnsw.searcher.max_scan_ratio";
  static final String PADDING = "proxima.hnsw.searcher.force_padding_result_enable";
  /** The searcher key of the walk on 8-bit codes. */
  public static final String QUANTIZED_WALK = "proxima.hnsw.searcher.quantized_walk";
  /** Whether a search walks on codes when {@link #QUANTIZED_WALK} is not given. */
  static final boolean QUANTIZED_BY_DEFAULT = true;

  /** {@code -searcher_params} keys; unset ones change nothing (no default value, so no plan's digest changes). */
  public static final List<Params.Key> SEARCH_KEYS = List.of(
      Params.Key.integer(EF, 1, 1 << 20, null, "candidates kept while searching (default 2 topk + 100); at least topk"),
      Params.Key.integer(BRUTE_FORCE_THRESHOLD, 0, Integer.MAX_VALUE, null,
          "a shard with fewer docs is searched exactly, as linear does (default: only one no larger than ef)"),
      Params.Key.number(MAX_SCAN_RATIO, 0, 1, null,
          "the walk ranks at most this fraction of the shard's docs, and at least topk (default: no cap)"),
      new Params.Key(PADDING, Params.Key.Kind.BOOLEAN, 0, 1, null, "true: a walk that comes back short is widened, then scanned, to reach topk "
          + "(ours by default); false: the walk's results only, possibly fewer than topk"),
      new Params.Key(QUANTIZED_WALK, Params.Key.Kind.BOOLEAN, 0, 1, null, "true: the walk ranks on 8-bit codes of the docs "
          + "(a quarter of the memory traffic) and ranks its final beam again with the floats; false: the walk ranks "
          + "the floats (default: " + QUANTIZED_BY_DEFAULT + ")"));

  private final HnswGraph graph;
  private final MappedRows mapped; // the floats of a loaded index with codes, or null
  private volatile FloatVectors docs; // the floats on the heap: as built, or read from mapped on first need
  private final Pks pks;
  private final int[] pkOrder;
  private final Distance distance;
  private final int dim;
  private volatile Int8Codes codes;
  private volatile DocRanker ranker; // over the floats on the heap, made on first need

  HnswIndex(HnswGraph graph, FloatVectors docs, Pks pks, int[] pkOrder, Distance distance) {
    this(graph, docs, null, null, pks, pkOrder, distance);
  }

  /** A loaded index: its codes, and its floats mapped from a file. */
  HnswIndex(HnswGraph graph, Int8Codes codes, MappedRows mapped, Pks pks, int[] pkOrder, Distance distance) {
    this(graph, null, codes, mapped, pks, pkOrder, distance);
  }

  private HnswIndex(HnswGraph graph, FloatVectors docs, Int8Codes codes, MappedRows mapped, Pks pks, int[] pkOrder,
      Distance distance) {
    this.graph = graph;
    this.docs = docs;
    this.codes = codes;
    this.mapped = mapped;
    this.pks = pks;
    this.pkOrder = pkOrder;
    this.distance = distance;
    this.dim = docs != null ? docs.dim() : mapped.dim();
  }

  /** Builds the graph of {@code docs} (row-major, kept by the index) on {@code threads} threads. */
  public static HnswIndex build(FloatVectors docs, Pks pks, int[] pkOrder, Distance distance, Params p, int threads) {
    long slots = (long) docs.size() * GraphBuilder.cap(p.getInt(M), (float) p.getDouble(OVERFLOW));
    if (slots > Integer.MAX_VALUE - 8) {
      throw new ProximaException("hnsw: " + docs.size() + " docs with " + M + " " + p.getInt(M) + " need " + slots
          + " neighbour slots in one graph, more than a Java array holds; use more doc shards (-column_num) or a smaller "
          + M);
    }
    if (p.given(REFINE)) {
      LOG.warn("-builder_params: {} is accepted and ignored: the graph builder has no second pass", REFINE);
    }
    GraphBuilder builder = new GraphBuilder(p.getInt(M), p.getInt(EF_CONSTRUCTION), (float) p.getDouble(OVERFLOW),
        (float) p.getDouble(ALPHA), p.getBoolean(HIERARCHY));
    return new HnswIndex(builder.build(docs, distance, threads), docs, pks, pkOrder, distance);
  }

  @Override
  public int size() {
    return pks.size();
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public Distance distance() {
    return distance;
  }

  @Override
  public Pks pks() {
    return pks;
  }

  HnswGraph graph() {
    return graph;
  }

  /** The docs' floats on the heap; a loaded index reads them from its mapped file on first call. */
  FloatVectors docs() {
    FloatVectors d = docs;
    if (d == null) {
      synchronized (this) {
        d = docs;
        if (d == null) {
          float[] all = new float[Math.multiplyExact(mapped.size(), dim)];
          float[] row = new float[dim];
          for (int i = 0; i < mapped.size(); i++) {
            mapped.copy(i, row);
            System.arraycopy(row, 0, all, i * dim, dim);
          }
          docs = d = FloatVectors.wrap(all, dim);
        }
      }
    }
    return d;
  }

  private DocRanker ranker() {
    DocRanker r = ranker;
    if (r == null) {
      synchronized (this) {
        r = ranker;
        if (r == null) {
          ranker = r = distance.ranker(docs(), Kernels.preferred());
        }
      }
    }
    return r;
  }

  /** Writes the docs' floats, row after row, little-endian ({@code rows.f32}). */
  void writeRows(java.io.DataOutputStream out) throws java.io.IOException {
    if (mapped == null) {
      IndexStore.writeFloats(out, docs.data(), size() * dim);
      return;
    }
    float[] row = new float[dim];
    for (int i = 0; i < size(); i++) {
      mapped.copy(i, row);
      IndexStore.writeFloats(out, row, dim);
    }
  }

  /** Copies doc {@code doc}'s floats into {@code dst}, from the mapped file when the index has one. */
  void copyDoc(int doc, float[] dst) {
    if (mapped != null) {
      mapped.copy(doc, dst);
    } else {
      System.arraycopy(docs.data(), doc * dim, dst, 0, dim);
    }
  }

  int[] pkOrder() {
    return pkOrder;
  }

  /** Whether the docs' codes have been made (by a walk on codes, or loaded): for tests. */
  boolean hasCodes() {
    return codes != null;
  }

  /** The docs' 8-bit codes for a quantized walk, made on first use (a pass over the docs). */
  Int8Codes codes() {
    Int8Codes c = codes;
    if (c == null) {
      synchronized (this) {
        c = codes;
        if (c == null) {
          codes = c = Int8Codes.of(docs(), distance);
        }
      }
    }
    return c;
  }

  /**
   * The beam width for {@code k}: {@code proxima.hnsw.searcher.ef}, checked, or its default, {@code 2 k + 100}: on
   * 20k x 64 standard-normal docs (no structure to exploit, a hard set) it reaches Recall@10 of about 0.93, Recall@50
   * 0.95, Recall@1 0.96; {@code max(2 k, 64)}, the default before, gave 0.85, 0.86 and 0.90.
   */
  public static int ef(Params params, int k) {
    int ef = params.getInt(EF);
    if (ef < 0) {
      return 2 * k + 100;
    }
    if (ef < k) {
      throw new ProximaException("-searcher_params: " + EF + " " + ef + " is below -topk " + k + "; it must be at least topk");
    }
    return ef;
  }

  @Override
  public Neighbors search(FloatVectors queries, int k, Params params, int threads) {
    int nq = queries.size();
    int n = size();
    Neighbors out = new Neighbors(nq, k);
    if (nq == 0 || n == 0) {
      return out;
    }
    int ef = ef(params, k);
    int want = Math.min(k, n);
    boolean exact = n <= ef || (params.given(BRUTE_FORCE_THRESHOLD) && n < params.getInt(BRUTE_FORCE_THRESHOLD));
    // visiting at least topk nodes fills the results to topk (ef >= topk): the cap alone never makes them short
    int maxScan = params.given(MAX_SCAN_RATIO) ? (int) Math.max(want, Math.ceil(params.getDouble(MAX_SCAN_RATIO) * n))
        : Integer.MAX_VALUE;
    boolean pad = !params.given(PADDING) || params.getBoolean(PADDING);
    Int8Codes walkCodes = !exact && (params.given(QUANTIZED_WALK) ? params.getBoolean(QUANTIZED_WALK) : QUANTIZED_BY_DEFAULT)
        ? codes() : null;
    // a walk on codes over mapped floats reads only its final beam's rows, each thread with a ranker of its own
    DocRanker shared = walkCodes != null && mapped != null ? null : ranker();
    ThreadLocal<GraphWalker> walkers = ThreadLocal.withInitial(() -> new GraphWalker(graph,
        shared != null ? shared : distance.ranker(mapped, Kernels.preferred()), walkCodes));
    int batch = 64;
    Parallel.forEach((nq + batch - 1) / batch, threads, b -> {
      GraphWalker walker = walkers.get();
      Rescorer r = new Rescorer(distance, dim, pkOrder, ef);
      float[] ranks = new float[ef];
      Rescorer.Docs rows = this::copyDoc;
      for (int q = b * batch; q < Math.min(nq, (b + 1) * batch); q++) {
        if (exact) {
          // the beam would hold every doc anyway, or the user asked for exact search of a shard this small: scan
          r.finish(queries.data(), q * dim, scanAll(queries.data(), q * dim, r.ids(n), n), rows, k, out, q);
          continue;
        }
        int beam = ef;
        int[] ids = r.ids(beam);
        int found = walker.search(queries.data(), q * dim, beam, maxScan, ids, ranks);
        // A graph that is not fully connected can come back short: widen the beam, as users ask.
        while (pad && found < want && beam < n) {
          beam = (int) Math.min(n, 2L * beam);
          ids = r.ids(beam);
          ranks = ranks.length < beam ? new float[beam] : ranks;
          found = walker.search(queries.data(), q * dim, beam, maxScan, ids, ranks);
        }
        if (pad && found < want) {
          found = scanAll(queries.data(), q * dim, r.ids(n), n);
        }
        r.finish(queries.data(), q * dim, Math.min(found, k + LinearIndex.MARGIN), rows, k, out, q);
      }
    });
    return out;
  }

  /**
   * The last resort for a query the graph cannot serve: every doc, best first by rank. A loaded index reads its
   * mapped rows one at a time, so one such query does not pull all the floats onto the heap.
   */
  private int scanAll(float[] q, int qOff, int[] ids, int n) {
    Integer[] order = new Integer[n];
    float[] rank = new float[n];
    float[] row = new float[dim];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      copyDoc(i, row);
      rank[i] = distance.rank(distance.exactScore(q, qOff, 1, row, 0, 1, dim));
    }
    java.util.Arrays.sort(order, (a, b) -> Float.compare(rank[a], rank[b]));
    for (int i = 0; i < n; i++) {
      ids[i] = order[i];
    }
    return n;
  }

  /** Unmaps the floats of a loaded index; the caller makes sure no search still runs. */
  @Override
  public void close() {
    if (mapped != null) {
      mapped.close();
    }
  }
}
