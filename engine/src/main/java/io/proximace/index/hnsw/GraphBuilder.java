package io.proximace.index.hnsw;

import io.proximace.Progress;
import io.proximace.index.Parallel;
import io.proximace.kernel.Distance;
import io.proximace.kernel.FloatKernel;
import io.proximace.kernel.Kernels;
import io.proximace.vector.FloatVectors;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Builds an {@link HnswGraph} by batched insertion, so that the graph depends on the docs and these
 * parameters only, never on the thread count. Node levels come from a hash of the node id (HNSW's
 * {@code -ln(U) mL}); nodes are inserted in the order of another hash of their ids, so that docs that arrive
 * sorted (a table grouped by category or cluster) do not land in one batch whose nodes cannot link to each
 * other, in batches whose sizes depend only on the number of docs (1, 1, 2, 4, ... up to a cap). Within a
 * batch every new node searches the graph as it was before the batch and picks its neighbours by HNSW's
 * heuristic (in parallel, each node's result its own); then the reverse edges are grouped by target and
 * applied per target with the sources in insertion order, a
 * target's list pruned by the same heuristic when it overflows (in parallel over targets). Ties in
 * distance go to the smaller node id everywhere. Pairs are scored by the engine's kernel (so a machine
 * whose kernel has another SIMD width may round some pairs, and so build the graph, differently).
 *
 * @param maxDegree the most neighbours a node keeps on layer 0 (the upper layers keep half as many, as HNSW's M)
 * @param beamWidth beam width while inserting a node (efConstruction)
 * @param neighborOverflow how far a neighbour list may grow past its degree before it is pruned back
 * @param alpha pruning diversity: 1 is HNSW's rule; above 1 a second pass fills the slots it left free
 * @param hierarchy whether to build HNSW's upper layers (without them every search starts at the first node inserted)
 */
public record GraphBuilder(int maxDegree, int beamWidth, float neighborOverflow, float alpha, boolean hierarchy) {
  private static final long SEED = 0x5DEECE66DL;
  private static final long ORDER_SEED = 0x2545F4914F6CDD1DL;
  private static final int MAX_LEVEL = 16;
  /** Nodes per task while searching, targets per task while linking. */
  private static final int SEARCH_TASK = 8;
  private static final int LINK_TASK = 64;

  /** The graph of row-major {@code docs} (node i is doc i) by {@code distance}, built on {@code threads} threads. */
  public HnswGraph build(FloatVectors docs, Distance distance, int threads) {
    return new Build(this, docs, distance, Kernels.preferred(), threads).run();
  }

  /** The neighbour slots a list of {@code degree} keeps while building: room to overflow before it is pruned. */
  public static int cap(int degree, float neighborOverflow) {
    return Math.max(degree, (int) Math.ceil(degree * (double) neighborOverflow));
  }

  /** The size of the batch that starts after {@code inserted} nodes: doubling, at most a cap that depends on n. */
  static int batchSize(int inserted, int n) {
    int cap = Math.clamp(n / 128, 32, 1024);
    return Math.min(Math.max(1, inserted), cap);
  }

  /** HNSW's level of a node: {@code floor(-ln(U) mL)}, U uniform in (0, 1] from a hash of the node id. */
  static int level(int node, double mL) {
    double u = ((hash(SEED, node) >>> 11) + 1) * 0x1.0p-53;
    return (int) Math.min(MAX_LEVEL, Math.floor(-StrictMath.log(u) * mL));
  }

  /** splitmix64 of {@code node} under {@code seed}. */
  private static long hash(long seed, int node) {
    long z = seed + (node + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The order nodes {@code 0..n-1} are inserted in: by a hash of the id (ties, if any, by id), the same every run. */
  static int[] insertionOrder(int n) {
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = (hash(ORDER_SEED, i) & 0xFFFF_FFFF_0000_0000L) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /** The graph under construction: lists of up to {@code cap} neighbours, with their distances, per layer. */
  private static final class Build {
    private final GraphBuilder p;
    private final int n;
    private final int dim;
    private final float[] data;
    private final FloatKernel kernel;
    private final Distance distance;
    private final float[] inverseNorm; // cosine only
    private final int threads;
    private final int[] level;
    private final int[] order; // insertion position -> node
    private final int top;
    private final int[] degree;
    private final int[] cap;
    private final Int2IntOpenHashMap[] slot; // slot[l] for l >= 1: node -> row of layer l
    private final int[][] counts;
    private final int[][] adjacency;
    private final float[][] dists;
    private final ConcurrentLinkedQueue<Scratch> scratches = new ConcurrentLinkedQueue<>();
    private int entry = -1;
    private int entryLevel = -1;

    Build(GraphBuilder p, FloatVectors docs, Distance distance, FloatKernel kernel, int threads) {
      this.p = p;
      this.n = docs.size();
      this.dim = docs.dim();
      this.data = docs.data();
      this.kernel = kernel;
      this.distance = distance;
      this.threads = threads;
      if (distance == Distance.COSINE) {
        inverseNorm = new float[n];
        for (int i = 0; i < n; i++) {
          inverseNorm[i] = distance.docScale(data, i * dim, 1, dim);
        }
      } else {
        inverseNorm = null;
      }
      int upperDegree = Math.max(2, p.maxDegree / 2);
      double mL = 1 / Math.log(upperDegree);
      level = new int[n];
      int max = 0;
      for (int i = 0; i < n; i++) {
        level[i] = p.hierarchy ? level(i, mL) : 0;
        max = Math.max(max, level[i]);
      }
      top = max;
      order = insertionOrder(n);
      degree = new int[top + 1];
      cap = new int[top + 1];
      slot = new Int2IntOpenHashMap[top + 1];
      counts = new int[top + 1][];
      adjacency = new int[top + 1][];
      dists = new float[top + 1][];
      for (int l = 0; l <= top; l++) {
        degree[l] = l == 0 ? p.maxDegree : upperDegree;
        cap[l] = cap(degree[l], p.neighborOverflow);
        int rows = n;
        if (l > 0) {
          slot[l] = new Int2IntOpenHashMap();
          for (int i = 0; i < n; i++) {
            if (level[i] >= l) {
              slot[l].put(i, slot[l].size());
            }
          }
          rows = slot[l].size();
        }
        counts[l] = new int[rows];
        adjacency[l] = new int[Math.multiplyExact(rows, cap[l])];
        dists[l] = new float[Math.multiplyExact(rows, cap[l])];
      }
    }

    /** The pair's rank (smaller is closer), symmetric bit for bit: the kernel's products commute. */
    float dist(int a, int b) {
      return switch (distance) {
        case SQUARED_EUCLIDEAN -> kernel.squaredDistance(data, a * dim, data, b * dim, dim);
        case INNER_PRODUCT -> -kernel.dot(data, a * dim, data, b * dim, dim);
        case COSINE -> -kernel.dot(data, a * dim, data, b * dim, dim) * (inverseNorm[a] * inverseNorm[b]);
      };
    }

    /**
     * The rank below which a kept neighbour rules out a candidate at rank {@code d}: {@code d} itself by HNSW's
     * rule (alpha 1); else the distance divided by alpha, the distance being the squared euclidean one, or
     * {@code 1 - dot} (1 - cosine) for inner product and cosine, whose ranks are negated dot products.
     */
    float threshold(float d, float alpha) {
      if (alpha == 1f) {
        return d;
      }
      if (distance == Distance.SQUARED_EUCLIDEAN) {
        return d / alpha;
      }
      float h = 1 + d;
      return (h >= 0 ? h / alpha : h * alpha) - 1;
    }

    int row(int l, int node) {
      return l == 0 ? node : slot[l].get(node);
    }

    HnswGraph run() {
      try (Progress progress = Progress.start("hnsw graph", "nodes", n)) {
        Batch batch = new Batch();
        for (int from = 0; from < n; ) {
          int to = Math.min(n, from + batchSize(from, n));
          batch.insert(from, to);
          from = to;
          progress.add(to - progress.done());
        }
      }
      return finish();
    }

    /** Prunes lists longer than their degree and copies them into an {@link HnswGraph}. */
    private HnswGraph finish() {
      if (n == 0) {
        return new HnswGraph(0, 0, p.maxDegree, new int[0], new int[0], new HnswGraph.Layer[0]);
      }
      int[][] outCounts = new int[top + 1][];
      int[][] outAdjacency = new int[top + 1][];
      for (int l = 0; l <= top; l++) {
        int layer = l;
        int rows = counts[l].length;
        outCounts[l] = new int[rows];
        outAdjacency[l] = new int[rows * degree[l]];
        Parallel.forEach((rows + LINK_TASK - 1) / LINK_TASK, threads, t -> {
          Scratch s = scratch();
          for (int r = t * LINK_TASK; r < Math.min(rows, (t + 1) * LINK_TASK); r++) {
            int c = counts[layer][r];
            if (c > degree[layer]) {
              c = s.prune(layer, r, c);
            }
            outCounts[layer][r] = c;
            System.arraycopy(adjacency[layer], r * cap[layer], outAdjacency[layer], r * degree[layer], c);
          }
          scratches.add(s);
        });
      }
      HnswGraph.Layer[] upper = new HnswGraph.Layer[top];
      for (int l = 1; l <= top; l++) {
        upper[l - 1] = new HnswGraph.Layer(degree[l], slot[l], outCounts[l], outAdjacency[l]);
      }
      return new HnswGraph(n, entry, degree[0], outCounts[0], outAdjacency[0], upper);
    }

    Scratch scratch() {
      Scratch s = scratches.poll();
      return s != null ? s : new Scratch();
    }

    /** One batch's new lists, then its reverse edges. */
    private final class Batch {
      private int[][] newIds = new int[top + 1][];
      private float[][] newDists = new float[top + 1][];
      private int[][] newCounts = new int[top + 1][];
      private long[] edges = new long[0];

      /** Inserts the nodes at positions {@code [from, to)} of the order: each searches the graph of those before {@code from}. */
      void insert(int from, int to) {
        int size = to - from;
        for (int l = 0; l <= top; l++) {
          if (newCounts[l] == null || newCounts[l].length < size) {
            newIds[l] = new int[size * degree[l]];
            newDists[l] = new float[size * degree[l]];
            newCounts[l] = new int[size];
          }
          Arrays.fill(newCounts[l], 0, size, 0);
        }
        if (entry >= 0) {
          Parallel.forEach((size + SEARCH_TASK - 1) / SEARCH_TASK, threads, t -> {
            Scratch s = scratch();
            for (int at = from + t * SEARCH_TASK; at < Math.min(to, from + (t + 1) * SEARCH_TASK); at++) {
              s.neighbours(order[at], at - from, newIds, newDists, newCounts);
            }
            scratches.add(s);
          });
        }
        for (int at = from; at < to; at++) {
          int node = order[at];
          for (int l = 0; l <= level[node]; l++) {
            int r = row(l, node);
            int c = newCounts[l][at - from];
            System.arraycopy(newIds[l], (at - from) * degree[l], adjacency[l], r * cap[l], c);
            System.arraycopy(newDists[l], (at - from) * degree[l], dists[l], r * cap[l], c);
            counts[l][r] = c;
          }
        }
        for (int l = 0; l <= top; l++) {
          link(l, from, size);
        }
        for (int at = from; at < to; at++) {
          int node = order[at];
          if (level[node] > entryLevel) {
            entry = node;
            entryLevel = level[node];
          }
        }
      }

      /** Adds each new list's reverse edges on layer {@code l}, grouped by target, sources in insertion order. */
      private void link(int l, int from, int size) {
        int d = degree[l];
        int m = 0;
        for (int i = 0; i < size; i++) {
          m += newCounts[l][i];
        }
        if (edges.length < m) {
          edges = new long[Math.max(m, edges.length * 2)];
        }
        m = 0;
        for (int i = 0; i < size; i++) {
          for (int j = 0; j < newCounts[l][i]; j++) {
            int pos = i * d + j; // increases with the source, so (target, pos) sorts sources by insertion
            edges[m++] = ((long) newIds[l][pos] << 32) | pos;
          }
        }
        Arrays.sort(edges, 0, m);
        int[] starts = new int[m + 1];
        int groups = 0;
        for (int i = 0; i < m; i++) {
          if (i == 0 || (edges[i] >>> 32) != (edges[i - 1] >>> 32)) {
            starts[groups++] = i;
          }
        }
        starts[groups] = m;
        int g = groups;
        long[] e = edges;
        Parallel.forEach((g + LINK_TASK - 1) / LINK_TASK, threads, t -> {
          Scratch s = scratch();
          for (int k = t * LINK_TASK; k < Math.min(g, (t + 1) * LINK_TASK); k++) {
            s.addReverse(l, from, e, starts[k], starts[k + 1], newDists[l]);
          }
          scratches.add(s);
        });
      }
    }

    /** One thread's search state, reused: queues, a visited array stamped by generation, candidate buffers. */
    private final class Scratch {
      private final int[] visited = new int[n];
      private int generation;
      private final NodeQueue frontier = new NodeQueue(256, false);
      private final NodeQueue results = new NodeQueue(256, true);
      private final int[] batch;
      private int[] ids;
      private float[] ranks;
      private long[] keys = new long[64];
      private int[] known = new int[64]; // per candidate: how many pair ranks to the kept ones are in pairs, -1 if kept
      private float[] pairs = new float[64];

      Scratch() {
        int most = 0;
        for (int c : cap) {
          most = Math.max(most, c);
        }
        batch = new int[most];
        ids = new int[Math.max(p.beamWidth, most) + most];
        ranks = new float[ids.length];
      }

      /** Searches for {@code node}'s neighbours on each of its layers and writes them to slot {@code i} of the new lists. */
      void neighbours(int node, int i, int[][] newIds, float[][] newDists, int[][] newCounts) {
        int cur = entry;
        float curRank = dist(node, cur);
        for (int l = entryLevel; l > level[node]; l--) {
          boolean moved = true;
          while (moved) {
            moved = false;
            int r = row(l, cur);
            int base = r * cap[l];
            for (int k = 0, c = counts[l][r]; k < c; k++) {
              int v = adjacency[l][base + k];
              float d = dist(node, v);
              if (d < curRank || (d == curRank && v < cur)) {
                curRank = d;
                cur = v;
                moved = true;
              }
            }
          }
        }
        for (int l = Math.min(level[node], entryLevel); l >= 0; l--) {
          int found = search(node, cur, curRank, l);
          if (found == 0) {
            continue;
          }
          cur = ids[0];
          curRank = ranks[0];
          int d = degree[l];
          newCounts[l][i] = select(found, d, newIds[l], newDists[l], i * d);
        }
      }

      /**
       * A beam of width efConstruction on layer {@code l} from {@code start}: the closest nodes (the graph does not
       * hold {@code node} yet) into {@link #ids} and {@link #ranks}, best first by (rank, id). Returns how many.
       */
      int search(int node, int start, float startRank, int l) {
        if (++generation == 0) {
          Arrays.fill(visited, 0);
          generation = 1;
        }
        int gen = generation;
        int ef = p.beamWidth;
        int[] adj = adjacency[l];
        int[] cnt = counts[l];
        int width = cap[l];
        frontier.clear();
        results.clear();
        visited[start] = gen;
        frontier.push(start, startRank);
        results.push(start, startRank);
        while (frontier.size() > 0) {
          if (results.size() >= ef && frontier.topRank() > results.topRank()) {
            break;
          }
          int u = frontier.topNode();
          frontier.pop();
          int r = l == 0 ? u : slot[l].get(u);
          int base = r * width;
          int m = 0;
          for (int k = 0, c = cnt[r]; k < c; k++) {
            int v = adj[base + k];
            if (visited[v] != gen) {
              visited[v] = gen;
              batch[m++] = v;
            }
          }
          for (int k = 0; k < m; k++) {
            int v = batch[k];
            offer(v, dist(node, v), ef);
          }
        }
        int count = results.size();
        for (int k = count - 1; k >= 0; k--) {
          ids[k] = results.topNode();
          ranks[k] = results.topRank();
          results.pop();
        }
        return count;
      }

      private void offer(int v, float r, int ef) {
        if (results.size() < ef) {
          results.push(v, r);
          frontier.push(v, r);
        } else if (r < results.topRank() || (r == results.topRank() && v < results.topNode())) {
          results.pop();
          results.push(v, r);
          frontier.push(v, r);
        }
      }

      /**
       * HNSW's heuristic over the {@code count} candidates in {@link #ids} (best first): a candidate is kept
       * unless a kept one is closer to it than the threshold of its own rank; at most {@code max} are kept,
       * written with their ranks from {@code off}. With alpha above 1, as jvector does, a second pass with
       * alpha's looser threshold fills the slots HNSW's rule left free, so the diverse edges come first and
       * the list is fuller; it reuses the first pass's pair ranks. Returns how many.
       */
      int select(int count, int max, int[] outIds, float[] outRanks, int off) {
        if (known.length < count) {
          known = new int[Math.max(count, 2 * known.length)];
        }
        if (pairs.length < count * max) {
          pairs = new float[Math.max(count * max, 2 * pairs.length)];
        }
        Arrays.fill(known, 0, count, 0);
        int kept = 0;
        for (int pass = p.alpha > 1 ? 0 : 1; pass < 2 && kept < max; pass++) {
          float alpha = pass == 0 ? 1f : p.alpha;
          for (int k = 0; k < count && kept < max; k++) {
            if (known[k] < 0) { // chosen already
              continue;
            }
            int c = ids[k];
            float t = threshold(ranks[k], alpha);
            boolean good = true;
            for (int j = 0; j < kept; j++) {
              float d;
              if (j < known[k]) {
                d = pairs[k * max + j];
              } else {
                d = dist(c, outIds[off + j]);
                pairs[k * max + j] = d;
                known[k] = j + 1;
              }
              if (d < t) {
                good = false;
                break;
              }
            }
            if (good) {
              known[k] = -1;
              outIds[off + kept] = c;
              outRanks[off + kept] = ranks[k];
              kept++;
            }
          }
        }
        return kept;
      }

      /**
       * Adds to one target's list on layer {@code l} the sources of {@code edges[a, b)} (all for the same target,
       * sources ascending), pruning the list to its degree if it would pass its cap.
       */
      void addReverse(int l, int from, long[] edges, int a, int b, float[] newDists) {
        int target = (int) (edges[a] >>> 32);
        int r = row(l, target);
        int base = r * cap[l];
        int c = counts[l][r];
        int m = c;
        ensure(c + (b - a));
        System.arraycopy(adjacency[l], base, ids, 0, c);
        System.arraycopy(dists[l], base, ranks, 0, c);
        for (int k = a; k < b; k++) {
          int pos = (int) edges[k];
          int source = order[from + pos / degree[l]];
          ids[m] = source;
          ranks[m] = newDists[pos];
          m++;
        }
        if (m <= cap[l]) {
          System.arraycopy(ids, c, adjacency[l], base + c, m - c);
          System.arraycopy(ranks, c, dists[l], base + c, m - c);
          counts[l][r] = m;
          return;
        }
        counts[l][r] = sortAndSelect(l, r, m);
      }

      /** Prunes row {@code r} of layer {@code l}, holding {@code c} neighbours, to its degree. Returns the count. */
      int prune(int l, int r, int c) {
        ensure(c);
        System.arraycopy(adjacency[l], r * cap[l], ids, 0, c);
        System.arraycopy(dists[l], r * cap[l], ranks, 0, c);
        return sortAndSelect(l, r, c);
      }

      /** Sorts the {@code m} candidates by (rank, id), selects up to the degree into row {@code r}. */
      private int sortAndSelect(int l, int r, int m) {
        sort(m);
        return select(m, degree[l], adjacency[l], dists[l], r * cap[l]);
      }

      /** Sorts the first {@code m} candidates by (rank, id). */
      private void sort(int m) {
        if (keys.length < m) {
          keys = new long[Math.max(m, keys.length * 2)];
        }
        for (int k = 0; k < m; k++) {
          int bits = Float.floatToIntBits(ranks[k]);
          bits ^= (bits >> 31) & 0x7fffffff; // order-preserving as a signed int
          keys[k] = ((long) bits << 32) | (ids[k] & 0xffffffffL);
        }
        Arrays.sort(keys, 0, m);
        for (int k = 0; k < m; k++) {
          int bits = (int) (keys[k] >> 32);
          bits ^= (bits >> 31) & 0x7fffffff;
          ranks[k] = Float.intBitsToFloat(bits);
          ids[k] = (int) keys[k];
        }
      }

      private void ensure(int m) {
        if (ids.length < m) {
          ids = Arrays.copyOf(ids, Math.max(m, ids.length * 2));
          ranks = Arrays.copyOf(ranks, ids.length);
        }
      }
    }
  }
}
