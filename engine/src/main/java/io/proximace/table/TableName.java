package io.proximace.table;

import io.proximace.ProximaException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A table's project and name. {@code name} means a table of the current project and
 * {@code project.name} one of another project, as in MaxCompute. Proxima CE's rules hold: at most 64
 * characters, no {@code tmp_} (it names its own temporary tables so), no other dots. Table names are
 * case-insensitive, as in MaxCompute: {@code DOC} and {@code doc} are one table, kept in lower case.
 */
public record TableName(String project, String name) {
  private static final Pattern IDENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  public TableName {
    checkProject(project);
    checkTable(name);
    name = name.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code name} or {@code project.name}; {@code currentProject} fills in a missing project. */
  public static TableName parse(String text, String currentProject) {
    String t = text.trim();
    int dot = t.indexOf('.');
    if (dot < 0) {
      return new TableName(currentProject, t);
    }
    if (t.indexOf('.', dot + 1) >= 0) {
      throw new ProximaException("bad table name '" + text + "': a table name may contain no '.' other than the one in project.table");
    }
    return new TableName(t.substring(0, dot), t.substring(dot + 1));
  }

  /** Checks a project name: letters, digits and _, starting with a letter, at most 64 characters. */
  public static void checkProject(String project) {
    if (project == null || project.length() > 64 || !IDENT.matcher(project).matches()) {
      throw new ProximaException("bad project name '" + project + "': use letters, digits and _, starting with a letter, at most 64 characters");
    }
  }

  private static void checkTable(String name) {
    if (name == null || name.isEmpty()) {
      throw new ProximaException("a table name is empty");
    }
    if (name.length() > 64) {
      throw new ProximaException("bad table name '" + name + "': longer than 64 characters (" + name.length() + ")");
    }
    if (name.toLowerCase(Locale.ROOT).contains("tmp_")) {
      throw new ProximaException("bad table name '" + name + "': it contains 'tmp_', which Proxima CE reserves for its temporary tables");
    }
    if (name.contains(".")) {
      throw new ProximaException("bad table name '" + name + "': a table name may contain no '.' other than the one in project.table");
    }
    if (!IDENT.matcher(name).matches()) {
      throw new ProximaException("bad table name '" + name + "': use letters, digits and _, starting with a letter");
    }
  }

  @Override
  public String toString() {
    return project + "." + name;
  }
}
