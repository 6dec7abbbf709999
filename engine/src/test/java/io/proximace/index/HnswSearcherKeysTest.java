package io.proximace.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.index.hnsw.HnswGraph;
import io.proximace.kernel.Distance;
import io.proximace.kernel.Vectors;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.StringPks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** hnsw's searcher keys brute_force_threshold, max_scan_ratio and force_padding_result_enable. */
class HnswSearcherKeysTest {
  private static final int N = 2000;
  private static final int DIM = 24;
  private static final int K = 10;
  private static final float[] DOCS = Vectors.random(N, DIM, 11);
  private static final FloatVectors QUERIES = FloatVectors.wrap(Vectors.random(40, DIM, 12), DIM);

  private static StringPks pks(int n) {
    StringPks pks = new StringPks();
    for (int i = 0; i < n; i++) {
      pks.add(String.format("doc%05d", (i * 7919) % 100_000)); // pk order differs from row order
    }
    return pks;
  }

  /** A deliberately poor graph (degree 4, narrow construction beam), so that a walk of ef = topk misses neighbours. */
  private static HnswIndex poorGraph() {
    StringPks pks = pks(N);
    Params build = Params.parse("{\"proxima.hnsw.builder.max_neighbor_count\":4,\"proxima.hnsw.builder.efconstruction\":8}",
        "-builder_params", HnswIndex.BUILD_KEYS);
    return HnswIndex.build(FloatVectors.wrap(DOCS.clone(), DIM), pks, PkOrder.ranks(pks, "test"), Distance.SQUARED_EUCLIDEAN,
        build, 1);
  }

  private static Neighbors search(VectorIndex index, String searcherParams) {
    return index.search(QUERIES, K, Params.parse(searcherParams, "-searcher_params", HnswIndex.SEARCH_KEYS), 2);
  }

  private static Neighbors linear() {
    StringPks pks = pks(N);
    LinearIndex exact = new LinearIndex(Vectors.blocked(DOCS, DIM), pks, PkOrder.ranks(pks, "test"), Distance.SQUARED_EUCLIDEAN);
    return exact.search(QUERIES, K, Params.defaults(java.util.List.of()), 2);
  }

  private static boolean same(Neighbors a, Neighbors b) {
    for (int q = 0; q < QUERIES.size(); q++) {
      if (!Arrays.equals(a.ids(q), b.ids(q))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aShardBelowTheBruteForceThresholdIsSearchedExactlyAsLinearIs() {
    HnswIndex index = poorGraph();
    Neighbors exact = linear();
    assertFalse(same(exact, search(index, "{\"proxima.hnsw.searcher.ef\":10}")), "the poor graph misses neighbours");
    assertFalse(same(exact, search(index, "{\"proxima.hnsw.searcher.ef\":10,\"proxima.hnsw.searcher.brute_force_threshold\":2000}")),
        "a shard of exactly the threshold is walked");
    Neighbors scanned = search(index, "{\"proxima.hnsw.searcher.ef\":10,\"proxima.hnsw.searcher.brute_force_threshold\":2001}");
    for (int q = 0; q < QUERIES.size(); q++) {
      assertArrayEquals(exact.ids(q), scanned.ids(q), "query " + q);
      for (int i = 0; i < K; i++) {
        assertEquals(exact.score(q, i), scanned.score(q, i), 0f, "query " + q);
      }
    }
  }

  @Test
  void aScanCapLowersRecallButEveryQueryStillGetsTopk() {
    HnswIndex index = poorGraph();
    Neighbors exact = linear();
    Neighbors free = search(index, "{\"proxima.hnsw.searcher.ef\":200}");
    Neighbors capped = search(index, "{\"proxima.hnsw.searcher.ef\":200,\"proxima.hnsw.searcher.max_scan_ratio\":0}");
    int freeHits = 0;
    int cappedHits = 0;
    for (int q = 0; q < QUERIES.size(); q++) {
      assertEquals(K, capped.count(q), "query " + q);
      freeHits += hits(exact.ids(q), free.ids(q));
      cappedHits += hits(exact.ids(q), capped.ids(q));
    }
    assertTrue(cappedHits < freeHits, cappedHits + " vs " + freeHits);
    assertTrue(same(free, search(index, "{\"proxima.hnsw.searcher.ef\":200,\"proxima.hnsw.searcher.max_scan_ratio\":1}")),
        "a cap of every doc changes nothing");
  }

  private static int hits(int[] truth, int[] found) {
    return (int) Arrays.stream(found).filter(f -> Arrays.stream(truth).anyMatch(t -> t == f)).count();
  }

  @Test
  void aGraphWithoutEdgesIsPaddedToTopkUnlessPaddingIsOff() throws IOException {
    int n = 300;
    StringPks pks = pks(n);
    FloatVectors docs = FloatVectors.wrap(Arrays.copyOf(DOCS, n * DIM), DIM);
    HnswIndex index = new HnswIndex(edgeless(n), docs, pks, PkOrder.ranks(pks, "test"), Distance.SQUARED_EUCLIDEAN);
    for (String json : new String[] {"{\"proxima.hnsw.searcher.ef\":10}",
        "{\"proxima.hnsw.searcher.ef\":10,\"proxima.hnsw.searcher.force_padding_result_enable\":true}"}) {
      Neighbors padded = search(index, json);
      for (int q = 0; q < QUERIES.size(); q++) {
        assertEquals(K, padded.count(q), json);
      }
    }
    Neighbors raw = search(index, "{\"proxima.hnsw.searcher.ef\":10,\"proxima.hnsw.searcher.force_padding_result_enable\":false}");
    for (int q = 0; q < QUERIES.size(); q++) {
      assertEquals(1, raw.count(q), "the walk finds its entry only");
    }
  }

  /** A graph of {@code n} nodes and no edges, in {@link HnswGraph}'s file format. */
  private static HnswGraph edgeless(int n) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x48_4E_53_57);
    out.writeInt(n);
    out.writeInt(0);
    out.writeInt(1);
    for (int i = 0; i < n; i++) {
      out.writeInt(0);
    }
    for (int i = 0; i < n; i++) {
      out.writeInt(0);
    }
    out.writeInt(0);
    return HnswGraph.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    ProximaException e = org.junit.jupiter.api.Assertions.assertThrows(ProximaException.class,
        () -> Params.parse("{\"proxima.hnsw.searcher.max_scan_ratio\":1.5}", "-searcher_params", HnswIndex.SEARCH_KEYS));
    assertEquals("-searcher_params: proxima.hnsw.searcher.max_scan_ratio 1.5 is outside 0.0..1.0", e.getMessage());
  }

  /** A graph whose neighbour slots would not fit in one Java array is refused by name before anything is built. */
  @Test
  void aGraphTooLargeForOneArrayIsRefusedWithTheWayOut() {
    int n = 5_000_000; // x 615 slots (512 x overflow 1.2) > 2^31
    FloatVectors docs = FloatVectors.wrap(new float[n], 1);
    Params p = Params.parse("{\"proxima.hnsw.builder.max_neighbor_count\":512}", "-builder_params", HnswIndex.BUILD_KEYS);
    ProximaException e = org.junit.jupiter.api.Assertions.assertThrows(ProximaException.class,
        () -> HnswIndex.build(docs, null, null, Distance.SQUARED_EUCLIDEAN, p, 1));
    assertTrue(e.getMessage().contains("-column_num") && e.getMessage().contains("5000000 docs"), e.getMessage());
  }
}
