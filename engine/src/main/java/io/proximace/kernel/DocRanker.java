package io.proximace.kernel;

/**
 * Ranks the docs of one row-major array against a query one pair at a time, for searches that cannot
 * batch (a graph walk), as Lucene's {@code RandomVectorScorer} and jvector's {@code ScoreFunction} do.
 * {@link Distance#ranker} picks the formula once per index, so a walk calls one small method per pair and
 * never asks which distance it is.
 */
public interface DocRanker {
  /** The rank (smaller is closer) of doc {@code doc} for the query at {@code q[qOff, qOff + dim)}. */
  float rank(float[] q, int qOff, int doc);
}
