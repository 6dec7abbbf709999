package io.proximace.plan;

import io.proximace.input.CategoryInput;
import io.proximace.input.RowFormat;

/**
 * The run's doc and query partitions, how their rows are written, and where their categories are.
 *
 * @param categories the category columns of a multi-category run; null for a run without categories
 */
public record Inputs(RowFormat format, PartitionRef docs, PartitionRef queries, Categorized categories) {
  /**
   * Multi-category search: the settings and the category column of each table.
   *
   * @param settings {@code -category_threshold}, {@code -query_multi_label}, {@code -category_mismatch}
   */
  public record Categorized(Categories settings, CategoryInput.Layout docs, CategoryInput.Layout queries) {}
}
