package io.proximace.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.PausePoint;
import io.proximace.fs.WorkDirectory;
import io.proximace.kernel.Kernels;
import io.proximace.model.Model;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Planner;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import io.proximace.stage.Built;
import io.proximace.stage.Executor;
import io.proximace.stage.LocalExecutor;
import io.proximace.stage.MapReduceJob;
import io.proximace.stage.RecallCheck;
import io.proximace.stage.RecallStage;
import io.proximace.stage.Sought;
import io.proximace.stage.TrainStage;
import io.proximace.stage.Tuned;
import io.proximace.stage.Tuner;
import io.proximace.stage.Workspace;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job: plans it ({@link Planner}: every input checked before any work), then the stages of
 * {@code -job_mode} in order (train, build, tune, seek, recall), passing each stage's result to the next and
 * journaling it ({@link Journal}), so that the same command run again after a failure resumes from what finished.
 *
 * <p>A failed run changes nothing a user had: the output partition is replaced only when seek finishes. The index it
 * built stays for the next try (removed when that one finishes, if {@code -clean_build_volume} says so); with
 * {@code -resume false} a failed run removes it at once.
 */
public final class Runner {
  private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
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
    RunPlan plan = Planner.plan(home, spec, mapReduce != null);
    Executor executor = plan.execution().mapReduce() ? mapReduce : LocalExecutor.INSTANCE;
    LOG.info("plan: {}", plan.execution().describe());
    LOG.info("plan: {} with {} on {} threads (kernel {}); docs {}; queries {} ({}); topk {}; stages {}",
        plan.index().algorithm().optionName(), plan.index().distance().optionName(), plan.threads(), Kernels.preferred().name(),
        plan.stages().has(Stage.BUILD) ? plan.inputs().docs() + " (" + Units.bytes(plan.inputs().docs().bytes()) + ")"
            : "index " + plan.index().url(),
        plan.inputs().queries(), Units.bytes(plan.inputs().queries().bytes()), plan.selection().maxTopk(), plan.stages());
    WorkDirectory work = startup(plan);
    try (Workspace ws = Workspace.open(home, plan)) {
      RunResult r = new Run(ws, plan, executor).stages(start, work == null ? null : work.path().toString());
      if (work != null && home.conf().getBoolean(KEEP_WORK, false)) {
        java.nio.file.Path kept = work.keep();
        LOG.info("startup: the working directory is kept at {} (-D {}=true)", kept, KEEP_WORK);
        r = r.withWorkDir(kept.toString());
      }
      return report(ws, plan, r);
    } finally {
      if (work != null) {
        work.close();
      }
    }
  }

  /**
   * The job's working directory with the startup files fetched, or null when there are none: a folder of this run's
   * own, removed when it ends (unless {@code -D proxima.work.keep=true}); what a killed run left is swept by the next.
   */
  private WorkDirectory startup(RunPlan plan) throws IOException {
    if (plan.volumeFiles().isEmpty() && plan.volumeArchives().isEmpty()) {
      return null;
    }
    WorkDirectory work = WorkDirectory.create(java.nio.file.Path.of(home.dir().toUri()).resolve("work"),
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try {
      StartupFiles.fetch(plan, home.conf(), work.path());
    } catch (IOException | RuntimeException e) {
      work.close();
      throw e;
    }
    LOG.info("startup: the job's working directory is {}", work.path());
    return work;
  }

  private static RunResult report(Workspace ws, RunPlan plan, RunResult result) {
    try {
      String report = RunReport.write(ws, plan, result);
      LOG.info("report: {} (and report.json)", report);
      return result.withReport(report);
    } catch (IOException | RuntimeException e) {
      // the output is in place: a report that cannot be written (a seek-only user without Write) is not a failed run
      LOG.warn("report: not written: {}", e.getMessage());
      return result;
    }
  }

  /** A stage's work, as the runner calls it. */
  private interface StageBody<T> {
    T run() throws IOException;
  }

  /** One run's stages: each result passed forward, each stage journaled or resumed. */
  private static final class Run {
    private final Workspace ws;
    private final RunPlan plan;
    private final Executor executor;
    private final Journal journal;
    private final List<StageRun> stages = new ArrayList<>();

    Run(Workspace ws, RunPlan plan, Executor executor) throws IOException {
      this.ws = ws;
      this.plan = plan;
      this.executor = executor;
      this.journal = plan.index().writes()
          ? Journal.open(ws.fs(), ws.volume().odpsPath(plan.index().relative() + ".journal.json"), plan.resume())
          : Journal.none();
    }

    RunResult stages(long start, String workDir) throws IOException {
      boolean touched = false; // whether this run wrote the index (a failed run's cleanup removes only that)
      boolean indexKept = true;
      try {
        Model model = null;
        if (plan.stages().has(Stage.TRAIN)) {
          touched = true;
          model = train();
        }
        Built built = null;
        if (plan.stages().has(Stage.BUILD)) {
          touched = true;
          built = build(model);
        }
        Tuned tuned = null;
        RunPlan searched = plan;
        if (plan.selection().targetRecall() != null && plan.stages().has(Stage.SEEK)) {
          tuned = tune();
          searched = plan.with(plan.index().withSearcher(tuned.searcher()));
        }
        Sought sought = plan.stages().has(Stage.SEEK) ? seek(searched) : null;
        RecallStage.Truth held = tuned == null ? null : tuned.held();
        RecallStage.Figures figures = null;
        if (RecallCheck.applies(searched)) {
          long t0 = System.nanoTime();
          figures = RecallCheck.run(ws, searched, held);
          stages.add(new StageRun(Stage.CHECK, false, (System.nanoTime() - t0) / 1e9, 0));
        }
        if (plan.stages().has(Stage.RECALL)) {
          PausePoint.here("stage.recall");
          long t0 = System.nanoTime();
          // a resumed seek took its time in the run that did it
          Double seek = stages.stream().filter(s -> s.stage() == Stage.SEEK).map(s -> s.resumed() ? s.savedSeconds() : s.seconds())
              .findFirst().orElse(null);
          figures = RecallStage.run(ws, searched, held, seek);
          stages.add(new StageRun(Stage.RECALL, false, (System.nanoTime() - t0) / 1e9, 0));
        }
        Map<String, Object> builtWith = builtWith(); // before the index may go
        Map<String, MapReduceJob> jobs = new LinkedHashMap<>();
        if (built != null && built.job() != null) {
          jobs.put(Stage.BUILD.optionName(), built.job());
        }
        if (sought != null && sought.job() != null) {
          jobs.put(Stage.SEEK.optionName(), sought.job());
        }
        // last: until the run finishes, a run of the same command may resume from the index
        if (plan.index().removeAfter()) {
          removeIndex();
          indexKept = false;
        }
        journal.finish();
        String output = plan.output().toString();
        long docs = sought != null ? sought.docs() : built != null ? built.docs() : 0;
        LOG.info("done in {}: {} rows in {}{}", Units.seconds(start), sought == null ? 0 : sought.rows(), output,
            indexKept ? "; index kept at " + plan.index().url() : "");
        return new RunResult(List.copyOf(stages), docs, sought == null ? 0 : sought.queries(), sought == null ? 0 : sought.rows(),
            figures == null ? Map.of() : figures.byK(), figures == null ? 0 : figures.queries(),
            figures == null ? Map.of() : figures.estimates(), output, plan.index().url(), indexKept, workDir, plan, tuned, builtWith, jobs,
            null);
      } catch (IOException | RuntimeException | Error e) {
        if (touched && plan.index().removeAfter() && indexKept) {
          if (plan.resume()) {
            LOG.info("resume: the index at {} is kept: running the same command again reuses what finished "
                + "(-resume false starts afresh)", plan.index().url());
          } else {
            try {
              removeIndex();
              journal.finish();
            } catch (IOException | RuntimeException cleanup) {
              e.addSuppressed(cleanup);
            }
          }
        }
        throw e;
      }
    }

    private Model train() throws IOException {
      if (!TrainStage.needed(plan)) {
        long t0 = System.nanoTime();
        Model none = TrainStage.run(ws, plan); // says so; nothing to keep or resume
        stages.add(new StageRun(Stage.TRAIN, false, (System.nanoTime() - t0) / 1e9, 0));
        return none;
      }
      String key = plan.key(Stage.TRAIN);
      JsonNode done = journal.finished(Stage.TRAIN, key);
      long t0 = System.nanoTime();
      if (done != null) {
        Model kept = TrainStage.kept(ws, plan);
        if (kept != null) {
          resumed(Stage.TRAIN, t0, done, "the model kept at " + plan.index().url() + ".train");
          return kept;
        }
      }
      return runAgain(Stage.TRAIN, key, t0, () -> TrainStage.run(ws, plan), m -> JSON.createObjectNode());
    }

    private Built build(Model model) throws IOException {
      String key = plan.key(Stage.BUILD);
      JsonNode done = journal.finished(Stage.BUILD, key);
      long t0 = System.nanoTime();
      if (done != null) {
        Workspace.Kept kept = ws.kept();
        Fingerprint wanted = plan.inputs().docs().files();
        if (kept != null && kept.builtFrom() != null && wanted != null && kept.builtFrom().files().equals(wanted.files())) {
          Built b = JSON.treeToValue(done.get("result"), Built.class);
          resumed(Stage.BUILD, t0, done, "the index of " + b.docs() + " docs at " + b.url());
          return b;
        }
      }
      return runAgain(Stage.BUILD, key, t0, () -> executor.build(ws, plan, model), JSON::valueToTree);
    }

    private Tuned tune() throws IOException {
      String key = plan.key(Stage.TUNE);
      JsonNode done = journal.finished(Stage.TUNE, key);
      long t0 = System.nanoTime();
      if (done != null) {
        Tuned t = Tuned.fromJson(plan, done.get("result"));
        resumed(Stage.TUNE, t0, done, plan.index().algorithm().effortKey() + " " + t.effort());
        return t;
      }
      return runAgain(Stage.TUNE, key, t0, () -> Tuner.run(ws, plan), Tuned::toJson);
    }

    private Sought seek(RunPlan searched) throws IOException {
      String key = searched.key(Stage.SEEK);
      JsonNode done = journal.finished(Stage.SEEK, key);
      long t0 = System.nanoTime();
      if (done != null) {
        Sought s = JSON.treeToValue(done.get("result"), Sought.class);
        if (s.files().equals(ws.outputFiles(plan.output()))) {
          resumed(Stage.SEEK, t0, done, s.rows() + " rows in " + s.output());
          return s;
        }
      }
      return runAgain(Stage.SEEK, key, t0, () -> executor.seek(ws, searched), JSON::valueToTree);
    }

    private void resumed(Stage stage, long t0, JsonNode done, String what) {
      double saved = done.path("seconds").asDouble();
      LOG.info("{}: resumed: {}, finished by an interrupted run of this command (it took {} s then)", stage.optionName(), what,
          String.format(java.util.Locale.ROOT, "%.2f", saved));
      stages.add(new StageRun(stage, true, (System.nanoTime() - t0) / 1e9, saved));
    }

    /**
     * Runs {@code stage} again: its journal entry (and the later ones) goes first, so that no entry outlives its result,
     * then it runs, and its result is journaled under {@code key}.
     */
    private <T> T runAgain(Stage stage, String key, long t0, StageBody<T> body, Function<T, JsonNode> journaled)
        throws IOException {
      journal.forget(stage);
      PausePoint.here("stage." + stage.optionName());
      T result = body.run();
      double s = (System.nanoTime() - t0) / 1e9;
      stages.add(new StageRun(stage, false, s, 0));
      journal.record(stage, key, s, journaled.apply(result));
      return result;
    }

    /** The index's builder parameters for the report; null, logged, when its manifest cannot be read: not a failed run. */
    private Map<String, Object> builtWith() {
      try {
        return ws.builtWith(plan);
      } catch (IOException | RuntimeException e) {
        LOG.warn("report: the index's builder parameters are not readable: {}", e.getMessage());
        return null;
      }
    }

    private void removeIndex() throws IOException {
      if (ws.removeIndex()) {
        LOG.info("clean: removed the index {} (-clean_build_volume false keeps it for later seek runs)", ws.indexUrl());
      }
    }
  }
}
