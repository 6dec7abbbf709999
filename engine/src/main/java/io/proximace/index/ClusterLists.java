package io.proximace.index;

import io.proximace.topk.TopK;
import io.proximace.vector.FloatVectors;
import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * How a {@link ClusterIndex} keeps the docs of its lists: as floats in the batch kernel's blocks
 * ({@link FloatLists}), or as 8-bit codes scanned for candidates whose floats are read only to rescore them
 * ({@link CodeLists}). Docs are numbered by position: cluster {@code c} holds positions
 * {@code [offsets[c], offsets[c + 1])}.
 */
sealed interface ClusterLists permits FloatLists, CodeLists {
  /**
   * Offers every doc of the clusters each query {@code q} of {@code [q0, q1)} probes ({@code probing[c]} lists the
   * queries probing cluster {@code c}) to {@code heaps[q - q0]}, by position and rank.
   */
  void scan(FloatVectors queries, int q0, int q1, IntArrayList[] probing, TopK[] heaps);

  /** The floats of doc {@code doc} (by doc id), for the exact rescoring. */
  Rescorer.Docs rows();

  /** Memory the lists hold on the heap, in bytes. */
  long heapBytes();
}
