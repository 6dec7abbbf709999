package io.proximace.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A multi-category index: one complete index per category in {@code category-<id>/} of the index folder,
 * described by {@code categories.json}, written last.
 *
 * @param parts each category's doc count and algorithm ({@code linear} below {@code -category_threshold})
 * @param created when the build finished (ISO-8601)
 */
public record CategorySet(Map<Long, Part> parts, String created) {
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
    Path p = new Path(dir, FILE);
    if (!fs.exists(p)) {
      return null;
    }
    JsonNode root;
    try (InputStream in = fs.open(p)) {
      root = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Map<Long, Part> parts = new LinkedHashMap<>();
    root.get("categories").forEach(n -> parts.put(n.get("id").asLong(), new Part(n.get("docs").asLong(), n.get("algo").asText())));
    return new CategorySet(parts, root.path("created").asText());
  }

  /** Writes the category list into {@code dir}, last, once every category's index is in place. */
  public void write(FileSystem fs, Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("categories");
    parts.forEach((id, part) -> arr.addObject().put("id", id).put("docs", part.docs()).put("algo", part.algo()));
    root.put("created", created);
    AtomicFile.write(fs, new Path(dir, FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  /** Docs in all categories. */
  public long totalDocs() {
    return parts.values().stream().mapToLong(Part::docs).sum();
  }
}
