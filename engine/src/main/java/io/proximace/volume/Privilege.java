package io.proximace.volume;

import io.proximace.ProximaException;
import java.util.List;
import java.util.Locale;

/** What a grant allows, by MaxCompute's names, and on what kind of object it is granted. */
public enum Privilege {
  /** Create volumes in a project. */
  CREATE_VOLUME("CreateVolume", On.PROJECT),
  /** Create tables in a project (the runner creates a missing output table). */
  CREATE_TABLE("CreateTable", On.PROJECT),
  /** List and read a volume's files. */
  READ("Read", On.VOLUME),
  /** Write and delete a volume's files. */
  WRITE("Write", On.VOLUME),
  /** See a table's columns and partitions; every other table privilege includes it. */
  DESCRIBE("Describe", On.TABLE),
  /** Read a table's rows: {@code table show}, {@code unload}, the runner's doc and query tables. */
  SELECT("Select", On.TABLE),
  /** Write a table's rows: {@code table import}, {@code load}, {@code add-partition}, the runner's output table. */
  UPDATE("Update", On.TABLE),
  /** Drop a table or one of its partitions. */
  DROP("Drop", On.TABLE);

  /** The kind of object a privilege is granted on. */
  public enum On {
    PROJECT, VOLUME, TABLE;

    /** The word in statements: {@code project}, {@code volume}, {@code table}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String text;
  private final On on;

  Privilege(String text, On on) {
    this.text = text;
    this.on = on;
  }

  /** The kind of object this privilege is granted on. */
  public On on() {
    return on;
  }

  /** Whether holding this privilege also grants {@code other} on the same object. */
  public boolean implies(Privilege other) {
    return this == other || other == DESCRIBE && on == On.TABLE;
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Parses a privilege name, case-insensitively; {@code all} means every privilege of {@code on}
   * (MaxCompute's {@code ALL}). An error lists the names that fit.
   */
  public static List<Privilege> parse(String s, On on) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    List<Privilege> fitting = java.util.Arrays.stream(values()).filter(p -> p.on == on).toList();
    if (t.equals("all")) {
      return fitting;
    }
    for (Privilege p : values()) {
      if (p.text.toLowerCase(Locale.ROOT).equals(t)) {
        if (p.on != on) {
          throw new ProximaException("the privilege " + p + " is granted on a " + p.on.word() + ", not on a " + on.word());
        }
        return List.of(p);
      }
    }
    throw new ProximaException("unknown privilege '" + s + "' on a " + on.word() + ": expected "
        + String.join(", ", fitting.stream().map(Privilege::toString).toList()) + " or All");
  }

  /** Parses one stored privilege name (as written in grants.json); null when unknown. */
  static Privilege named(String s) {
    for (Privilege p : values()) {
      if (p.text.equalsIgnoreCase(s.trim())) {
        return p;
      }
    }
    return null;
  }
}
