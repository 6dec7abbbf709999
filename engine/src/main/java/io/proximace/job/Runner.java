package io.proximace.job;

import io.proximace.Home;
import io.proximace.ProximaException;
import io.proximace.index.IndexStore;
import io.proximace.kernel.Kernels;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.volume.Volume;
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
    RunContext ctx = prepare(spec);
    String docs = spec.mode().has(Stage.BUILD)
        ? ctx.docPartition() + " (" + bytes(ctx.docPartition().bytes()) + ")"
        : "index " + ctx.indexUrl;
    LOG.info("plan: local, {} with {} on {} threads (kernel {}); docs {}; queries {} ({}); topk {}; stages {}",
        spec.algorithm().optionName(), spec.distance().optionName(), spec.threads(), Kernels.preferred().name(),
        docs, ctx.queryPartition(), bytes(ctx.queryPartition().bytes()), spec.maxTopk(), spec.mode());
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
        ctx.outputName(), ctx.indexUrl, indexKept);
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
    Volume volume = home.volumes().get(spec.volume());
    String indexRelative = spec.ownerId() + "/indexes/" + spec.docTable().project() + "." + spec.docTable().name()
        + "/" + doc.schema().partition().name() + "=" + docPt + "/" + spec.algorithm().optionName();
    RunContext ctx = new RunContext(resolved, home, doc, query, volume, indexRelative);
    if (!spec.mode().has(Stage.BUILD) && IndexStore.manifest(ctx.indexFs, ctx.indexDir) == null) {
      throw new ProximaException("-job_mode " + spec.mode() + " needs an index built before, but there is none at "
          + ctx.indexUrl + ": build one with -job_mode build:seek -clean_build_volume false");
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
