package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Wilson score interval against published values, with each query one trial. */
class RecallEstimateTest {
  @Test
  void matchesNewcombesWorkedExamples() {
    // Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (score interval without correction)
    assertInterval(new RecallEstimate(81.0 / 263, 263), 0.2553, 0.3662);
    assertInterval(new RecallEstimate(15.0 / 148, 148), 0.0624, 0.1605);
    assertInterval(new RecallEstimate(0, 20), 0.0, 0.1611);
    assertInterval(new RecallEstimate(1.0 / 29, 29), 0.0061, 0.1718);
  }

  @Test
  void theIntervalHoldsTheValueAndNarrowsWithMoreQueries() {
    RecallEstimate few = new RecallEstimate(0.8, 10);
    assertInterval(few, 0.4902, 0.9433);
    RecallEstimate many = new RecallEstimate(0.8, 1000);
    assertTrue(many.low() > few.low() && many.high() < few.high());
    assertTrue(many.low() < 0.8 && 0.8 < many.high());
    assertEquals(1.0, new RecallEstimate(1, 10).high());
    assertEquals(0.7225, new RecallEstimate(1, 10).low(), 1e-4);
    // one query at 0/1 and one at 9/9: the value is their mean, and the interval holds it
    RecallEstimate mixed = new RecallEstimate((0.0 + 1.0) / 2, 2);
    assertTrue(mixed.low() < 0.5 && 0.5 < mixed.high(), mixed.low() + " " + mixed.high());
  }

  @Test
  void noQueriesHaveNoInterval() {
    assertTrue(Double.isNaN(new RecallEstimate(0, 0).low()) && Double.isNaN(new RecallEstimate(0, 0).high()));
    assertThrows(IllegalArgumentException.class, () -> new RecallEstimate(1.5, 3));
  }

  private static void assertInterval(RecallEstimate r, double low, double high) {
    assertEquals(low, r.low(), 5e-5, "low of " + r);
    assertEquals(high, r.high(), 5e-5, "high of " + r);
  }
}
