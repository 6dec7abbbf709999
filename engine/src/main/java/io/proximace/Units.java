package io.proximace;

import java.util.Locale;

/** Sizes and durations as logs write them. */
public final class Units {
  private Units() {}

  /** Seconds since {@code startNanos}: {@code 1.23 s}. */
  public static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }

  /** A size: {@code 12.3 MB}. */
  public static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
    }
    if (b < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MB", b / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GB", b / 1073741824.0);
  }
}
