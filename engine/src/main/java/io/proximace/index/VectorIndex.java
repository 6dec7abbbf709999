package io.proximace.index;

import io.proximace.kernel.Distance;
import io.proximace.topk.Neighbors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;

/**
 * An index over float docs: exact ({@link LinearIndex}), graph ({@link HnswIndex}) or clustered
 * ({@link ClusterIndex}). Every search returns, per query, up to k docs best first with exact scores,
 * ties by pk, and exactly k whenever the index holds at least k docs.
 */
public sealed interface VectorIndex extends AutoCloseable permits LinearIndex, HnswIndex, ClusterIndex, BinaryIndex {
  /** Number of docs. */
  int size();

  /** Vector dimension. */
  int dim();

  /** How scores are computed. */
  Distance distance();

  /** The docs' keys, by doc id. */
  Pks pks();

  /** The {@code k} nearest docs of every query; {@code params} are the algorithm's searcher keys. */
  Neighbors search(FloatVectors queries, int k, Params params, int threads);

  /** Releases files and memory held for searching. */
  @Override
  default void close() {}
}
