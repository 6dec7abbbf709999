package io.proximace.plan;

import io.proximace.ProximaException;

/**
 * Multi-category search: used when the doc table has a {@code category BIGINT} column. Each query is
 * searched only among docs of its category ({@code category BIGINT}), or of each category it lists
 * ({@code multicategory STRING} such as {@code 1,5,9}, with {@code -query_multi_label true}).
 *
 * @param threshold categories with fewer docs are searched by exact linear scan ({@code -category_threshold})
 * @param multiLabel queries list their categories in {@code multicategory} ({@code -query_multi_label})
 * @param allowMissing a query category without docs gets no rows and a warning, instead of failing the run
 *     ({@code -category_mismatch warn}, ours)
 */
public record Categories(long threshold, boolean multiLabel, boolean allowMissing) {
  /** Proxima CE's defaults. */
  public static final Categories DEFAULT = new Categories(1_000_000, false, false);

  public Categories {
    if (threshold < 0) {
      throw new ProximaException("-category_threshold must be 0 or positive, not " + threshold);
    }
  }

  /** Parses {@code -category_mismatch}: true for {@code warn}. */
  public static boolean parseMismatch(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "error" -> false;
      case "warn" -> true;
      default -> throw new ProximaException("unknown -category_mismatch '" + text + "': expected error or warn");
    };
  }
}
