package io.proximace.index;

import io.proximace.ProximaException;
import io.proximace.kernel.Distance;
import io.proximace.quant.Int8Codes;
import io.proximace.topk.Neighbors;
import io.proximace.topk.TopK;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.MappedRows;
import io.proximace.vector.Pks;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A clustered index ({@code -algo_model qc}, an inverted file): k-means centroids, and each doc in the
 * list of its nearest centroid. A query scans the lists of its nearest {@code scan_ratio} of centroids and
 * rescores its best candidates exactly. The lists hold floats scanned by the batch kernel ({@link FloatLists}),
 * or, with {@code proxima.qc.builder.quantized_lists}, 8-bit codes ({@link CodeLists}): a quarter of the memory,
 * for partitions whose float lists do not fit, with the floats in a mapped file read only to rescore.
 */
public final class ClusterIndex implements VectorIndex {
  /** The {@code -algo_model} name. */
  public static final String ALGO = "qc";
  /** Builder key: the number of clusters. */
  public static final String CENTROIDS = "proxima.qc.builder.centroid_count";
  /** Builder key: docs sampled to train k-means. */
  public static final String SAMPLE = "proxima.qc.builder.train_sample_count";
  /** Builder key: k-means iterations. */
  public static final String ITERATIONS = "proxima.qc.builder.iterations";
  /** Builder key: the seed of the sample and of k-means++. */
  public static final String SEED = "proxima.qc.builder.seed";
  /** The file of a qc index's codes, when its lists hold codes. */
  static final String CODES = "codes.i8";
  /** Builder key: lists of 8-bit codes instead of floats. */
  public static final String QUANTIZED_LISTS = "proxima.qc.builder.quantized_lists";
  /** The searcher key of the search effort. */
  public static final String SCAN_RATIO = "proxima.qc.searcher.scan_ratio";
  /** Searcher key: candidates of a scan of codes rescored with the floats. */
  public static final String RESCORE = "proxima.qc.searcher.rescore_count";

  /** {@code -builder_params} keys. */
  public static final List<Params.Key> BUILD_KEYS = List.of(
      Params.Key.integer(CENTROIDS, 1, 1 << 20, null, "number of clusters (default: about 4 sqrt(docs), at most docs/32)"),
      Params.Key.integer(SAMPLE, 1, Integer.MAX_VALUE, 100_000L, "docs sampled to train k-means (at least 32 per cluster are used)"),
      Params.Key.integer(ITERATIONS, 1, 1000, 10L, "k-means iterations"),
      Params.Key.integer(SEED, 0, Long.MAX_VALUE, 42L, "seed of the sample and of k-means++"),
      new Params.Key(QUANTIZED_LISTS, Params.Key.Kind.BOOLEAN, 0, 1, null, "true: lists hold 8-bit codes of the docs, a "
          + "quarter of the floats' memory, and a search rescores its best candidates with the floats, kept in a mapped "
          + "file; false: lists hold the floats (default)"));

  /**
   * The default {@code scan_ratio}: enough for Recall@10 of about 0.94 on 20k x 64 standard-normal docs (no cluster
   * structure, a hard set; 0.02, the default before, gave 0.27). Clustered data needs far less: on a Gaussian mixture
   * 0.02 already gives 0.999, at about a fifth of the cost, which {@code -target_recall} finds.
   */
  static final double DEFAULT_SCAN_RATIO = 0.35;

  /** {@code -searcher_params} keys. */
  public static final List<Params.Key> SEARCH_KEYS = List.of(
      Params.Key.number(SCAN_RATIO, 0, 1, DEFAULT_SCAN_RATIO, "fraction of the clusters a query scans, nearest first (at least one)"),
      Params.Key.integer(RESCORE, 1, 1 << 20, null, "with quantized lists: the candidates of the scan of codes that are "
          + "rescored with the floats, at least topk (default 2 topk + 50)"));

  /** Candidates rescored exactly for {@code k}: a margin over k for float lists, {@link #RESCORE} for codes. */
  int rescored(Params params, int k) {
    if (!(lists instanceof CodeLists)) {
      return k + LinearIndex.MARGIN;
    }
    if (!params.given(RESCORE)) {
      return 2 * k + 50;
    }
    int r = params.getInt(RESCORE);
    if (r < k) {
      throw new ProximaException("-searcher_params: " + RESCORE + " " + r + " is below -topk " + k + "; it must be at least topk");
    }
    return r;
  }

  private final FloatVectors centroids;
  private final LinearIndex centroidIndex;
  private final ClusterLists lists;
  private final int[] offsets; // cluster c's first position
  private final int[] docAt; // position -> doc id, -1 on padding
  private final int[] tieOrder; // position -> pk order
  private final int[] counts; // docs in cluster c
  private final Pks pks;
  private final int[] pkOrder;
  private final Distance distance;
  private final int dim;

  private ClusterIndex(FloatVectors centroids, ClusterLists lists, int[] offsets, int[] docAt, Pks pks, int[] pkOrder,
      Distance distance) {
    this.centroids = centroids;
    this.dim = centroids.dim();
    this.centroidIndex = KMeans.index(centroids, distance);
    this.lists = lists;
    this.offsets = offsets;
    this.docAt = docAt;
    this.pks = pks;
    this.pkOrder = pkOrder;
    this.distance = distance;
    this.tieOrder = new int[docAt.length];
    this.counts = new int[offsets.length - 1];
    for (int p = 0; p < docAt.length; p++) {
      if (docAt[p] >= 0) {
        tieOrder[p] = pkOrder[docAt[p]];
      }
    }
    for (int c = 0; c < counts.length; c++) {
      for (int p = offsets[c]; p < offsets[c + 1]; p++) {
        counts[c] += docAt[p] >= 0 ? 1 : 0;
      }
    }
  }

  /** The number of clusters {@code -builder_params} asks for, or the default for {@code n} docs. */
  public static int centroidCount(Params p, int n) {
    int given = p.getInt(CENTROIDS);
    if (given > 0) {
      if (given > n) {
        throw new ProximaException("-builder_params: " + CENTROIDS + " " + given + " is more than the " + n + " docs");
      }
      return given;
    }
    int k = (int) Math.round(4 * Math.sqrt(n));
    return Math.max(1, Math.min(k, n / 32));
  }

  /**
   * Trains centroids for a partition of {@code docs} docs on {@code sample} (row-major, in the index's
   * space), as the train stage does; the sample is cut down to {@code train_sample_count} rows, but
   * never below 32 per cluster.
   */
  public static FloatVectors train(FloatVectors sample, int docs, Params p, int threads) {
    int k = centroidCount(p, docs);
    int size = (int) Math.min(sample.size(), Math.max(p.getInt(SAMPLE), 32L * k));
    FloatVectors s = sample.size() == size ? sample : sample.select(sampleIds(sample.size(), size, p.getInt(SEED)));
    return KMeans.train(s, Math.min(k, s.size()), p.getInt(ITERATIONS), p.getInt(SEED), threads);
  }

  private static int[] sampleIds(int n, int m, long seed) {
    // a partial Fisher-Yates shuffle: m distinct ids, the same for the same seed
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int j = i + r.nextInt(n - i);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    int[] out = Arrays.copyOf(ids, m);
    Arrays.sort(out);
    return out;
  }

  /**
   * Puts every doc in the list of its nearest centroid; with {@code proxima.qc.builder.quantized_lists} the lists
   * hold 8-bit codes ({@link CodeLists}), otherwise floats ({@link FloatLists}).
   */
  public static ClusterIndex build(FloatVectors docs, FloatVectors centroids, Pks pks, int[] pkOrder, Distance distance,
      Params p, int threads) {
    int n = docs.size();
    int k = centroids.size();
    boolean quantized = quantized(p);
    int[] assign = new int[n];
    KMeans.nearest(centroids, docs, threads, assign);
    int[] counts = new int[k];
    for (int c : assign) {
      counts[c]++;
    }
    int[] offsets = new int[k + 1];
    for (int c = 0; c < k; c++) {
      offsets[c + 1] = offsets[c] + (quantized ? counts[c] : FloatLists.padded(counts[c]));
    }
    int[] docAt = new int[offsets[k]];
    Arrays.fill(docAt, -1);
    int[] filled = new int[k];
    for (int i = 0; i < n; i++) {
      int c = assign[i];
      docAt[offsets[c] + filled[c]++] = i;
    }
    ClusterLists lists = quantized ? CodeLists.of(docs, offsets, docAt, distance) : FloatLists.of(docs, offsets, docAt, distance);
    return new ClusterIndex(centroids, lists, offsets, docAt, pks, pkOrder, distance);
  }

  /** Whether {@code -builder_params} asks for lists of codes. */
  static boolean quantized(Params p) {
    return p.given(QUANTIZED_LISTS) && p.getBoolean(QUANTIZED_LISTS);
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

  int[] pkOrder() {
    return pkOrder;
  }

  /** Number of clusters. */
  public int clusters() {
    return counts.length;
  }

  /** The clusters a query scans for {@code scan_ratio}. */
  static int probes(Params params, int clusters) {
    return Math.max(1, (int) Math.ceil(params.getDouble(SCAN_RATIO) * clusters));
  }

  @Override
  public Neighbors search(FloatVectors queries, int k, Params params, int threads) {
    int nq = queries.size();
    Neighbors out = new Neighbors(nq, k);
    if (nq == 0 || size() == 0) {
      return out;
    }
    int clusters = counts.length;
    int probes = Math.min(clusters, probes(params, clusters));
    int want = Math.min(k, size());
    int ranked = Math.min(clusters, probes + 4);
    Neighbors near = centroidIndex.nearest(queries, ranked, threads);
    int candidates = Math.min(size(), rescored(params, k));
    int groups = Math.min(threads, (nq + 7) / 8);
    Rescorer.Docs docs = lists.rows();
    Parallel.forEach(groups, threads, g -> {
      int q0 = (int) ((long) nq * g / groups);
      int q1 = (int) ((long) nq * (g + 1) / groups);
      TopK[] heaps = new TopK[q1 - q0];
      IntArrayList[] probing = new IntArrayList[clusters];
      for (int q = q0; q < q1; q++) {
        heaps[q - q0] = new TopK(candidates, tieOrder);
        for (int c : plan(q, near, probes, want, queries)) {
          (probing[c] == null ? probing[c] = new IntArrayList() : probing[c]).add(q);
        }
      }
      lists.scan(queries, q0, q1, probing, heaps);
      Rescorer r = new Rescorer(distance, dim, pkOrder, candidates);
      for (int q = q0; q < q1; q++) {
        TopK heap = heaps[q - q0];
        int[] ids = r.ids(heap.size());
        int n = heap.drainSorted(ids, r.ranks(), 0);
        for (int i = 0; i < n; i++) {
          ids[i] = docAt[ids[i]];
        }
        r.finish(queries.data(), q * dim, n, docs, k, out, q);
      }
    });
    return out;
  }

  /**
   * The clusters query {@code q} scans: its nearest {@code probes}, then more, nearest first, until
   * they hold at least {@code want} docs, so that every query gets k rows when the index has k docs.
   */
  private int[] plan(int q, Neighbors near, int probes, int want, FloatVectors queries) {
    int[] order = near.ids(q);
    int held = 0;
    int m = 0;
    while (m < order.length && (m < probes || held < want)) {
      held += counts[order[m]];
      m++;
    }
    if (held < want && order.length < counts.length) {
      // rare: the nearest clusters are nearly empty; rank them all for this query
      order = centroidIndex.nearest(queries.select(new int[] {q}), counts.length, 1).ids(0);
      held = 0;
      m = 0;
      while (m < order.length && (m < probes || held < want)) {
        held += counts[order[m]];
        m++;
      }
    }
    return Arrays.copyOf(order, m);
  }

  /**
   * Writes the index's files: {@code clusters.bin} (centroids, the numbering, then float lists); lists of codes
   * instead go to {@code codes.i8}, with the docs' floats in {@code rows.f32}, row after row by doc id.
   */
  void save(IndexStore.Out out) throws IOException {
    out.file("clusters.bin", o -> {
      o.writeInt(dim);
      o.writeInt(centroids.size());
      IndexStore.writeFloats(o, centroids.data(), centroids.size() * dim);
      o.writeInt(docAt.length);
      for (int offset : offsets) {
        o.writeInt(offset);
      }
      for (int p : docAt) {
        o.writeInt(p);
      }
      if (lists instanceof FloatLists f) {
        f.write(o);
      }
    });
    if (lists instanceof CodeLists c) {
      out.file(CODES, c.codes()::write);
      out.file("rows.f32", o -> {
        float[] row = new float[dim];
        Rescorer.Docs rows = c.rows();
        for (int doc = 0; doc < size(); doc++) {
          rows.copy(doc, row);
          IndexStore.writeFloats(o, row, dim);
        }
      });
    }
  }

  /** Reads what {@link #save} wrote; {@code quantized}: the folder has {@code codes.i8}. */
  static ClusterIndex load(IndexStore.In in, boolean quantized, Pks pks, int[] pkOrder, Distance distance) throws IOException {
    FloatVectors[] centroids = new FloatVectors[1];
    int[][] numbering = new int[2][];
    ClusterLists[] lists = new ClusterLists[1];
    in.file("clusters.bin", i -> {
      int dim = i.readInt();
      int k = i.readInt();
      float[] c = new float[k * dim];
      IndexStore.readFloats(i, c);
      centroids[0] = FloatVectors.wrap(c, dim);
      int positions = i.readInt();
      int[] offsets = new int[k + 1];
      for (int j = 0; j <= k; j++) {
        offsets[j] = i.readInt();
      }
      int[] docAt = new int[positions];
      for (int j = 0; j < positions; j++) {
        docAt[j] = i.readInt();
      }
      numbering[0] = offsets;
      numbering[1] = docAt;
      if (!quantized) {
        lists[0] = FloatLists.read(i, offsets, docAt, pks.size(), distance, dim);
      }
    });
    if (quantized) {
      int dim = centroids[0].dim();
      Int8Codes[] codes = new Int8Codes[1];
      in.file(CODES, i -> codes[0] = Int8Codes.read(i, distance));
      MappedRows[] rows = new MappedRows[1];
      in.file("rows.f32", i -> rows[0] = MappedRows.copyOf(i, dim, pks.size()));
      lists[0] = CodeLists.of(codes[0], numbering[0], rows[0]);
    }
    return new ClusterIndex(centroids[0], lists[0], numbering[0], numbering[1], pks, pkOrder, distance);
  }

  /** Unmaps the floats of loaded code lists; the caller makes sure no search still runs. */
  @Override
  public void close() {
    if (lists instanceof CodeLists c) {
      c.close();
    }
  }

  /** Memory the index holds on the heap for searching, in bytes (the floats of code lists are mapped, not held). */
  public long heapBytes() {
    return lists.heapBytes() + 4L * centroids.size() * dim + 12L * docAt.length;
  }
}
