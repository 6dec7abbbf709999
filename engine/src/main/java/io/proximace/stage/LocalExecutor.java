package io.proximace.stage;

import io.proximace.model.Model;
import io.proximace.plan.RunPlan;
import java.io.IOException;

/** Build and seek in this JVM, on all of the run's threads; one index per category when docs have categories. */
public final class LocalExecutor implements Executor {
  /** The one instance: it holds nothing. */
  public static final LocalExecutor INSTANCE = new LocalExecutor();

  private LocalExecutor() {}

  @Override
  public Built build(Workspace ws, RunPlan plan, Model model) throws IOException {
    return plan.categorized() ? CategorySearch.build(ws, plan, model) : BuildStage.run(ws, plan, model);
  }

  @Override
  public Sought seek(Workspace ws, RunPlan plan) throws IOException {
    return plan.categorized() ? CategorySearch.seek(ws, plan) : SeekStage.run(ws, plan);
  }
}
