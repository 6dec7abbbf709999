package io.proximace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
  static final long SECOND = 1_000_000_000L;

  /** A clock the test moves by hand. */
  static final class Clock {
    long now;
  }

  static Progress progress(String stage, String unit, long total, boolean exact, Clock clock, long every, List<String> out) {
    return new Progress(stage, unit, total, exact, () -> clock.now, every, out::add);
  }

  @Test
  void theLineSaysHowManyHowFastAndHowLongToGo() {
    Clock clock = new Clock();
    Progress p = progress("build", "docs", 1_000_000, false, clock, SECOND, new ArrayList<>());
    p.add(250_000);
    assertEquals("build: 250,000 of ~1,000,000 docs (25%), 125,000 docs/s, ETA 6 s", p.line(2 * SECOND));
    p.add(10_000);
    assertEquals("build: 260,000 of ~1,000,000 docs (26%), 2,600 docs/s, ETA 4 min 45 s", p.line(100 * SECOND));
    Progress unknown = progress("import", "rows", 0, true, clock, SECOND, new ArrayList<>());
    unknown.add(4096);
    assertEquals("import: 4,096 rows, 4,096 rows/s", unknown.line(SECOND));
  }

  @Test
  void anExactTotalHasNoTildeAndASlowRateKeepsADecimal() {
    Clock clock = new Clock();
    Progress p = progress("k-means", "iterations", 10, true, clock, SECOND, new ArrayList<>());
    p.add(3);
    assertEquals("k-means: 3 of 10 iterations (30%), 0.3 iterations/s, ETA 23 s", p.line(10 * SECOND));
  }

  @Test
  void linesComeByTimeNotByCount() {
    Clock clock = new Clock();
    List<String> out = new ArrayList<>();
    Progress p = progress("seek", "queries", 1000, true, clock, 10 * SECOND, out);
    clock.now = 9 * SECOND;
    p.add(1); // one query, slow: still nothing before the interval
    assertEquals(List.of(), out);
    clock.now = 10 * SECOND;
    p.add(1); // a single unit is enough once the interval has passed
    assertEquals(List.of("seek: 2 of 1,000 queries (0%), 0.2 queries/s, ETA 1 h 23 min"), out);
    clock.now = 15 * SECOND;
    p.add(500);
    assertEquals(1, out.size()); // the next line waits for the next interval
    clock.now = 20 * SECOND;
    p.add(8);
    assertEquals("seek: 510 of 1,000 queries (51%), 26 queries/s, ETA 19 s", out.get(1));
  }

  @Test
  void rowsCountedFastStillShowALineOnceTheIntervalHasPassed() {
    Clock clock = new Clock();
    List<String> out = new ArrayList<>();
    Progress p = progress("build", "docs", 0, true, clock, 10 * SECOND, out);
    // 300,000 rows 50 us apart, 15 s: the clock is read less often, but a line still comes after 10 s
    for (int i = 0; i < 300_000; i++) {
      clock.now += 50_000;
      p.add(1);
    }
    assertEquals(1, out.size());
    assertEquals("build: 200,", out.get(0).substring(0, 11)); // shown within 1,024 rows of the 10 s mark
  }
}
