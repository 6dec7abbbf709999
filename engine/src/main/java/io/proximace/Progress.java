package io.proximace;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long stage: rows done, rate and, when the total is known, percent and ETA. On a terminal
 * one line on stderr is redrawn in place a few times a second; otherwise (logs, CI, pipes) a log line
 * every {@link #LOG_EVERY_SECONDS} seconds, so that a long run is never silent.
 */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  static final long LOG_EVERY_SECONDS = 10;
  private static final boolean TERMINAL = System.console() != null && System.console().isTerminal();

  private final String stage;
  private final String unit;
  private final long total;
  private final long start;
  private final long every;
  private long done;
  private long lastShown;
  private boolean drawn;

  Progress(String stage, String unit, long total, long startNanos) {
    this.stage = stage;
    this.unit = unit;
    this.total = total;
    this.start = startNanos;
    this.lastShown = startNanos;
    this.every = TERMINAL ? 250_000_000L : LOG_EVERY_SECONDS * 1_000_000_000L;
  }

  /** Starts counting {@code unit}s (e.g. "docs") of {@code stage}; {@code total} 0 or less when unknown. */
  public static Progress start(String stage, String unit, long total) {
    return new Progress(stage, unit, total, System.nanoTime());
  }

  /** Counts {@code n} more; cheap enough to call per row. */
  public void add(long n) {
    done += n;
    if ((done & 1023) == 0 || n > 1) {
      long now = System.nanoTime();
      if (now - lastShown >= every) {
        lastShown = now;
        show(now);
      }
    }
  }

  /** Rows counted so far. */
  public long done() {
    return done;
  }

  /** The progress line: {@code build: 1,234,000 of ~4,000,000 docs (31%), 812,000 docs/s, ETA 3 s}. */
  String line(long now) {
    double s = Math.max((now - start) / 1e9, 1e-9);
    double rate = done / s;
    StringBuilder b = new StringBuilder(stage).append(": ").append(String.format(Locale.ROOT, "%,d", done));
    if (total > 0) {
      b.append(String.format(Locale.ROOT, " of ~%,d %s (%.0f%%)", total, unit, Math.min(100.0, 100.0 * done / total)));
    } else {
      b.append(' ').append(unit);
    }
    b.append(String.format(Locale.ROOT, ", %,.0f %s/s", rate, unit));
    if (total > done && rate > 0) {
      b.append(", ETA ").append(eta((total - done) / rate));
    }
    return b.toString();
  }

  /** A remaining time for people: {@code 45 s}, {@code 4 min 45 s}, {@code 2 h 5 min}. */
  public static String eta(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s % 3600 / 60 + " min";
  }

  private void show(long now) {
    if (TERMINAL) {
      PrintStream err = System.err;
      err.print("\r" + line(now) + "\u001b[K");
      err.flush();
      drawn = true;
    } else {
      LOG.info(line(now));
    }
  }

  /** Clears the terminal line; the stage logs its own summary. */
  @Override
  public void close() {
    if (drawn) {
      System.err.print("\r\u001b[K");
      System.err.flush();
    }
  }
}
