package io.proximace.mapreduce;

import io.proximace.ProximaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * A user's mistake met in a task (a bad row, a duplicate pk): the task records it and ends cleanly
 * instead of failing, because retrying cannot fix the data; the driver then fails the run with the
 * message, as a local run would.
 */
final class Rejects {
  private Rejects() {}

  /** Records {@code e} for the driver, counting one rejected row. */
  static void record(TaskAttemptContext ctx, ProximaException e) throws IOException {
    ctx.getCounter(ProximaCounter.ROWS_REJECTED).increment(1);
    Path dir = new Path(ctx.getConfiguration().get(TaskSettings.REJECTS));
    FileSystem fs = TaskSettings.volumeFs(ctx.getConfiguration(), ctx.getCredentials(), dir);
    try (OutputStream out = fs.create(new Path(dir, ctx.getTaskAttemptID().getTaskID().toString()), true)) {
      out.write(e.getMessage().getBytes(StandardCharsets.UTF_8));
    } finally {
      TaskSettings.release(fs);
    }
  }

  /** Fails with the first recorded message when a task of {@code job} rejected a row; removes the records. */
  static void check(Job job) throws IOException {
    Configuration c = job.getConfiguration();
    Path dir = new Path(c.get(TaskSettings.REJECTS));
    FileSystem fs = TaskSettings.volumeFs(c, job.getCredentials(), dir);
    try {
      check(fs, dir);
    } finally {
      TaskSettings.release(fs);
    }
  }

  private static void check(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return;
    }
    FileStatus[] found = fs.listStatus(dir);
    Arrays.sort(found, Comparator.comparing(s -> s.getPath().getName()));
    String message = null;
    if (found.length > 0) {
      try (InputStream in = fs.open(found[0].getPath())) {
        message = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    fs.delete(dir, true);
    if (message != null) {
      throw new ProximaException(message);
    }
  }
}
