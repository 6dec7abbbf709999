package io.proximace.index;

import io.proximace.ProximaException;
import io.proximace.kernel.Distance;
import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Kernels;
import io.proximace.kernel.QueryBatch;
import io.proximace.kernel.Terms;
import io.proximace.topk.Neighbors;
import io.proximace.topk.TopK;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A clustered index ({@code -algo_model qc}, an inverted file): k-means centroids, and each doc in the
 * list of its nearest centroid. A query scans the lists of its nearest {@code scan_ratio} of centroids.
 * Lists are stored in the batch kernel's blocked layout, and a search turns the probes around, as
 * Faiss does for batches: for each list, the queries probing it are gathered and scanned together, a
 * tile of queries at a time.
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
  /** The searcher key of the search effort. */
  public static final String SCAN_RATIO = "proxima.qc.searcher.scan_ratio";

  /** {@code -builder_params} keys. */
  public static final List<Params.Key> BUILD_KEYS = List.of(
      Params.Key.integer(CENTROIDS, 1, 1 << 20, null, "number of clusters (default: about 4 sqrt(docs), at most docs/32)"),
      Params.Key.integer(SAMPLE, 1, Integer.MAX_VALUE, 100_000L, "docs sampled to train k-means (at least 32 per cluster are used)"),
      Params.Key.integer(ITERATIONS, 1, 1000, 10L, "k-means iterations"),
      Params.Key.integer(SEED, 0, Long.MAX_VALUE, 42L, "seed of the sample and of k-means++"));

  /**
   * The default {@code scan_ratio}: enough for Recall@10 of about 0.94 on 20k x 64 standard-normal docs (no cluster
   * structure, a hard set; 0.02, the default before, gave 0.27). Clustered data needs far less: on a Gaussian mixture
   * 0.02 already gives 0.999, at about a fifth of the cost, which {@code -target_recall} finds.
   */
  static final double DEFAULT_SCAN_RATIO = 0.35;

  /** {@code -searcher_params} keys. */
  public static final List<Params.Key> SEARCH_KEYS = List.of(
      Params.Key.number(SCAN_RATIO, 0, 1, DEFAULT_SCAN_RATIO, "fraction of the clusters a query scans, nearest first (at least one)"));

  private final FloatVectors centroids;
  private final LinearIndex centroidIndex;
  private final float[][] lists; // cluster c: its docs in the blocked layout, padded to whole blocks
  private final int[] offsets; // cluster c's first position in the padded numbering
  private final int[] docAt; // padded position -> doc id, -1 on padding
  private final int[] tieOrder; // padded position -> pk order
  private final int[] rowOf; // doc id -> padded position
  private final int[] counts; // docs in cluster c
  private final Terms docTerms;
  private final Pks pks;
  private final int[] pkOrder;
  private final Distance distance;
  private final int dim;

  private ClusterIndex(FloatVectors centroids, float[][] lists, int[] offsets, int[] docAt, Pks pks, int[] pkOrder,
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
    this.rowOf = new int[pks.size()];
    this.counts = new int[lists.length];
    for (int p = 0; p < docAt.length; p++) {
      if (docAt[p] >= 0) {
        tieOrder[p] = pkOrder[docAt[p]];
        rowOf[docAt[p]] = p;
      }
    }
    for (int c = 0; c < lists.length; c++) {
      for (int p = offsets[c]; p < offsets[c + 1]; p++) {
        counts[c] += docAt[p] >= 0 ? 1 : 0;
      }
    }
    this.docTerms = terms();
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

  /** Puts every doc in the list of its nearest centroid. */
  public static ClusterIndex build(FloatVectors docs, FloatVectors centroids, Pks pks, int[] pkOrder, Distance distance,
      int threads) {
    int n = docs.size();
    int dim = docs.dim();
    int k = centroids.size();
    int[] assign = new int[n];
    KMeans.nearest(centroids, docs, threads, assign);
    int[] counts = new int[k];
    for (int c : assign) {
      counts[c]++;
    }
    int[] offsets = new int[k + 1];
    for (int c = 0; c < k; c++) {
      offsets[c + 1] = offsets[c] + padded(counts[c]);
    }
    int[] docAt = new int[offsets[k]];
    Arrays.fill(docAt, -1);
    float[][] lists = new float[k][];
    for (int c = 0; c < k; c++) {
      lists[c] = new float[padded(counts[c]) * dim];
    }
    int[] filled = new int[k];
    float[] d = docs.data();
    for (int i = 0; i < n; i++) {
      int c = assign[i];
      int slot = filled[c]++;
      docAt[offsets[c] + slot] = i;
      int base = (slot / BlockedVectors.BLOCK) * dim * BlockedVectors.BLOCK + slot % BlockedVectors.BLOCK;
      for (int j = 0; j < dim; j++) {
        lists[c][base + j * BlockedVectors.BLOCK] = d[i * dim + j];
      }
    }
    return new ClusterIndex(centroids, lists, offsets, docAt, pks, pkOrder, distance);
  }

  private static int padded(int count) {
    return (count + BlockedVectors.BLOCK - 1) / BlockedVectors.BLOCK * BlockedVectors.BLOCK;
  }

  private Terms terms() {
    int total = docAt.length;
    float[] scale = new float[Math.max(total, BlockedVectors.BLOCK)];
    float[] bias = new float[scale.length];
    Arrays.fill(bias, Float.POSITIVE_INFINITY);
    boolean unit = true;
    for (int c = 0; c < lists.length; c++) {
      for (int slot = 0; slot < lists[c].length / dim; slot++) {
        int p = offsets[c] + slot;
        if (docAt[p] < 0) {
          continue;
        }
        int base = (slot / BlockedVectors.BLOCK) * dim * BlockedVectors.BLOCK + slot % BlockedVectors.BLOCK;
        scale[p] = distance.docScale(lists[c], base, BlockedVectors.BLOCK, dim);
        bias[p] = distance.bias(lists[c], base, BlockedVectors.BLOCK, dim);
        unit &= scale[p] == 1f;
      }
    }
    return new Terms(scale, bias, unit);
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
    return lists.length;
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
    int clusters = lists.length;
    int probes = Math.min(clusters, probes(params, clusters));
    int want = Math.min(k, size());
    int ranked = Math.min(clusters, probes + 4);
    Neighbors near = centroidIndex.nearest(queries, ranked, threads);
    int candidates = Math.min(size(), k + LinearIndex.MARGIN);
    Terms queryTerms = Terms.ofQueries(distance, queries);
    FloatKernel kernel = Kernels.preferred();
    int groups = Math.min(threads, (nq + 7) / 8);
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
      float[] gathered = new float[0];
      for (int c = 0; c < clusters; c++) {
        IntArrayList qs = probing[c];
        if (qs == null || lists[c].length == 0) {
          continue;
        }
        int m = qs.size();
        if (gathered.length < m * dim) {
          gathered = new float[m * dim];
        }
        float[] scale = new float[m];
        float[] bias = new float[m];
        TopK[] h = new TopK[m];
        for (int i = 0; i < m; i++) {
          int q = qs.getInt(i);
          System.arraycopy(queries.data(), q * dim, gathered, i * dim, dim);
          scale[i] = queryTerms.scale()[q];
          bias[i] = queryTerms.bias()[q];
          h[i] = heaps[q - q0];
        }
        QueryBatch batch = kernel.batch(gathered, dim, 0, m, new Terms(scale, bias, false));
        kernel.scan(batch, lists[c], lists[c].length / dim / BlockedVectors.BLOCK, offsets[c], docTerms, h, 0);
      }
      Rescorer r = new Rescorer(distance, dim, pkOrder, candidates);
      float[] row = new float[dim];
      Rescorer.Docs docs = (doc, dst) -> copyDoc(rowOf[doc], dst);
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
    if (held < want && order.length < lists.length) {
      // rare: the nearest clusters are nearly empty; rank them all for this query
      order = centroidIndex.nearest(queries.select(new int[] {q}), lists.length, 1).ids(0);
      held = 0;
      m = 0;
      while (m < order.length && (m < probes || held < want)) {
        held += counts[order[m]];
        m++;
      }
    }
    return Arrays.copyOf(order, m);
  }

  private void copyDoc(int position, float[] dst) {
    int c = cluster(position);
    int slot = position - offsets[c];
    int base = (slot / BlockedVectors.BLOCK) * dim * BlockedVectors.BLOCK + slot % BlockedVectors.BLOCK;
    for (int j = 0; j < dim; j++) {
      dst[j] = lists[c][base + j * BlockedVectors.BLOCK];
    }
  }

  private int cluster(int position) {
    int c = Arrays.binarySearch(offsets, position);
    if (c >= 0) {
      while (c + 1 < offsets.length && offsets[c + 1] == position) {
        c++; // skip empty clusters sharing the offset
      }
      return c;
    }
    return -c - 2;
  }

  /** Writes centroids and lists. */
  void write(DataOutputStream out) throws IOException {
    out.writeInt(dim);
    out.writeInt(centroids.size());
    IndexStore.writeFloats(out, centroids.data(), centroids.size() * dim);
    out.writeInt(docAt.length);
    for (int c = 0; c <= lists.length; c++) {
      out.writeInt(offsets[c]);
    }
    for (int p : docAt) {
      out.writeInt(p);
    }
    for (float[] list : lists) {
      IndexStore.writeFloats(out, list, list.length);
    }
  }

  /** Reads what {@link #write} wrote. */
  static ClusterIndex read(DataInputStream in, Pks pks, int[] pkOrder, Distance distance) throws IOException {
    int dim = in.readInt();
    int k = in.readInt();
    float[] c = new float[k * dim];
    IndexStore.readFloats(in, c);
    int positions = in.readInt();
    int[] offsets = new int[k + 1];
    for (int i = 0; i <= k; i++) {
      offsets[i] = in.readInt();
    }
    int[] docAt = new int[positions];
    for (int i = 0; i < positions; i++) {
      docAt[i] = in.readInt();
    }
    float[][] lists = new float[k][];
    for (int i = 0; i < k; i++) {
      lists[i] = new float[(offsets[i + 1] - offsets[i]) * dim];
      IndexStore.readFloats(in, lists[i]);
    }
    return new ClusterIndex(FloatVectors.wrap(c, dim), lists, offsets, docAt, pks, pkOrder, distance);
  }
}
