package io.proximace.plan;

import io.proximace.ProximaException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which stages a run performs ({@code -job_mode}): one of Proxima CE's documented combinations. */
public record JobMode(Set<Stage> stages) {
  /** The accepted values. {@code seek:recall} re-evaluates an index kept with {@code -clean_build_volume false}. */
  public static final List<String> ACCEPTED = List.of(
      "train:build:seek", "build:seek", "seek", "train:build:seek:recall", "build:seek:recall", "seek:recall");

  public JobMode {
    // in stage order, so that a plan encodes the same way every time
    stages = Collections.unmodifiableSet(stages.isEmpty() ? EnumSet.noneOf(Stage.class) : EnumSet.copyOf(stages));
  }

  /** Parses {@code train:build:seek} and the other accepted values. */
  public static JobMode parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (!ACCEPTED.contains(t)) {
      throw new ProximaException("unknown -job_mode '" + text + "': expected one of " + String.join(", ", ACCEPTED));
    }
    EnumSet<Stage> set = EnumSet.noneOf(Stage.class);
    for (String s : t.split(":")) {
      set.add(Stage.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
    }
    return new JobMode(set);
  }

  /** Whether the run performs {@code stage}. */
  public boolean has(Stage stage) {
    return stages.contains(stage);
  }

  @Override
  public String toString() {
    return EnumSet.copyOf(stages).stream().map(Stage::optionName).collect(Collectors.joining(":"));
  }
}
