package io.proximace.job;

import java.io.IOException;

/** Build and seek in this JVM, on all of the run's threads; one index per category when docs have categories. */
final class LocalExecutor implements Executor {
  static final LocalExecutor INSTANCE = new LocalExecutor();

  private LocalExecutor() {}

  @Override
  public void build(RunContext ctx) throws IOException {
    if (ctx.categorized()) {
      CategorySearch.build(ctx);
    } else {
      BuildStage.run(ctx);
    }
  }

  @Override
  public void seek(RunContext ctx) throws IOException {
    if (ctx.categorized()) {
      CategorySearch.seek(ctx);
    } else {
      SeekStage.run(ctx);
    }
  }
}
