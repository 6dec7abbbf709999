package io.proximace.stage;

/**
 * The true neighbours a search found out of those it should have found, over sampled queries: Recall@k as a share,
 * with its 95% Wilson score interval. The interval counts each wanted neighbour as one trial; neighbours of one query
 * are not independent, so it is a lower bound on the uncertainty rather than a promise.
 *
 * @param found true neighbours found
 * @param wanted true neighbours there were to find (about queries times k)
 */
public record Hits(long found, long wanted) {
  /** The normal quantile for a two-sided 95% interval. */
  private static final double Z = 1.959963984540054;

  public Hits {
    if (found < 0 || found > wanted) {
      throw new IllegalArgumentException("found " + found + " of " + wanted);
    }
  }

  /** Found over wanted; NaN when nothing was wanted. */
  public double share() {
    return wanted == 0 ? Double.NaN : (double) found / wanted;
  }

  /** The lower end of the 95% Wilson score interval; NaN when nothing was wanted. */
  public double low() {
    return found == 0 && wanted > 0 ? 0 : wilson(-1);
  }

  /** The upper end of the 95% Wilson score interval; NaN when nothing was wanted. */
  public double high() {
    return found == wanted && wanted > 0 ? 1 : wilson(1); // exactly, where rounding would leave 0.9999999999999999
  }

  /** These hits and {@code other}'s together. */
  public Hits plus(Hits other) {
    return new Hits(found + other.found, wanted + other.wanted);
  }

  private double wilson(int sign) {
    if (wanted == 0) {
      return Double.NaN;
    }
    double n = wanted;
    double p = found / n;
    double z2 = Z * Z;
    double centre = p + z2 / (2 * n);
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return (centre + sign * half) / (1 + z2 / n);
  }
}
