package io.proximace;

import java.util.Locale;

/** Sizes and durations as logs write them. */
public final class Units {
  private Units() {}

  /** Seconds since {@code startNanos}: {@code 1.23 s}. */
  public static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }

  /** A count with its noun: {@code 1 file}, {@code 3 files}; {@code many} is the plural ({@code query}, {@code queries}). */
  public static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  /** A count with a noun whose plural adds an s: {@code 1 row}, {@code 9 rows}. */
  public static String count(long n, String one) {
    return count(n, one, one + "s");
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
