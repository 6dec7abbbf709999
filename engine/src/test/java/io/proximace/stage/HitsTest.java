package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Wilson score interval against published values. */
class HitsTest {
  @Test
  void matchesNewcombesWorkedExamples() {
    // Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (score interval without correction)
    assertInterval(new Hits(81, 263), 0.2553, 0.3662);
    assertInterval(new Hits(15, 148), 0.0624, 0.1605);
    assertInterval(new Hits(0, 20), 0.0, 0.1611);
    assertInterval(new Hits(1, 29), 0.0061, 0.1718);
  }

  @Test
  void theIntervalHoldsTheShareAndNarrowsWithMoreTrials() {
    Hits few = new Hits(8, 10);
    assertEquals(0.8, few.share());
    assertInterval(few, 0.4902, 0.9433);
    Hits many = new Hits(800, 1000);
    assertTrue(many.low() > few.low() && many.high() < few.high());
    assertTrue(many.low() < 0.8 && 0.8 < many.high());
    assertEquals(1.0, new Hits(10, 10).high());
    assertEquals(0.7225, new Hits(10, 10).low(), 1e-4);
    assertEquals(new Hits(9, 13), new Hits(8, 10).plus(new Hits(1, 3)));
  }

  @Test
  void nothingWantedHasNoShare() {
    assertTrue(Double.isNaN(new Hits(0, 0).share()) && Double.isNaN(new Hits(0, 0).low()));
    assertThrows(IllegalArgumentException.class, () -> new Hits(3, 2));
  }

  private static void assertInterval(Hits h, double low, double high) {
    assertEquals(low, h.low(), 5e-5, "low of " + h);
    assertEquals(high, h.high(), 5e-5, "high of " + h);
  }
}
