package io.proximace.model;

import io.proximace.plan.Converter;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.IndexPlan;
import io.proximace.vector.FloatVectors;

/**
 * What a run does to float vectors before an index sees them, in order: unit length
 * ({@code NormalizeConverter}), rounding docs to int8 levels ({@code Int8QuantizerConverter}, scale
 * learned in train; queries are scaled alike but not rounded), and the MIPS augmentation ({@code mips_squared_euclidean} on hnsw or qc): a doc gains the
 * component {@code sqrt(M^2 - |d|^2)} and a query a 0, so that the squared euclidean distance
 * {@code |q|^2 + M^2 - 2 q.d} orders docs by inner product. {@link #score} maps an index's score back to
 * the user's: the inner product for MIPS, original units after quantization.
 *
 * @param offset subtracted before quantizing (squared euclidean only)
 * @param scale int8 levels per unit, or 0 when not quantizing
 * @param mipsNorm M, at least every doc's norm after the earlier steps, or 0 when not augmenting
 */
public record Transform(int dim, boolean normalize, float offset, float scale, double mipsNorm, boolean cosine) {

  /** The transform {@code index} asks for on vectors of {@code dim} components, with what training learned. */
  public static Transform of(IndexPlan index, int dim, float offset, float scale, double mipsNorm) {
    return new Transform(dim, index.converter() == Converter.NORMALIZE, offset, scale, mipsNorm,
        index.distance() == DistanceMethod.COSINE);
  }

  /**
   * The space exact search measures the truth in: the docs as the user gave them (unit length with
   * NormalizeConverter; neither quantized nor augmented).
   */
  public static Transform truth(IndexPlan index, int dim) {
    return new Transform(dim, index.converter() == Converter.NORMALIZE, 0, 0, 0, false);
  }

  /** Whether vectors pass through unchanged. */
  boolean identity() {
    return !normalize && scale == 0 && mipsNorm == 0;
  }

  /** The dimension an index sees. */
  int indexDim() {
    return mipsNorm > 0 ? dim + 1 : dim;
  }

  /** Docs as the index sees them. */
  public FloatVectors docs(FloatVectors raw) {
    return apply(raw, true);
  }

  /** Queries as the index sees them. */
  public FloatVectors queries(FloatVectors raw) {
    return apply(raw, false);
  }

  private FloatVectors apply(FloatVectors raw, boolean doc) {
    if (identity()) {
      return raw;
    }
    int out = indexDim();
    FloatVectors v = new FloatVectors(out, raw.size());
    for (int i = 0; i < raw.size(); i++) {
      int o = v.appendRow() * out;
      System.arraycopy(raw.data(), i * dim, v.data(), o, dim);
      prepare(v.data(), o, doc);
      if (mipsNorm > 0) {
        double norm2 = 0;
        for (int j = 0; j < dim; j++) {
          norm2 += (double) v.data()[o + j] * v.data()[o + j];
        }
        v.data()[o + dim] = doc ? (float) Math.sqrt(Math.max(0, mipsNorm * mipsNorm - norm2)) : 0f;
      }
    }
    return v;
  }

  /**
   * Normalizes and quantizes {@code v[off, off + dim)} in place. Docs are rounded to int8 levels;
   * queries are only scaled, so a distance carries the rounding error of one side, not two.
   */
  public void prepare(float[] v, int off, boolean doc) {
    if (normalize) {
      FloatVectors.normalize(v, off, dim);
    }
    if (scale > 0) {
      for (int j = 0; j < dim; j++) {
        float x = (v[off + j] - offset) * scale;
        v[off + j] = doc ? Math.max(-127, Math.min(127, Math.round(x))) : x;
      }
    }
  }

  /** The user's score from the index's, for the query at {@code q[off]} as the index saw it. */
  public float score(float indexScore, float[] q, int off) {
    double s = indexScore;
    if (mipsNorm > 0) {
      double norm2 = 0;
      for (int j = 0; j < dim; j++) {
        norm2 += (double) q[off + j] * q[off + j];
      }
      s = (norm2 + mipsNorm * mipsNorm - s) / 2;
    }
    if (scale > 0 && !cosine) {
      s /= (double) scale * scale;
    }
    return (float) s;
  }
}
