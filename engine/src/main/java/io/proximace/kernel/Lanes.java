package io.proximace.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a float vector's lanes in one fixed order. The Vector API leaves the order of
 * {@code reduceLanes(ADD)} to the implementation, and it differs between the interpreter (lane by lane) and
 * compiled code (a tree), so the same pair could round differently before and after the JIT compiles a kernel,
 * and a graph or a k-means seeding could then depend on timing. Here the halves are added pairwise, then
 * their halves, and so on: lane-wise adds and exact lane moves, the same bits in every tier.
 */
public final class Lanes {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorShuffle<Float>[] FOLDS = folds();

  private Lanes() {}

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] folds() {
    if (Integer.bitCount(S.length()) != 1) {
      throw new IllegalStateException("lanes fold in halves: " + S.length() + " lanes is not a power of two");
    }
    int steps = Integer.numberOfTrailingZeros(S.length());
    VectorShuffle<Float>[] folds = new VectorShuffle[steps];
    for (int s = 0, half = S.length() / 2; s < steps; s++, half /= 2) {
      int h = half;
      folds[s] = VectorShuffle.fromOp(S, i -> i ^ h);
    }
    return folds;
  }

  /** The sum of the lanes of {@code v} (of the preferred species), in the same order whatever compiled it. */
  public static float sum(FloatVector v) {
    for (VectorShuffle<Float> fold : FOLDS) {
      v = v.add(v.rearrange(fold));
    }
    return v.lane(0);
  }
}
