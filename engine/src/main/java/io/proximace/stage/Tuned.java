package io.proximace.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.index.Params;
import io.proximace.plan.RunPlan;
import java.io.IOException;
import java.util.List;

/**
 * What {@code -target_recall} chose: the searcher parameters the seek uses, the effort among them, the recall/effort
 * curve it measured, and the queries it held out, on which the recall check or stage measures the output.
 *
 * @param held the held-out queries and, when this run measured them, their exact neighbours
 */
public record Tuned(Params searcher, double effort, List<Point> curve, RecallStage.Truth held) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a journal keeps: the effort, the curve, and the held-out queries (their exact neighbours are measured again). */
  public JsonNode toJson() {
    ObjectNode n = JSON.createObjectNode().put("effort", effort);
    n.set("curve", JSON.valueToTree(curve));
    if (held != null) {
      n.set("held", JSON.valueToTree(held.ids()));
    }
    return n;
  }

  /** The choice {@link #toJson} kept, for a run of {@code plan}. */
  public static Tuned fromJson(RunPlan plan, JsonNode n) throws IOException {
    double effort = n.get("effort").asDouble();
    List<Point> curve = List.of(JSON.treeToValue(n.get("curve"), Point[].class));
    RecallStage.Truth held = n.has("held") ? new RecallStage.Truth(JSON.treeToValue(n.get("held"), int[].class), null) : null;
    return new Tuned(Tuner.withEffort(plan.index().searcher(), plan.index().algorithm(), effort), effort, curve, held);
  }

  /**
   * One effort tried: the Recall@topk it reached on the tuning queries, and their queries per second (after a warm-up
   * pass, the fastest of a few passes).
   */
  public record Point(double effort, double recall, double queriesPerSecond) {}
}
