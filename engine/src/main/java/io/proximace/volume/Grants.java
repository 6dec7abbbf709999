package io.proximace.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A project's permissions, MaxCompute's model: the project owner holds every privilege and alone grants
 * and revokes; others need {@code CreateVolume} on the project to create volumes, {@code Read} on a volume
 * to list and read it, {@code Write} to write and delete in it. Kept in {@code grants.json} in the project's
 * catalog folder; the first user to use a project becomes its owner.
 *
 * <p>These permissions guard against mistakes, not against a hostile local root: anyone who can write
 * the home can rewrite the file.
 */
public final class Grants {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One grant: a privilege for a user, on the project ({@code volume} null) or on a volume. */
  public record Grant(String user, Privilege privilege, String volume) {
    @Override
    public String toString() {
      return "GRANT " + privilege + " ON " + (volume == null ? "PROJECT" : "VOLUME " + volume) + " TO USER " + user;
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final String project;
  private String owner;
  private final List<Grant> grants = new ArrayList<>();

  private Grants(FileSystem fs, Path file, String project) {
    this.fs = fs;
    this.file = file;
    this.project = project;
  }

  /** The grants of {@code project} in {@code dir}; a project seen for the first time becomes {@code user}'s. */
  static Grants load(FileSystem fs, Path dir, String project, String user) throws IOException {
    Grants g = new Grants(fs, new Path(dir, "grants.json"), project);
    if (!fs.exists(g.file)) {
      g.owner = user;
      g.save();
      return g;
    }
    JsonNode root;
    try (InputStream in = fs.open(g.file)) {
      root = JSON.readTree(in);
    }
    g.owner = root.path("owner").asText();
    for (JsonNode n : root.path("grants")) {
      g.grants.add(new Grant(n.get("user").asText(), Privilege.parse(n.get("privilege").asText()),
          n.hasNonNull("volume") ? n.get("volume").asText() : null));
    }
    return g;
  }

  public String owner() {
    return owner;
  }

  /** Whether {@code user} holds {@code privilege} on {@code volume} (null: on the project). */
  public boolean holds(String user, Privilege privilege, String volume) {
    if (user.equals(owner)) {
      return true;
    }
    for (Grant g : grants) {
      if (g.user().equals(user) && g.privilege() == privilege
          && (privilege == Privilege.CREATE_VOLUME || g.volume().equalsIgnoreCase(volume))) {
        return true;
      }
    }
    return false;
  }

  /** Fails unless {@code user} holds {@code privilege}, naming what is missing and who can grant it. */
  public void check(String user, Privilege privilege, String volume) {
    if (!holds(user, privilege, volume)) {
      String on = privilege == Privilege.CREATE_VOLUME ? "project " + project : "volume " + volume;
      throw new ProximaException("permission denied: user " + user + " lacks " + privilege + " on " + on
          + " (the project owner, " + owner + ", can run: acl grant " + privilege + " on "
          + (privilege == Privilege.CREATE_VOLUME ? "project " + project : "volume " + volume) + " to user " + user + ")");
    }
  }

  /** Adds a grant; only the owner may. */
  public void grant(String by, Grant g) throws IOException {
    ownerOnly(by, "grant");
    if (!grants.contains(g)) {
      grants.add(g);
      save();
    }
  }

  /** Removes a grant; only the owner may. Returns whether there was one. */
  public boolean revoke(String by, Grant g) throws IOException {
    ownerOnly(by, "revoke");
    boolean removed = grants.removeIf(x -> x.user().equals(g.user()) && x.privilege() == g.privilege()
        && (g.volume() == null ? x.volume() == null : g.volume().equalsIgnoreCase(Objects.toString(x.volume(), ""))));
    if (removed) {
      save();
    }
    return removed;
  }

  /** The grants held by {@code user}. */
  public List<Grant> of(String user) {
    return grants.stream().filter(g -> g.user().equals(user)).toList();
  }

  private void ownerOnly(String by, String what) {
    if (!by.equals(owner)) {
      throw new ProximaException("permission denied: only the owner of project " + project + " (" + owner + ") may " + what
          + " privileges; you are " + by);
    }
  }

  private void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("owner", owner);
    ArrayNode arr = root.putArray("grants");
    for (Grant g : grants) {
      ObjectNode n = arr.addObject().put("user", g.user()).put("privilege", g.privilege().toString());
      if (g.volume() != null) {
        n.put("volume", g.volume());
      }
    }
    AtomicFile.write(fs, file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
