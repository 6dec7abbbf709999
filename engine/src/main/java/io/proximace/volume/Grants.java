package io.proximace.volume;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's permissions, MaxCompute's model: the project owner holds every privilege and alone grants
 * and revokes; others need {@code CreateVolume} or {@code CreateTable} on the project, {@code Read} or
 * {@code Write} on a volume, {@code Describe}, {@code Select}, {@code Update} or {@code Drop} on a table.
 * Kept in {@code grants.json} in the project's catalog folder ({@code <home>/catalog/<project>}).
 *
 * <p>A project is owned by the first user who creates something in it (a table, a volume); reading, or
 * using another project's tables or volumes, never makes anyone its owner. A project that has tables or
 * volumes but whose grants file is missing or damaged is an error naming the file, never a new project. A
 * user who creates a table with {@code CreateTable} gets every privilege on it, as its creator. Every change is a
 * read-modify-write under the file's lock ({@link AtomicFile#update}), so parallel grants all land.
 *
 * <p>These permissions guard against mistakes and against other users of a shared home, not against a
 * hostile local root: the acting user is not authenticated, and anyone who can write the home can rewrite
 * the file.
 */
public final class Grants {
  /** The file name in a project's catalog folder. */
  static final String FILE = "grants.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One grant: a privilege for a user on the project ({@code object} null), a volume or a table (its name
   * within the project).
   */
  public record Grant(String user, Privilege privilege, String object) {
    /** Whether this grant is on {@code object} (names compare case-insensitively, as MaxCompute's do). */
    boolean on(String other) {
      return object == null ? other == null : other != null && object.equalsIgnoreCase(other);
    }

    /** The grant as MaxCompute's statement: {@code GRANT Read ON VOLUME v TO USER bob}; a project grant names {@code project}. */
    public String statement(String project) {
      return "GRANT " + privilege + " ON " + (object == null ? "PROJECT " + project : privilege.on().name() + " " + object)
          + " TO USER " + user;
    }
  }

  private final Path file;
  private final String project;
  private final String owner;
  private final List<Grant> grants;

  private Grants(Path file, String project, String owner, List<Grant> grants) {
    this.file = file;
    this.project = project;
    this.owner = owner;
    this.grants = List.copyOf(grants);
  }

  /**
   * The grants of {@code project}, kept in the catalog folder {@code dir}. A project nobody has used has
   * no owner, and nobody holds anything in it; one in use ({@code inUse}: it has tables, or volumes) whose
   * file is missing is an error naming the file.
   */
  static Grants load(Path dir, String project, boolean inUse) throws IOException {
    Path file = dir.resolve(FILE);
    byte[] bytes = AtomicFile.read(file);
    return bytes == null ? missing(dir, project, file, inUse) : parse(file, project, bytes);
  }

  /**
   * The grants of {@code project}, making {@code user} its owner when nobody has used it yet: what the first
   * command that creates something in a project (a table, a volume) does.
   */
  static Grants claim(Path dir, String project, String user, boolean inUse) throws IOException {
    Path file = dir.resolve(FILE);
    byte[] bytes = AtomicFile.update(file, "the grants of project " + project, old -> {
      if (old != null) {
        return old; // another command claimed it first
      }
      missing(dir, project, file, inUse); // refuses a project whose grants were lost
      return new Grants(file, project, user, List.of()).toJson();
    });
    return parse(file, project, bytes);
  }

  /** A project without grants: new, unless it is in use or its catalog lists volumes (then the file was lost). */
  private static Grants missing(Path dir, String project, Path file, boolean inUse) {
    if (inUse || Files.exists(dir.resolve(VolumeCatalog.FILE))) {
      throw new ProximaException("the grants file " + file + " of project " + project + " is missing, but the project has "
          + (Files.exists(dir.resolve(VolumeCatalog.FILE)) ? "volumes (" + dir.resolve(VolumeCatalog.FILE) + ")" : "tables")
          + ": restore it from a backup, or write {\"owner\": \"<user>\", \"grants\": []} into it;"
          + " proxima-ce makes no one the owner of an existing project");
    }
    return new Grants(file, project, null, List.of());
  }

  private static Grants parse(Path file, String project, byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw damaged(file, "it is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw damaged(file, e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw damaged(file, "it is not a JSON object");
    }
    String owner = root.path("owner").asText("");
    if (owner.isBlank()) {
      throw damaged(file, "it names no owner");
    }
    List<Grant> grants = new ArrayList<>();
    int i = 0;
    for (JsonNode n : root.path("grants")) {
      i++;
      String user = n.path("user").asText("");
      Privilege p = Privilege.named(n.path("privilege").asText(""));
      if (user.isBlank() || p == null) {
        throw damaged(file, "grant " + i + " has " + (user.isBlank() ? "no user" : "an unknown privilege '" + n.path("privilege").asText("") + "'"));
      }
      String object = p.on() == Privilege.On.PROJECT ? null : n.path(p.on().word()).asText("");
      if (object != null && object.isEmpty()) {
        throw damaged(file, "grant " + i + " (" + p + " to " + user + ") names no " + p.on().word());
      }
      grants.add(new Grant(user, p, object));
    }
    return new Grants(file, project, owner, grants);
  }

  private static ProximaException damaged(Path file, String what) {
    return new ProximaException("catalog file " + file + " is damaged: " + what + "; fix or restore it");
  }

  /** The project's owner; null when nobody has used the project yet. */
  public String owner() {
    return owner;
  }

  /** Whether {@code user} holds {@code privilege} on {@code object} (a volume or table name; null on the project). */
  public boolean holds(String user, Privilege privilege, String object) {
    if (owner == null) {
      return false;
    }
    if (user.equals(owner)) {
      return true;
    }
    for (Grant g : grants) {
      if (g.user().equals(user) && g.privilege().implies(privilege) && g.on(privilege.on() == Privilege.On.PROJECT ? null : object)) {
        return true;
      }
    }
    return false;
  }

  /** Fails unless {@code user} holds {@code privilege} on {@code object}, naming what is missing and who can grant it. */
  public void check(String user, Privilege privilege, String object) {
    if (holds(user, privilege, object)) {
      return;
    }
    String on = privilege.on() == Privilege.On.PROJECT ? "project " + project
        : privilege.on() == Privilege.On.TABLE ? "table " + project + "." + object : "volume " + object;
    if (owner == null) {
      throw new ProximaException("permission denied: user " + user + " lacks " + privilege + " on " + on + ": project " + project
          + " has no owner yet (its first user, working with --project " + project + ", owns it)");
    }
    throw new ProximaException("permission denied: user " + user + " lacks " + privilege + " on " + on
        + " (the project owner, " + owner + ", can run: acl grant " + privilege + " on " + on + " to user " + user + ")");
  }

  /** Adds grants; only the owner may. Returns the grants now in force. */
  public Grants grant(String by, List<Grant> add) throws IOException {
    return change(by, "grant", current -> {
      List<Grant> next = new ArrayList<>(current.grants);
      add.stream().filter(g -> next.stream().noneMatch(x -> same(x, g))).forEach(next::add);
      return next;
    });
  }

  /** Removes grants; only the owner may. Returns those of {@code remove} that were held. */
  public List<Grant> revoke(String by, List<Grant> remove) throws IOException {
    List<Grant> removed = new ArrayList<>();
    change(by, "revoke", current -> {
      removed.clear();
      List<Grant> next = new ArrayList<>(current.grants);
      next.removeIf(x -> remove.stream().anyMatch(g -> same(x, g)) && removed.add(x));
      return next;
    });
    return removed;
  }

  /**
   * Gives {@code user}, who created table {@code table} with CreateTable, every privilege on it, as
   * MaxCompute makes a table's creator its owner. Returns the grants now in force.
   */
  public Grants created(String user, String table) throws IOException {
    if (user.equals(owner)) {
      return this;
    }
    byte[] now = AtomicFile.update(file, "the grants of project " + project, old -> {
      Grants current = parse(file, project, old == null ? toJson() : old);
      current.check(user, Privilege.CREATE_TABLE, null);
      List<Grant> next = new ArrayList<>(current.grants);
      for (Privilege p : Privilege.parse("all", Privilege.On.TABLE)) {
        Grant g = new Grant(user, p, table);
        if (next.stream().noneMatch(x -> same(x, g))) {
          next.add(g);
        }
      }
      return new Grants(file, project, current.owner, next).toJson();
    });
    return parse(file, project, now);
  }

  private static boolean same(Grant a, Grant b) {
    return a.user().equals(b.user()) && a.privilege() == b.privilege() && a.on(b.object());
  }

  private interface Edit {
    List<Grant> apply(Grants current);
  }

  /** Applies {@code edit} to the grants as they are in the file now, under its lock. */
  private Grants change(String by, String what, Edit edit) throws IOException {
    byte[] now = AtomicFile.update(file, "the grants of project " + project, old -> {
      Grants current = old == null ? missing(file.getParent(), project, file, false) : parse(file, project, old);
      current.ownerOnly(by, what);
      List<Grant> next = edit.apply(current);
      return next.equals(current.grants) ? old : new Grants(file, project, current.owner, next).toJson();
    });
    return parse(file, project, now);
  }

  /** The grants held by {@code user}. */
  public List<Grant> of(String user) {
    return grants.stream().filter(g -> g.user().equals(user)).toList();
  }

  /** Every grant, in the order given. */
  public List<Grant> all() {
    return grants;
  }

  private void ownerOnly(String by, String what) {
    if (owner == null) {
      throw new ProximaException("permission denied: project " + project + " has no owner yet, so nobody may " + what
          + " privileges in it; its first user, working with --project " + project + ", owns it");
    }
    if (!by.equals(owner)) {
      throw new ProximaException("permission denied: only the owner of project " + project + " (" + owner + ") may " + what
          + " privileges; you are " + by);
    }
  }

  private byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("owner", owner);
    ArrayNode arr = root.putArray("grants");
    for (Grant g : grants) {
      ObjectNode n = arr.addObject().put("user", g.user()).put("privilege", g.privilege().toString());
      if (g.object() != null) {
        n.put(g.privilege().on().word(), g.object());
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
