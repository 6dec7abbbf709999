package io.proximace.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * OSS credentials profiles, stored once in the home ({@code credentials.json}, readable by its owner
 * only) and named by a volume's {@code -role_arn}, so that jobs reach OSS without users holding keys.
 * A volume that names no profile takes Aliyun's environment variables instead ({@link #forVolume}).
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

  /** The environment's key pairs, in the order they are tried: Aliyun's SDK variables, then ossutil's. */
  static final String[][] ENV_PAIRS = {
      {"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"}, {"OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET"}};
  /** An STS token needs a security token sent with every request, which the volumes do not send. */
  static final String ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";

  private final Path file;
  private final String user;
  private final Supplier<Map<String, String>> env;

  /** The profiles of the home at {@code home}, used by {@code user}, with the process's environment. */
  public Credentials(Path home, String user) {
    this(home, user, System::getenv);
  }

  /** As above, with {@code env} standing for the environment (tests). */
  Credentials(Path home, String user, Supplier<Map<String, String>> env) {
    this.file = home.resolve("credentials.json");
    this.user = user;
    this.env = env;
  }

  /**
   * The credentials of a volume: its profile when it names one, else the first key pair set in the
   * environment ({@link #ENV_PAIRS}), as a profile named after the key id's variable with no endpoint.
   * A pair half set is an error naming both variables, as is no credentials at all.
   */
  public Profile forVolume(String profile) throws IOException {
    if (profile != null) {
      return get(profile);
    }
    Map<String, String> e = env.get();
    for (String[] pair : ENV_PAIRS) {
      String id = nonEmpty(e.get(pair[0]));
      String secret = nonEmpty(e.get(pair[1]));
      if (id == null && secret == null) {
        continue;
      }
      if (id == null || secret == null) {
        throw new ProximaException((id == null ? pair[1] : pair[0]) + " is set but " + (id == null ? pair[0] : pair[1])
            + " is not: set both " + pair[0] + " and " + pair[1] + ", or neither");
      }
      if (pair[0].startsWith("ALIBABA_CLOUD") && nonEmpty(e.get(ENV_TOKEN)) != null) {
        throw new ProximaException(ENV_TOKEN + " is set, but STS tokens are not supported: use a long-term access key,"
            + " or store one with vfs -set_credentials and name it with -role_arn");
      }
      return new Profile(pair[0], id, secret, null, true);
    }
    throw new ProximaException("an oss volume needs -role_arn <profile>: the credentials profile jobs use to reach OSS"
        + " (add one with vfs -set_credentials <profile>), or with no profile the environment's "
        + ENV_PAIRS[0][0] + " and " + ENV_PAIRS[0][1] + " (or " + ENV_PAIRS[1][0] + " and " + ENV_PAIRS[1][1] + ")");
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
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
