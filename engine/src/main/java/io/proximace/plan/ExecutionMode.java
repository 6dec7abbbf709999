package io.proximace.plan;

import io.proximace.ProximaException;
import java.util.Locale;

/** Where a run executes ({@code -mode}): chosen by size, in this JVM, or as Hadoop MapReduce jobs. */
public enum ExecutionMode {
  /** MapReduce when the partitions would not fit the memory budget, else local. */
  AUTO,
  /** In this JVM; refuses a run larger than the memory budget. */
  LOCAL,
  /** As Hadoop MapReduce jobs: sharded build, grid seek, merge. */
  MAPREDUCE;

  /** The option's spelling. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code -mode}. */
  public static ExecutionMode parse(String text) {
    for (ExecutionMode m : values()) {
      if (m.optionName().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new ProximaException("unknown -mode '" + text + "': expected auto, local or mapreduce");
  }
}
