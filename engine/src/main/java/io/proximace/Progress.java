package io.proximace;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long stage: work done, rate and, when the total is known, percent and ETA. It decides by
 * time, not by count, when to show a line: on a terminal one line on stderr is redrawn in place a few
 * times a second; otherwise (logs, CI, pipes) a log line every {@link #LOG_EVERY_SECONDS} seconds, so that
 * a long run is never silent. A total that is an estimate shows as {@code ~}.
 */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  static final long LOG_EVERY_SECONDS = 10;
  static final long TERMINAL_EVERY_NANOS = 250_000_000L;
  private static final boolean TERMINAL = System.console() != null && System.console().isTerminal();
  /** Calls closer together than this read the clock less often, so that counting per row stays cheap. */
  private static final long BUSY_NANOS = 1_000_000L;

  private final String stage;
  private final String unit;
  private final long total;
  private final boolean exact;
  private final LongSupplier clock;
  private final Consumer<String> out;
  private final long start;
  private final long every;
  private long done;
  private long lastShown;
  private long lastCheck;
  private int stride = 1;
  private int countdown = 1;
  private boolean drawn;

  Progress(String stage, String unit, long total, boolean exact, LongSupplier clock, long every, Consumer<String> out) {
    this.stage = stage;
    this.unit = unit;
    this.total = total;
    this.exact = exact;
    this.clock = clock;
    this.every = every;
    this.out = out;
    this.start = clock.getAsLong();
    this.lastShown = start;
    this.lastCheck = start;
  }

  /** Starts counting {@code unit}s (e.g. "queries") of {@code stage} out of exactly {@code total}; 0 or less when unknown. */
  public static Progress start(String stage, String unit, long total) {
    return create(stage, unit, total, true);
  }

  /** As {@link #start}, with a {@code total} that is an estimate (shown as {@code ~total}). */
  public static Progress about(String stage, String unit, long total) {
    return create(stage, unit, total, false);
  }

  private static Progress create(String stage, String unit, long total, boolean exact) {
    return TERMINAL
        ? new Progress(stage, unit, total, exact, System::nanoTime, TERMINAL_EVERY_NANOS, Progress::draw)
        : new Progress(stage, unit, total, exact, System::nanoTime, LOG_EVERY_SECONDS * 1_000_000_000L, LOG::info);
  }

  /** Counts {@code n} more; cheap enough to call per row. */
  public void add(long n) {
    done += n;
    if (--countdown > 0) {
      return;
    }
    long now = clock.getAsLong();
    stride = now - lastCheck < BUSY_NANOS ? Math.min(stride * 2, 1024) : Math.max(stride / 2, 1);
    countdown = stride;
    lastCheck = now;
    if (now - lastShown >= every) {
      lastShown = now;
      out.accept(line(now));
      drawn = true;
    }
  }

  /** Work counted so far. */
  public long done() {
    return done;
  }

  /** The progress line: {@code build: 1,234,000 of ~4,000,000 docs (31%), 812,000 docs/s, ETA 3 s}. */
  String line(long now) {
    double s = Math.max((now - start) / 1e9, 1e-9);
    double rate = done / s;
    StringBuilder b = new StringBuilder(stage).append(": ").append(String.format(Locale.ROOT, "%,d", done));
    if (total > 0) {
      b.append(String.format(Locale.ROOT, " of %s%,d %s (%.0f%%)", exact ? "" : "~", total, unit,
          Math.min(100.0, 100.0 * done / total)));
    } else {
      b.append(' ').append(unit);
    }
    b.append(String.format(Locale.ROOT, rate < 10 ? ", %.1f %s/s" : ", %,.0f %s/s", rate, unit));
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

  private static void draw(String line) {
    PrintStream err = System.err;
    err.print("\r" + line + "\u001b[K");
    err.flush();
  }

  /** Clears the terminal line; the stage logs its own summary. */
  @Override
  public void close() {
    if (drawn && TERMINAL) {
      System.err.print("\r\u001b[K");
      System.err.flush();
    }
  }
}
