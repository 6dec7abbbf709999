package io.proximace.stage;

/**
 * Recall@k as measured on sampled queries: the mean of each query's share of its true top k, with a 95% interval.
 * The interval is the Wilson score interval that counts each query as one trial, so that it is centred on the
 * same figure and never narrower than the queries allow: a query's neighbours are found or missed together more
 * often than not, so counting them as separate trials would claim more certainty than the sample holds.
 *
 * @param value Recall@k, the mean of the per-query shares
 * @param queries the sampled queries it averages (those with a true neighbour)
 */
public record RecallEstimate(double value, int queries) {
  /** The normal quantile for a two-sided 95% interval. */
  private static final double Z = 1.959963984540054;

  public RecallEstimate {
    if (queries < 0 || queries > 0 && !(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("recall " + value + " on " + queries + " queries");
    }
  }

  /** The lower end of the 95% interval; NaN without queries. */
  public double low() {
    return queries > 0 && value == 0 ? 0 : wilson(-1);
  }

  /** The upper end of the 95% interval; NaN without queries. */
  public double high() {
    return queries > 0 && value == 1 ? 1 : wilson(1); // exactly, where rounding would leave 0.9999999999999999
  }

  private double wilson(int sign) {
    if (queries == 0) {
      return Double.NaN;
    }
    double n = queries;
    double z2 = Z * Z;
    double centre = value + z2 / (2 * n);
    double half = Z * Math.sqrt(value * (1 - value) / n + z2 / (4 * n * n));
    return (centre + sign * half) / (1 + z2 / n);
  }
}
