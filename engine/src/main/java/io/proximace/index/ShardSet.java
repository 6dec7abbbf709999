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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An index split into doc shards, each a complete index in {@code shard-NNNNN/} of the index folder,
 * described by {@code shards.json}, the marker of the folder's commit: a folder without it holds no
 * sharded index.
 *
 * @param sharding {@code hash} or {@code cluster}
 * @param docs docs in each shard, by shard number
 * @param created when the build finished (ISO-8601)
 * @param fingerprint the doc partition's files when the build read them (null: built by an earlier version)
 */
public record ShardSet(String sharding, List<Long> docs, String created, Fingerprint fingerprint) {
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
    byte[] bytes = AtomicFile.read(fs, new Path(dir, FILE));
    if (bytes == null) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      List<Long> docs = new ArrayList<>();
      root.get("docs").forEach(n -> docs.add(n.asLong()));
      Fingerprint f = root.hasNonNull("fingerprint") ? JSON.treeToValue(root.get("fingerprint"), Fingerprint.class) : null;
      return new ShardSet(root.get("sharding").asText(), docs, root.path("created").asText(), f);
    } catch (IOException | NullPointerException e) {
      throw new ProximaException("index at " + dir + " is damaged: its " + FILE + " is not readable; build the index again");
    }
  }

  /** Puts the staged shards in place, with this shard list as the commit's marker. */
  public void commit(StagedDirectory staged) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("sharding", sharding);
    root.put("shards", count());
    ArrayNode arr = root.putArray("docs");
    docs.forEach(arr::add);
    root.put("created", created);
    root.set("fingerprint", JSON.valueToTree(fingerprint));
    staged.commit(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
