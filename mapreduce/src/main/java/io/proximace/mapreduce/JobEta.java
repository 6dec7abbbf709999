package io.proximace.mapreduce;

/**
 * A job's remaining time from its map and reduce progress together, each half of the work. The estimate is
 * a finish time that only moves earlier while the job progresses, so the time shown never grows: a job whose
 * reduce shows 0% until it ends (LocalJobRunner's does) counts down instead of doubling its ETA. Once that
 * time has passed with the job still running, there is no estimate until progress moves again.
 */
final class JobEta {
  private static final long NONE = Long.MIN_VALUE;

  private final long start;
  private float done = 0;
  private long finish = NONE;

  /** Starts timing a job submitted at {@code startNanos}. */
  JobEta(long startNanos) {
    this.start = startNanos;
  }

  /** Seconds left at {@code now} (nanos) given map and reduce progress (0 to 1); negative when there is no estimate. */
  double seconds(float map, float reduce, long now) {
    float d = (map + reduce) / 2;
    if (d > done && d > 0.05 && d < 1) {
      long estimate = now + (long) ((now - start) * (double) (1 - d) / d);
      finish = finish == NONE || finish <= now ? estimate : Math.min(finish, estimate);
      done = d;
    }
    return d >= 1 || finish == NONE || finish <= now ? -1 : (finish - now) / 1e9;
  }
}
