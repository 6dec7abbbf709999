package io.proximace.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.fs.AtomicFile;
import io.proximace.plan.PlanCodec;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an unfinished run finished, kept on the volume beside the index ({@code <index>.journal.json}): for each
 * finished stage, a key of everything its result depends on (the inputs' files, the options that affect it, the
 * stages before it), the time it took, and its result. Re-running the same command reuses a stage whose key is
 * unchanged; a stage that runs again invalidates the ones after it. A run that finishes removes its journal, so a
 * finished command run again starts afresh, as before.
 */
final class Journal {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The journal's layout; a journal of another one is ignored. */
  private static final int FORMAT = 1;

  private final FileSystem fs;
  private final Path file;
  private final ObjectNode root;
  /** False once a stage ran again: what comes after it cannot be reused. */
  private boolean reusable;
  /** False once the journal could not be written (a seek-only user without Write on the volume). */
  private boolean writable = true;

  private Journal(FileSystem fs, Path file, ObjectNode root, boolean reusable) {
    this.fs = fs;
    this.file = file;
    this.root = root;
    this.reusable = reusable;
  }

  /**
   * No journal: a run that does not write the index (a seek-only run) holds no lock on it, and may lack Write on the
   * volume; it runs every stage.
   */
  static Journal none() {
    Journal j = new Journal(null, null, JSON.createObjectNode().put("format", FORMAT), false);
    j.root.putObject("stages");
    j.writable = false;
    return j;
  }

  /** The journal at {@code file}: what it holds when {@code resume}, else an empty one (replacing it when first written). */
  static Journal open(FileSystem fs, Path file, boolean resume) throws IOException {
    ObjectNode root = null;
    if (resume && fs.exists(file)) {
      try (InputStream in = fs.open(file)) {
        JsonNode read = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        root = read instanceof ObjectNode o && o.path("format").asInt() == FORMAT ? o : null;
      } catch (IOException e) {
        LOG.warn("resume: the journal {} cannot be read ({}); running every stage", file, e.getMessage());
      }
    }
    boolean found = root != null;
    if (!found) {
      root = JSON.createObjectNode().put("format", FORMAT);
      root.putObject("stages");
    }
    return new Journal(fs, file, root, found);
  }

  /**
   * The result {@code stage} recorded under {@code key}, or null when it must run: not recorded, recorded with
   * another key, or a stage before it ran again.
   */
  JsonNode finished(Stage stage, String key) {
    JsonNode entry = root.path("stages").path(stage.optionName());
    if (!reusable || !key.equals(entry.path("key").asText())) {
      reusable = false;
      return null;
    }
    return entry;
  }

  /** Marks {@code stage} as running again: nothing after it is reused. */
  void redo(Stage stage) {
    reusable = false;
  }

  /** Records that {@code stage} finished under {@code key} in {@code seconds} with {@code result}. */
  void record(Stage stage, String key, double seconds, JsonNode result) {
    ObjectNode stages = (ObjectNode) root.get("stages");
    // what came after it was made from the old result
    boolean after = false;
    for (Stage s : Stage.values()) {
      if (after) {
        stages.remove(s.optionName());
      }
      after |= s == stage;
    }
    ObjectNode entry = stages.putObject(stage.optionName());
    entry.put("key", key).put("seconds", seconds).set("result", result);
    if (!writable) {
      return;
    }
    try {
      AtomicFile.write(fs, file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException | RuntimeException e) {
      writable = false;
      LOG.warn("resume: cannot keep the run's journal at {} ({}): an interrupted run will start afresh", file, e.getMessage());
    }
  }

  /** Removes the journal: the run finished. */
  void finish() {
    if (fs == null) {
      return;
    }
    try {
      if (fs.exists(file)) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      LOG.warn("resume: cannot remove the finished run's journal {}: {}", file, e.getMessage());
    }
  }

  /**
   * The key of {@code stage} in {@code plan}: a digest of what its result depends on. Train and build depend on the
   * docs' files and the index's options and sharding; tune and seek also on the queries' files, the selection and the
   * searcher; seek also on the output partition. Threads, budgets and query shards change no row, and are left out.
   */
  static String key(Stage stage, RunPlan plan) {
    ObjectNode k = JSON.createObjectNode();
    k.set("format", PlanCodec.tree(plan.inputs().format()));
    k.set("docs", PlanCodec.tree(plan.inputs().docs().files()));
    k.set("categories", PlanCodec.tree(plan.inputs().categories()));
    k.put("algorithm", plan.index().algorithm().name()).put("distance", plan.index().distance().name())
        .put("converter", plan.index().converter().name());
    k.set("builder", PlanCodec.tree(plan.index().builder().values()));
    k.put("mapReduce", plan.execution().mapReduce()).put("columns", plan.execution().columns())
        .put("byCluster", plan.execution().byCluster());
    if (stage == Stage.TUNE || stage == Stage.SEEK) {
      k.set("queries", PlanCodec.tree(plan.inputs().queries().files()));
      k.set("selection", PlanCodec.tree(plan.selection()));
      k.set("searcher", PlanCodec.tree(plan.index().searcher().values()));
    }
    if (stage == Stage.SEEK) {
      k.set("output", PlanCodec.tree(plan.output()));
      k.put("seekRatio", plan.execution().kmeansSeekRatio());
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(k.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
