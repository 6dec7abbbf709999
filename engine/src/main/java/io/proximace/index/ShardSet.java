package io.proximace.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An index split into doc shards, each a complete index in {@code shard-NNNNN/} of the index folder,
 * described by {@code shards.json}, written last: a folder without it holds no sharded index.
 *
 * @param sharding {@code hash} or {@code cluster}
 * @param docs docs in each shard, by shard number
 * @param created when the build finished (ISO-8601)
 */
public record ShardSet(String sharding, List<Long> docs, String created) {
  static final String FILE = "shards.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public ShardSet {
    docs = List.copyOf(docs);
  }

  /** Number of shards. */
  public int count() {
    return docs.size();
  }

  /** Docs in all shards. */
  public long totalDocs() {
    return docs.stream().mapToLong(Long::longValue).sum();
  }

  /** The folder of shard {@code i} inside the index folder {@code dir}. */
  public static Path shardDir(Path dir, int i) {
    return new Path(dir, String.format(Locale.ROOT, "shard-%05d", i));
  }

  /** Reads {@code dir}'s shard list, or null when {@code dir} holds no sharded index. */
  public static ShardSet read(FileSystem fs, Path dir) throws IOException {
    Path p = new Path(dir, FILE);
    if (!fs.exists(p)) {
      return null;
    }
    JsonNode root;
    try (InputStream in = fs.open(p)) {
      root = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<Long> docs = new ArrayList<>();
    root.get("docs").forEach(n -> docs.add(n.asLong()));
    return new ShardSet(root.get("sharding").asText(), docs, root.path("created").asText());
  }

  /** Writes the shard list into {@code dir}, last, once every shard is in place. */
  public void write(FileSystem fs, Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("sharding", sharding);
    root.put("shards", count());
    ArrayNode arr = root.putArray("docs");
    docs.forEach(arr::add);
    root.put("created", created);
    AtomicFile.write(fs, new Path(dir, FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
