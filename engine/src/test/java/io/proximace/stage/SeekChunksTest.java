package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.Progress;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.LinearIndex;
import io.proximace.index.Params;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.kernel.Distance;
import io.proximace.kernel.Vectors;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.StringPks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A seek split in chunks gives the neighbours of one search, and chunks follow the measured rate. */
class SeekChunksTest {
  static final int DIM = 8;

  static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n * DIM];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextInt(5); // few values: many ties, broken by pk
    }
    return v;
  }

  @Test
  void chunksGiveTheResultOfOneSearch() {
    int n = 600;
    FloatVectors docs = FloatVectors.wrap(random(n, 1), DIM);
    StringPks pks = new StringPks();
    for (int i = 0; i < n; i++) {
      pks.add(String.format("doc%05d", (i * 7919) % 100_000));
    }
    int[] order = PkOrder.ranks(pks, "test");
    Distance d = Distance.SQUARED_EUCLIDEAN;
    List<VectorIndex> indexes = List.of(new LinearIndex(Vectors.blocked(docs.data(), DIM), pks, order, d),
        HnswIndex.build(docs, pks, order, d, Params.defaults(HnswIndex.BUILD_KEYS), 1),
        ClusterIndex.build(docs, ClusterIndex.train(docs, n, Params.parse(
            "{\"proxima.qc.builder.centroid_count\":8}", "-builder_params", ClusterIndex.BUILD_KEYS), 1), pks, order, d,
            Params.defaults(ClusterIndex.BUILD_KEYS), 1));
    FloatVectors queries = FloatVectors.wrap(random(301, 2), DIM);
    int k = 10;
    for (VectorIndex index : indexes) {
      Params p = Params.defaults(index instanceof HnswIndex ? HnswIndex.SEARCH_KEYS
          : index instanceof ClusterIndex ? ClusterIndex.SEARCH_KEYS : List.of());
      Neighbors one = index.search(queries, k, p, 2);
      List<Integer> sizes = new ArrayList<>();
      long[] now = {0};
      Progress progress = Progress.start("seek", "queries", queries.size());
      Neighbors chunked = SeekStage.inChunks(queries, k, 5, q -> {
        sizes.add(q.size());
        return index.search(q, k, p, 2);
      }, progress, () -> now[0] += 1_000_000_000L);
      // a second per chunk keeps it as it is, but not under the minimum: chunks of 5, 64, 64, 64, 64 and 40
      assertEquals(List.of(5, 64, 64, 64, 64, 40), sizes, index.getClass().getSimpleName());
      assertEquals(301, progress.done());
      for (int q = 0; q < queries.size(); q++) {
        assertArrayEquals(one.ids(q), chunked.ids(q), index.getClass().getSimpleName() + " query " + q);
        for (int i = 0; i < one.count(q); i++) {
          assertEquals(one.score(q, i), chunked.score(q, i), 0f);
        }
      }
    }
  }

  @Test
  void theNextChunkTakesAboutASecondAndGrowsAtMostFourTimes() {
    assertEquals(1000, SeekStage.nextChunk(500, 500_000_000L)); // 500 in 0.5 s: 1000 in a second
    assertEquals(400, SeekStage.nextChunk(100, 1_000L)); // very fast: at most 4 times as many
    assertEquals(SeekStage.MIN_CHUNK, SeekStage.nextChunk(100, 60_000_000_000L)); // very slow: the minimum
  }
}
