package io.proximace.job;

import java.io.IOException;

/** Build and seek in this JVM, on all of the run's threads. */
final class LocalExecutor implements Executor {
  static final LocalExecutor INSTANCE = new LocalExecutor();

  private LocalExecutor() {}

  @Override
  public void build(RunContext ctx) throws IOException {
    BuildStage.run(ctx);
  }

  @Override
  public void seek(RunContext ctx) throws IOException {
    SeekStage.run(ctx);
  }
}
