package io.proximace.job;

import io.proximace.ProximaException;
import java.util.Locale;

/** The index kind ({@code -algo_model}). */
public enum Algorithm {
  /** Exact search over every doc. */
  LINEAR;

  /** The option's spelling. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code -algo_model}. */
  public static Algorithm parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "linear" -> LINEAR;
      case "hnsw", "graph", "qc", "ssg", "hc", "gc" ->
          throw new ProximaException("not supported yet: -algo_model " + t + " (supported: linear)");
      default -> throw new ProximaException("unknown -algo_model '" + text + "': supported: linear");
    };
  }
}
