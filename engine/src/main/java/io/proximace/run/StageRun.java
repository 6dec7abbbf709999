package io.proximace.run;

import io.proximace.plan.Stage;

/**
 * One stage of a run: done now, or resumed (what an interrupted run of the same command finished, still valid).
 *
 * @param seconds the time this run spent on it (checking what it resumed, when resumed)
 * @param savedSeconds for a resumed stage, the time the interrupted run spent on it; 0 otherwise
 */
public record StageRun(Stage stage, boolean resumed, double seconds, double savedSeconds) {
  /** {@code done} or {@code resumed}, as the report writes it. */
  public String status() {
    return resumed ? "resumed" : "done";
  }
}
