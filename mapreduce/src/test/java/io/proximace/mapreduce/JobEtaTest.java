package io.proximace.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobEtaTest {
  static final long S = 1_000_000_000L;

  @Test
  void aStalledReduceCountsDownInsteadOfGrowing() {
    // the field report: map 100%, reduce 0% gave ETA 5 s after 5 s, then ETA 10 s after 10 s
    JobEta eta = new JobEta(0);
    assertEquals(5.0, eta.seconds(1f, 0f, 5 * S), 1e-9);
    assertEquals(2.0, eta.seconds(1f, 0f, 8 * S), 1e-9);
    assertTrue(eta.seconds(1f, 0f, 10 * S) < 0, "past the estimate with no progress: no ETA rather than a wrong one");
    assertEquals(1.0, eta.seconds(1f, 0.9f, 19 * S), 1e-3); // progress again: 95% after 19 s
    assertTrue(eta.seconds(1f, 1f, 20 * S) < 0, "done");
  }

  @Test
  void neverGrowsWhileProgressGrows() {
    JobEta eta = new JobEta(0);
    float[][] progress = {{0.02f, 0}, {0.1f, 0}, {0.2f, 0}, {0.3f, 0}, {0.5f, 0}, {0.9f, 0}, {1f, 0}, {1f, 0.1f},
        {1f, 0.3f}, {1f, 0.6f}, {1f, 0.9f}};
    // slow, fast, slow again: the raw estimate elapsed * (1 - done) / done goes up and down
    long[] seconds = {2, 8, 12, 30, 34, 40, 41, 50, 70, 75, 90};
    double last = Double.MAX_VALUE;
    int shown = 0;
    for (int i = 0; i < progress.length; i++) {
      double left = eta.seconds(progress[i][0], progress[i][1], seconds[i] * S);
      if (left >= 0) {
        assertTrue(left <= last, "step " + i + ": " + left + " s after " + last + " s");
        last = left;
        shown++;
      }
    }
    assertEquals(10, shown, "an estimate most of the way: " + shown);
  }
}
