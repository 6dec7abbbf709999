package io.proximace.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import io.proximace.fs.Fingerprint;
import io.proximace.fs.StagedDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A multi-category index: one complete index per category in {@code category-<id>/} of the index folder,
 * described by {@code categories.json}, the marker of the folder's commit.
 *
 * @param parts each category's doc count and algorithm ({@code linear} below {@code -category_threshold})
 * @param created when the build finished (ISO-8601)
 * @param fingerprint the doc partition's files when the build read them (null: built by an earlier version)
 */
public record CategorySet(Map<Long, Part> parts, String created, Fingerprint fingerprint) {
  static final String FILE = "categories.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One category's index. */
  public record Part(long docs, String algo) {}

  public CategorySet {
    parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
  }

  /** The folder of category {@code id} inside the index folder {@code dir}. */
  public static Path dir(Path dir, long id) {
    return new Path(dir, "category-" + id);
  }

  /** Reads {@code dir}'s categories, or null when {@code dir} holds no multi-category index. */
  public static CategorySet read(FileSystem fs, Path dir) throws IOException {
    byte[] bytes = AtomicFile.read(fs, new Path(dir, FILE));
    if (bytes == null) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      Map<Long, Part> parts = new LinkedHashMap<>();
      root.get("categories").forEach(n -> parts.put(n.get("id").asLong(), new Part(n.get("docs").asLong(), n.get("algo").asText())));
      Fingerprint f = root.hasNonNull("fingerprint") ? JSON.treeToValue(root.get("fingerprint"), Fingerprint.class) : null;
      return new CategorySet(parts, root.path("created").asText(), f);
    } catch (IOException | NullPointerException e) {
      throw new ProximaException("index at " + dir + " is damaged: its " + FILE + " is not readable; build the index again");
    }
  }

  /** Puts the staged category indexes in place, with this list as the commit's marker. */
  public void commit(StagedDirectory staged) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("categories");
    parts.forEach((id, part) -> arr.addObject().put("id", id).put("docs", part.docs()).put("algo", part.algo()));
    root.put("created", created);
    root.set("fingerprint", JSON.valueToTree(fingerprint));
    staged.commit(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  /** Docs in all categories. */
  public long totalDocs() {
    return parts.values().stream().mapToLong(Part::docs).sum();
  }
}
