package io.proximace.plan;

import io.proximace.ProximaException;
import io.proximace.kernel.Distance;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code -distance_method}: what "near" means to the user, and the score the output table holds.
 * Indexes work with a {@link Distance}; {@link #MIPS_SQUARED_EUCLIDEAN} reaches inner-product search on
 * any algorithm by searching augmented vectors by squared euclidean distance (the MIPS transform of {@code model.Transform}).
 */
public enum DistanceMethod {
  /** Score: squared euclidean distance; smaller is closer. */
  SQUARED_EUCLIDEAN("squared_euclidean"),
  /** Score: inner product; larger is closer. */
  INNER_PRODUCT("inner_product"),
  /** Score: inner product, larger is closer, found through the MIPS transform. */
  MIPS_SQUARED_EUCLIDEAN("mips_squared_euclidean"),
  /** Score: number of differing bits (binary data); smaller is closer. */
  HAMMING("hamming"),
  /** Score: cosine similarity (ours); larger is closer. */
  COSINE("cosine");

  private final String optionName;

  DistanceMethod(String optionName) {
    this.optionName = optionName;
  }

  public String optionName() {
    return optionName;
  }

  /** The distance an index scores with (hamming has its own binary index). */
  public Distance indexDistance(Algorithm algo) {
    return switch (this) {
      case SQUARED_EUCLIDEAN, HAMMING -> Distance.SQUARED_EUCLIDEAN;
      case INNER_PRODUCT -> Distance.INNER_PRODUCT;
      case MIPS_SQUARED_EUCLIDEAN -> algo == Algorithm.LINEAR ? Distance.INNER_PRODUCT : Distance.SQUARED_EUCLIDEAN;
      case COSINE -> Distance.COSINE;
    };
  }

  /** The distance whose exact search is the truth for the recall stage. */
  public Distance truth() {
    return switch (this) {
      case SQUARED_EUCLIDEAN, HAMMING -> Distance.SQUARED_EUCLIDEAN;
      case INNER_PRODUCT, MIPS_SQUARED_EUCLIDEAN -> Distance.INNER_PRODUCT;
      case COSINE -> Distance.COSINE;
    };
  }

  /** Whether the index searches MIPS-augmented vectors. */
  public boolean augments(Algorithm algo) {
    return this == MIPS_SQUARED_EUCLIDEAN && algo != Algorithm.LINEAR;
  }

  /** Parses {@code -distance_method}, case-insensitively. */
  public static DistanceMethod parse(String text) {
    for (DistanceMethod d : values()) {
      if (d.optionName.equalsIgnoreCase(text.trim())) {
        return d;
      }
    }
    throw new ProximaException("unknown -distance_method '" + text + "': expected one of "
        + Arrays.stream(values()).map(DistanceMethod::optionName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return optionName.toLowerCase(Locale.ROOT);
  }
}
