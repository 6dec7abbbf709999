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
 * @param threadNum threads that build and search each large category ({@code -category_thread_num}); 0: the run's
 * @param rowNum {@code -category_row_num}, recorded only: Proxima CE's block split of the small categories' seek;
 *     proxima-ce searches every category in one JVM, so it has no effect (the planner warns); 0 when not given
 * @param colNum {@code -category_col_num}, likewise
 */
public record Categories(long threshold, boolean multiLabel, boolean allowMissing, int threadNum, int rowNum, int colNum) {
  /** Proxima CE's defaults. */
  public static final Categories DEFAULT = new Categories(1_000_000, false, false);

  public Categories {
    if (threshold < 0) {
      throw new ProximaException("-category_threshold must be 0 or positive, not " + threshold);
    }
    if (threadNum < 0 || threadNum > 1024) {
      throw new ProximaException("-category_thread_num must be between 1 and 1024 (0: the run's threads), not " + threadNum);
    }
    if (rowNum < 0 || colNum < 0) {
      throw new ProximaException("-category_row_num and -category_col_num must be 0 or positive, not " + rowNum + " and " + colNum);
    }
  }

  /** The settings without the layout options. */
  public Categories(long threshold, boolean multiLabel, boolean allowMissing) {
    this(threshold, multiLabel, allowMissing, 0, 0, 0);
  }

  /** Threads for a category of the run's algorithm: {@link #threadNum}, or the run's {@code threads}. */
  public int threadsForLarge(int threads) {
    return threadNum > 0 ? threadNum : threads;
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
