package io.proximace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void theLineSaysHowManyHowFastAndHowLongToGo() {
    Progress p = new Progress("build", "docs", 1_000_000, 0);
    p.add(250_000);
    assertEquals("build: 250,000 of ~1,000,000 docs (25%), 125,000 docs/s, ETA 6 s", p.line(2_000_000_000L));
    p.add(10_000);
    assertEquals("build: 260,000 of ~1,000,000 docs (26%), 2,600 docs/s, ETA 4 min 45 s", p.line(100_000_000_000L));
    Progress unknown = new Progress("import", "rows", 0, 0);
    unknown.add(4096);
    assertEquals("import: 4,096 rows, 4,096 rows/s", unknown.line(1_000_000_000L));
  }
}
