package io.proximace.mapreduce;

import java.io.IOException;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** A failure injected for tests ({@code proxima.test.fail_first_attempt}): the first attempt of task 0 dies once. */
final class Faults {
  private Faults() {}

  static void maybeFail(TaskAttemptContext ctx, String where) throws IOException {
    if (where.equals(ctx.getConfiguration().get(TaskSettings.FAIL_FIRST_ATTEMPT))
        && ctx.getTaskAttemptID().getId() == 0 && ctx.getTaskAttemptID().getTaskID().getId() == 0) {
      throw new IOException("injected failure (" + TaskSettings.FAIL_FIRST_ATTEMPT + "=" + where + ") in "
          + ctx.getTaskAttemptID());
    }
  }
}
