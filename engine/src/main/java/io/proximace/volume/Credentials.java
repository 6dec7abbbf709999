package io.proximace.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * OSS credentials profiles, stored once in the home ({@code credentials.json}, readable by its owner
 * only) and named by a volume's {@code -role_arn}, so that jobs reach OSS without users holding keys.
 * A secret is never printed, logged or put in a url.
 */
public final class Credentials {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One profile. {@code endpoint} may be null (the volume's url names it); {@code secure}: https. */
  public record Profile(String name, String accessKeyId, String accessKeySecret, String endpoint, boolean secure) {
    @Override
    public String toString() {
      return "Profile[" + name + ", endpoint " + endpoint + "]"; // no keys, ever
    }
  }

  private final Path file;
  private final String user;

  /** The profiles of the home at {@code home}, used by {@code user}. */
  public Credentials(Path home, String user) {
    this.file = home.resolve("credentials.json");
    this.user = user;
  }

  /**
   * Adds or replaces a profile; the file is created readable by its owner only, before the secret is
   * written. A profile belongs to the user who stored it: another user may not replace it (and so send
   * someone's volume to another endpoint or account).
   */
  public void put(Profile p) throws IOException {
    AtomicFile.update(file, "the credentials file", old -> {
      ObjectNode root = parse(old);
      String owner = root.path(p.name()).path("owner").asText("");
      if (!owner.isEmpty() && !owner.equals(user)) {
        throw new ProximaException("credentials profile '" + p.name() + "' belongs to " + owner + "; only they may replace it"
            + " (store yours under another name)");
      }
      root.putObject(p.name()).put("accessKeyId", p.accessKeyId()).put("accessKeySecret", p.accessKeySecret())
          .put("endpoint", p.endpoint()).put("secure", p.secure()).put("owner", user);
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }, "rw-------");
  }

  /** The profile named {@code name}, or an error listing the profile names. */
  public Profile get(String name) throws IOException {
    ObjectNode root = read();
    JsonNode n = root.get(name);
    if (n == null) {
      TreeSet<String> names = new TreeSet<>();
      root.fieldNames().forEachRemaining(names::add);
      throw new ProximaException("no credentials profile '" + name + "' in " + file + " (profiles: "
          + (names.isEmpty() ? "none" : String.join(", ", names)) + "); add one with vfs -set_credentials " + name);
    }
    if (!n.hasNonNull("accessKeyId") || !n.hasNonNull("accessKeySecret")) {
      throw new ProximaException("catalog file " + file + " is damaged: profile '" + name + "' lacks its key; store it again with vfs -set_credentials " + name);
    }
    return new Profile(name, n.get("accessKeyId").asText(), n.get("accessKeySecret").asText(),
        n.hasNonNull("endpoint") ? n.get("endpoint").asText() : null, n.path("secure").asBoolean(true));
  }

  private ObjectNode read() throws IOException {
    return parse(AtomicFile.read(file));
  }

  private ObjectNode parse(byte[] bytes) {
    if (bytes == null) {
      return JSON.createObjectNode();
    }
    try {
      if (JSON.readTree(bytes) instanceof ObjectNode o) {
        return o;
      }
    } catch (IOException e) {
      // named below
    }
    throw new ProximaException("catalog file " + file + " is damaged: it is not a JSON object of profiles; fix it or store the profiles again");
  }
}
