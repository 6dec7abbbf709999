package io.proximace.job;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.fs.StagedDirectory;
import io.proximace.fs.WorkDirectory;
import io.proximace.kernel.Kernels;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job in this JVM: checks every input before any work, then the stages of {@code -job_mode}
 * in order (train, build, seek, recall), each logging what it did and how long it took.
 *
 * <p>A failed run changes nothing a user had: the output partition is replaced only when seek
 * finishes, and an index this run built is removed when {@code -clean_build_volume} is on.
 */
public final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
  /** Configuration key (ours, like Hadoop's preserved task files): keep the job's working directory after the run. */
  public static final String KEEP_WORK = "proxima.work.keep";

  private final Home home;
  private final Executor mapReduce;

  /** A runner over the tables and volumes of {@code home}, local only. */
  public Runner(Home home) {
    this(home, null);
  }

  /** A runner that hands build and seek to {@code mapReduce} when the plan says so (null: local only). */
  public Runner(Home home, Executor mapReduce) {
    this.home = home;
    this.mapReduce = mapReduce;
  }

  /** Runs {@code spec}; a user mistake or bad data is a {@link ProximaException} with the whole story. */
  public RunResult run(JobSpec spec) throws IOException {
    long start = System.nanoTime();
    Kernels.warmUp(); // compiles the kernel while partitions are read
    try (RunContext ctx = RunContext.open(home, spec)) {
      ctx.plan = Planner.plan(ctx, mapReduce != null);
      return run(ctx, ctx.plan.mapReduce() ? mapReduce : LocalExecutor.INSTANCE, start);
    }
  }

  private RunResult run(RunContext ctx, Executor executor, long start) throws IOException {
    JobSpec spec = ctx.spec;
    String docs = spec.mode().has(Stage.BUILD)
        ? ctx.docPartition() + " (" + bytes(ctx.docPartition().bytes()) + ")"
        : "index " + ctx.indexUrl;
    LOG.info("plan: {}", ctx.plan.describe());
    LOG.info("plan: {} with {} on {} threads (kernel {}); docs {}; queries {} ({}); topk {}; stages {}",
        spec.algorithm().optionName(), spec.distance().optionName(), spec.threads(), Kernels.preferred().name(),
        docs, ctx.queryPartition(), bytes(ctx.queryPartition().bytes()), spec.maxTopk(), spec.mode());
    String workDir = null;
    WorkDirectory work = null;
    if (!spec.volumeFiles().isEmpty() || !spec.volumeArchives().isEmpty()) {
      // a folder of this run's own, removed when it ends (unless -D proxima.work.keep=true); what a killed run
      // left is swept by the next one
      work = WorkDirectory.create(java.nio.file.Path.of(home.dir().toUri()).resolve("work"),
          LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      try {
        StartupFiles.fetch(spec, home.conf(), work.path());
      } catch (IOException | RuntimeException e) {
        work.close();
        throw e;
      }
      workDir = work.path().toString();
      LOG.info("startup: the job's working directory is {}", workDir);
    }
    try {
      RunResult r = run(ctx, executor, start, workDir);
      if (work != null && home.conf().getBoolean(KEEP_WORK, false)) {
        java.nio.file.Path kept = work.keep();
        LOG.info("startup: the working directory is kept at {} (-D {}=true)", kept, KEEP_WORK);
        return r.withWorkDir(kept.toString());
      }
      return r;
    } finally {
      if (work != null) {
        work.close();
      }
    }
  }

  private RunResult run(RunContext ctx, Executor executor, long start, String workDir) throws IOException {
    JobSpec spec = ctx.spec;
    boolean built = false;
    boolean cleanIndex = spec.mode().has(Stage.BUILD) || spec.mode().has(Stage.TRAIN)
        ? !Boolean.FALSE.equals(spec.cleanBuildVolume())
        : Boolean.TRUE.equals(spec.cleanBuildVolume());
    boolean indexKept = true;
    RecallStage.Figures checked = null;
    try {
      if (spec.mode().has(Stage.TRAIN)) {
        built = true;
        timed(ctx, Stage.TRAIN, () -> TrainStage.run(ctx));
      }
      if (spec.mode().has(Stage.BUILD)) {
        built = true;
        timed(ctx, Stage.BUILD, () -> executor.build(ctx));
      }
      if (spec.targetRecall() != null && spec.mode().has(Stage.SEEK)) {
        timed(ctx, Stage.TUNE, () -> Tuner.run(ctx));
      }
      if (spec.mode().has(Stage.SEEK)) {
        timed(ctx, Stage.SEEK, () -> executor.seek(ctx));
      }
      if (RecallCheck.applies(spec)) {
        long t0 = System.nanoTime();
        checked = RecallCheck.run(ctx);
        ctx.stageSeconds.put(Stage.CHECK, (System.nanoTime() - t0) / 1e9);
      }
      if (cleanIndex) {
        removeIndex(ctx);
        indexKept = false;
      }
      if (spec.mode().has(Stage.RECALL)) {
        timed(ctx, Stage.RECALL, () -> RecallStage.run(ctx));
      }
    } catch (IOException | RuntimeException | Error e) {
      if (built && cleanIndex && indexKept) {
        try {
          removeIndex(ctx);
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
    LOG.info("done in {}: {} rows in {}{}", seconds(start), ctx.rowsWritten, ctx.outputName(),
        indexKept ? "; index kept at " + ctx.indexUrl : "");
    RunResult result = new RunResult(ctx.stageSeconds, ctx.docs, ctx.queries, ctx.rowsWritten,
        checked != null ? checked.byK() : ctx.recall, checked != null ? checked.queries() : ctx.recallQueries,
        ctx.outputName(), ctx.indexUrl, indexKept, workDir, ctx.plan, null);
    try {
      String report = RunReport.write(ctx, result);
      LOG.info("report: {} (and report.json)", report);
      return result.withReport(report);
    } catch (IOException | RuntimeException e) {
      // the output is in place: a report that cannot be written (a seek-only user without Write) is not a failed run
      LOG.warn("report: not written: {}", e.getMessage());
      return result;
    }
  }

  private static void removeIndex(RunContext ctx) throws IOException {
    StagedDirectory.delete(ctx.indexFs, ctx.modelDir);
    if (StagedDirectory.delete(ctx.indexFs, ctx.indexDir)) {
      LOG.info("clean: removed the index {} (-clean_build_volume false keeps it for later seek runs)", ctx.indexUrl);
    }
  }

  private interface StageBody {
    void run() throws IOException;
  }

  private static void timed(RunContext ctx, Stage stage, StageBody body) throws IOException {
    long t0 = System.nanoTime();
    body.run();
    double s = (System.nanoTime() - t0) / 1e9;
    ctx.stageSeconds.put(stage, s);
  }

  /** Seconds since {@code startNanos}, for logs: {@code 1.23 s}. */
  public static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }

  /** A size for logs: {@code 12.3 MB}. */
  public static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
    }
    if (b < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MB", b / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GB", b / 1073741824.0);
  }
}
