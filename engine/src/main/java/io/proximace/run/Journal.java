package io.proximace.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.fs.AtomicFile;
import io.proximace.plan.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

  /** The journal at {@code file}: what it holds when {@code resume}; else it is removed and this run starts an empty one. */
  static Journal open(FileSystem fs, Path file, boolean resume) throws IOException {
    ObjectNode root = null;
    if (!resume && fs.exists(file)) {
      fs.delete(file, false);
    }
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

  /**
   * Forgets {@code stage} and every stage after it, on the volume too, before {@code stage} runs again: from here on
   * its files are being replaced, so an entry must never outlive the result it describes (a run killed half-way through
   * the stage, or another command's run in between, would otherwise leave an entry that names what is no longer there).
   */
  void forget(Stage stage) {
    reusable = false;
    ObjectNode stages = (ObjectNode) root.get("stages");
    boolean from = false;
    boolean removed = false;
    for (Stage s : Stage.values()) {
      from |= s == stage;
      if (from) {
        removed |= stages.remove(s.optionName()) != null;
      }
    }
    if (removed) {
      write();
    }
  }

  /** Records that {@code stage} finished under {@code key} in {@code seconds} with {@code result}. */
  void record(Stage stage, String key, double seconds, JsonNode result) {
    forget(stage);
    ObjectNode entry = ((ObjectNode) root.get("stages")).putObject(stage.optionName());
    entry.put("key", key).put("seconds", seconds).set("result", result);
    write();
  }

  private void write() {
    if (!writable) {
      return;
    }
    try {
      AtomicFile.write(fs, file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException | RuntimeException e) {
      writable = false;
      LOG.warn("resume: cannot keep the run's journal at {} ({}): an interrupted run will start afresh", file, e.getMessage());
      finish(); // an older journal must not survive one that could not be written
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
}
