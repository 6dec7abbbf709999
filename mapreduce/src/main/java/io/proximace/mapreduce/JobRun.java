package io.proximace.mapreduce;

import io.proximace.Progress;
import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.stage.MapReduceJob;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.slf4j.Logger;

/** Submits a job, logs its progress while it runs, and turns a failure into a message that says where to look. */
final class JobRun {
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private JobRun() {}

  /** Runs {@code job} to its end; its id and counters when it succeeded, else an exception saying why it failed. */
  static MapReduceJob run(Job job, String stage, Logger log) throws IOException {
    long t0 = System.nanoTime();
    Configuration c = job.getConfiguration();
    try {
      job.submit();
    } catch (IOException | RuntimeException e) {
      throw unreachable(e, c, stage);
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot submit the " + stage + " job: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while submitting the " + stage + " job", e);
    }
    String framework = c.get("mapreduce.framework.name", "local");
    log.info("{}: submitted {} to {}{}", stage, job.getJobID(), framework,
        framework.equals("local") ? " (LocalJobRunner, in this JVM)" : ", tracking " + job.getTrackingURL());
    long poll = Math.max(10, c.getLong("mapreduce.client.completion.pollinterval", 5000));
    long lastLog = System.nanoTime();
    String last = "";
    JobEta eta = new JobEta(t0);
    try {
      while (!job.isComplete()) {
        Thread.sleep(poll);
        float map = job.mapProgress();
        float reduce = job.reduceProgress();
        double left = eta.seconds(map, reduce, System.nanoTime());
        String now = String.format(Locale.ROOT, "map %.0f%%, reduce %.0f%%", 100 * map, 100 * reduce)
            + (left >= 0 ? ", ETA " + Progress.eta(left) : "");
        if (!now.equals(last) && System.nanoTime() - lastLog > LOG_EVERY_NANOS) {
          log.info("{}: {} after {}", stage, now, Units.seconds(t0));
          last = now;
          lastLog = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.killJob();
      throw new IOException("interrupted: killed the " + stage + " job " + job.getJobID(), e);
    }
    if (!job.isSuccessful()) {
      throw new ProximaException("the " + stage + " job " + job.getJobID() + " failed: " + failure(job)
          + " (the output partition and any index on the volume are as they were)");
    }
    StringBuilder counts = new StringBuilder();
    Map<String, Long> counters = new LinkedHashMap<>();
    for (Counter counter : job.getCounters().getGroup(ProximaCounter.class.getName())) {
      if (counter.getValue() != 0) {
        String name = counter.getDisplayName().toLowerCase(Locale.ROOT);
        counters.put(name, counter.getValue());
        counts.append(counts.length() > 0 ? ", " : "").append(name).append(' ')
            .append(String.format(Locale.ROOT, "%,d", counter.getValue()));
      }
    }
    long retried = job.getCounters().findCounter(JobCounter.NUM_FAILED_MAPS).getValue()
        + job.getCounters().findCounter(JobCounter.NUM_FAILED_REDUCES).getValue();
    if (retried != 0) {
      counters.put("failed task attempts retried", retried);
    }
    log.info("{}: job {} done in {}: {}{}", stage, job.getJobID(), Units.seconds(t0), counts,
        retried == 0 ? "" : "; " + Units.count(retried, "failed task attempt") + " retried");
    return new MapReduceJob(job.getJobID().toString(), counters);
  }

  /** Why a job failed: the job's own reason, and the first failed task's diagnostics. */
  private static String failure(Job job) throws IOException {
    try {
      return failureOf(job);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while asking why";
    }
  }

  private static String failureOf(Job job) throws IOException, InterruptedException {
    StringBuilder s = new StringBuilder(String.valueOf(job.getStatus().getFailureInfo()));
    for (TaskCompletionEvent e : job.getTaskCompletionEvents(0, 1000)) {
      if (e.getStatus() == TaskCompletionEvent.Status.FAILED) {
        String[] d = job.getTaskDiagnostics(e.getTaskAttemptId());
        if (d != null && d.length > 0) {
          s.append("; ").append(e.getTaskAttemptId()).append(": ").append(d[0].lines().findFirst().orElse(""));
        }
        break;
      }
    }
    return s.toString();
  }

  /** A submission that could not reach the cluster names the settings to check. */
  private static IOException unreachable(Exception e, Configuration c, String stage) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        throw new ProximaException("cannot reach the cluster to submit the " + stage + " job (" + t.getMessage()
            + "). Check mapreduce.framework.name (" + c.get("mapreduce.framework.name", "local") + "), yarn.resourcemanager.address ("
            + c.get("yarn.resourcemanager.address") + ") and fs.defaultFS (" + c.get("fs.defaultFS")
            + "): set them in $HADOOP_CONF_DIR or with -D key=value");
      }
    }
    return e instanceof IOException io ? io : new IOException(e);
  }
}
