package io.proximace.job;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.kernel.Kernels;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import io.proximace.volume.Volume;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
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

  private final Home home;

  /** A runner over the tables and volumes of {@code home}. */
  public Runner(Home home) {
    this.home = home;
  }

  /** Runs {@code spec}; a user mistake or bad data is a {@link ProximaException} with the whole story. */
  public RunResult run(JobSpec spec) throws IOException {
    long start = System.nanoTime();
    Kernels.warmUp(); // compiles the kernel while partitions are read
    try (RunContext ctx = prepare(spec)) {
      return run(ctx, start);
    }
  }

  private RunResult run(RunContext ctx, long start) throws IOException {
    JobSpec spec = ctx.spec;
    String docs = spec.mode().has(Stage.BUILD)
        ? ctx.docPartition() + " (" + bytes(ctx.docPartition().bytes()) + ")"
        : "index " + ctx.indexUrl;
    LOG.info("plan: local, {} with {} on {} threads (kernel {}); docs {}; queries {} ({}); topk {}; stages {}",
        spec.algorithm().optionName(), spec.distance().optionName(), spec.threads(), Kernels.preferred().name(),
        docs, ctx.queryPartition(), bytes(ctx.queryPartition().bytes()), spec.maxTopk(), spec.mode());
    String workDir = null;
    if (!spec.volumeFiles().isEmpty() || !spec.volumeArchives().isEmpty()) {
      java.nio.file.Path dir = java.nio.file.Path.of(home.dir().toUri()).resolve("work")
          .resolve(java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
              + "-" + Long.toHexString(System.nanoTime() & 0xffffff));
      StartupFiles.fetch(spec, home.conf(), dir);
      workDir = dir.toString();
      LOG.info("startup: the job's working directory is {}", dir);
    }
    boolean built = false;
    boolean cleanIndex = spec.mode().has(Stage.BUILD) || spec.mode().has(Stage.TRAIN)
        ? !Boolean.FALSE.equals(spec.cleanBuildVolume())
        : Boolean.TRUE.equals(spec.cleanBuildVolume());
    boolean indexKept = true;
    try {
      if (spec.mode().has(Stage.TRAIN)) {
        built = true;
        timed(ctx, Stage.TRAIN, () -> TrainStage.run(ctx));
      }
      if (spec.mode().has(Stage.BUILD)) {
        built = true;
        timed(ctx, Stage.BUILD, () -> BuildStage.run(ctx));
      }
      if (spec.mode().has(Stage.SEEK)) {
        timed(ctx, Stage.SEEK, () -> SeekStage.run(ctx));
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
    return new RunResult(ctx.stageSeconds, ctx.docs, ctx.queries, ctx.rowsWritten, ctx.recall, ctx.recallQueries,
        ctx.outputName(), ctx.indexUrl, indexKept, workDir);
  }

  /** Resolves tables, partitions, the volume and the index folder, failing before any work is done. */
  private RunContext prepare(JobSpec spec) throws IOException {
    Table doc = home.warehouse().table(spec.docTable());
    VectorInput.checkSchema(doc, "doc");
    String docPt = doc.parseSpec(spec.docPartition());
    if (spec.mode().has(Stage.BUILD) || spec.mode().has(Stage.RECALL)) {
      doc.partition(docPt);
    }
    Table query = home.warehouse().table(spec.queryTable());
    VectorInput.checkSchema(query, "query");
    String queryPt = query.parseSpec(spec.queryPartition());
    query.partition(queryPt);
    Schema outputSchema = RunContext.outputSchema(spec.pkType());
    if (home.warehouse().exists(spec.outputTable())) {
      RunContext.checkOutput(home.warehouse().table(spec.outputTable()), outputSchema);
    }
    String outPt = Table.parseSpec(spec.outputTable(), outputSchema, spec.outputPartition());
    JobSpec resolved = spec.toBuilder().docs(spec.docTable(), docPt).queries(spec.queryTable(), queryPt)
        .output(spec.outputTable(), outPt).build();
    VolumeCatalog catalog = home.volumes();
    Volume volume = catalog.get(spec.volume());
    // privileges first: a user who may not write the volume learns it before the docs are read
    boolean writes = spec.mode().has(Stage.BUILD) || spec.mode().has(Stage.TRAIN) || spec.mode().has(Stage.RECALL)
        || Boolean.TRUE.equals(spec.cleanBuildVolume());
    catalog.grants().check(home.user(), Privilege.READ, volume.name());
    if (writes) {
      catalog.grants().check(home.user(), Privilege.WRITE, volume.name());
    }
    String indexRelative = spec.ownerId() + "/indexes/" + spec.docTable().project() + "." + spec.docTable().name()
        + "/" + doc.schema().partition().name() + "=" + docPt + "/" + spec.algorithm().optionName();
    RunContext ctx = new RunContext(resolved, home, doc, query, volume, indexRelative);
    try {
      // reaching the volume now reports a vanished folder or refused credentials before any work
      IndexManifest existing = IndexStore.manifest(ctx.indexFs, ctx.indexDir);
      if (!spec.mode().has(Stage.BUILD) && existing == null) {
        throw new ProximaException("-job_mode " + spec.mode() + " needs an index built before, but there is none at "
            + ctx.indexUrl + ": build one with -job_mode build:seek -clean_build_volume false");
      }
    } catch (IOException | RuntimeException e) {
      ctx.close();
      throw e;
    }
    return ctx;
  }

  private static void removeIndex(RunContext ctx) throws IOException {
    if (ctx.indexFs.exists(ctx.modelDir)) {
      ctx.indexFs.delete(ctx.modelDir, true);
    }
    if (ctx.indexFs.exists(ctx.indexDir)) {
      ctx.indexFs.delete(ctx.indexDir, true);
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

  static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }

  static String bytes(long b) {
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
