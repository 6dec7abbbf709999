package io.proximace.cli.sql;

import io.proximace.ProximaException;
import io.proximace.cli.sql.Command.Delegate;
import io.proximace.cli.sql.Command.Insert;
import io.proximace.cli.sql.Command.Literal;
import io.proximace.cli.sql.Tokens.Kind;
import io.proximace.cli.sql.Tokens.Token;
import io.proximace.table.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises one statement of MaxCompute's dialect, case-insensitively, by its leading words. Written by hand
 * because Calcite's parsers cannot read {@code PARTITIONED BY}, {@code INSERT OVERWRITE ... PARTITION} or
 * {@code DROP TABLE}; a SELECT (alone or as INSERT's source) is only located here and parsed by {@link Query}.
 */
public final class Recogniser {
  /** The statements the console runs, for messages. */
  public static final String SUPPORTED = "CREATE TABLE, DROP TABLE, ALTER TABLE ... ADD|DROP PARTITION, "
      + "INSERT OVERWRITE|INTO TABLE ... VALUES|SELECT, SELECT, SHOW TABLES, SHOW PARTITIONS, DESC, GRANT, REVOKE, "
      + "SHOW GRANTS, LOAD, UNLOAD, SET, vfs ..., jar ...";

  /** The storage handler of a CSV external table, as MaxCompute names it. */
  static final String CSV_HANDLER = "com.aliyun.odps.CsvStorageHandler";

  private Recogniser() {}

  /** The command {@code s} asks for, or a {@link SqlError} at the word it cannot read. */
  public static Command recognise(Statement s) {
    Tokens t = new Tokens(s);
    Token first = t.peek();
    String head = first.kind() == Kind.WORD ? first.text().toLowerCase(Locale.ROOT) : "";
    return switch (head) {
      case "create" -> create(t);
      case "drop" -> drop(t);
      case "alter" -> alter(t);
      case "insert" -> insert(t);
      case "select", "with" -> new Command.Select(s, 0);
      case "show" -> show(t);
      case "desc", "describe" -> describe(t);
      case "grant", "revoke" -> new Delegate(s, words("acl", s.text()));
      case "load", "unload" -> new Delegate(s, words(head, s.text().substring(first.text().length())));
      case "set" -> set(s);
      case "vfs", "jar" -> new Delegate(s, shellWords(head, s, first.text().length()));
      default -> throw unsupported(s, t.peek());
    };
  }

  private static SqlError unsupported(Statement s, Token at) {
    String text = s.text().strip();
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return s.error(at.offset(), "unsupported statement '" + shown.replaceAll("\\s+", " ") + "'; supported: " + SUPPORTED);
  }

  private static SqlError notYet(Tokens t, Token at, String clause) {
    return t.error(at, "not supported yet: " + clause);
  }

  private static Command create(Tokens t) {
    t.expect("create");
    Token external = t.peek();
    boolean isExternal = t.take("external");
    Token table = t.peek();
    if (!t.take("table")) {
      throw unsupported(t.statement(), table);
    }
    boolean ifNotExists = ifWords(t, "not", "exists");
    String name = t.name("a table name");
    if (t.peek().is("as") || t.peek().is("like")) {
      throw notYet(t, t.peek(), "CREATE TABLE ... " + t.peek().text().toUpperCase(Locale.ROOT));
    }
    t.expectSymbol("(");
    List<String> columns = new ArrayList<>();
    do {
      columns.add(column(t));
    } while (t.takeSymbol(","));
    t.expectSymbol(")");
    String partition = null;
    String location = null;
    String delimiter = null;
    String format = null;
    Token unsupported = null;
    String clause = null;
    while (!t.atEnd()) {
      Token at = t.peek();
      if (t.take("comment")) {
        t.string("a comment");
      } else if (t.take("partitioned")) {
        t.expect("by");
        t.expectSymbol("(");
        partition = column(t);
        if (t.peek().isSymbol(",")) {
          throw t.error(t.peek(), "a table has one partition column here (" + partition + ")");
        }
        t.expectSymbol(")");
      } else if (t.take("stored")) {
        Token how = t.next();
        if (!how.is("as") && !how.is("by")) {
          throw t.error(how, "expected STORED AS <format> or STORED BY '<handler>', found " + how.describe());
        }
        Token what = t.next();
        boolean csv = isExternal && how.is("by") && what.text().equals(CSV_HANDLER);
        // STORED AS PARQUET is --format parquet, for a managed or an external table; a managed table's TEXTFILE
        // and CSV are the default
        if (how.is("as") && (what.is("parquet") || !isExternal && (what.is("textfile") || what.is("csv")))) {
          format = what.is("parquet") ? "parquet" : "csv";
        } else if (!csv && unsupported == null) {
          unsupported = at;
          clause = "STORED " + how.text().toUpperCase(Locale.ROOT) + " " + (how.is("by") ? "'" + what.text() + "'" : what.text().toUpperCase(Locale.ROOT))
              + (isExternal ? " for an external table (external tables read CSV, STORED BY '" + CSV_HANDLER
                  + "', or Parquet, STORED AS PARQUET)" : "");
        }
      } else if (t.take("with")) {
        t.expect("serdeproperties");
        delimiter = serdeDelimiter(t);
        if (!isExternal && unsupported == null) {
          unsupported = at;
          clause = "WITH SERDEPROPERTIES";
        }
      } else if (t.take("location")) {
        location = t.string("a location");
        if (!isExternal && unsupported == null) {
          unsupported = at;
          clause = "LOCATION in CREATE TABLE (write CREATE EXTERNAL TABLE)";
        }
      } else if (t.take("lifecycle")) {
        Token days = t.next();
        if (days.kind() != Kind.NUMBER) {
          throw t.error(days, "expected LIFECYCLE <days>, found " + days.describe());
        }
      } else if (t.take("tblproperties")) {
        skipParens(t);
      } else {
        throw t.error(at, "unexpected " + at.describe() + " after the columns; expected PARTITIONED BY (...), "
            + "STORED AS ..., LOCATION '...' or the end of the statement");
      }
    }
    if (unsupported != null) {
      throw notYet(t, unsupported, clause);
    }
    if (isExternal && location == null) {
      throw t.error(t.peek(), "CREATE EXTERNAL TABLE needs LOCATION 'odps://<project>/<volume>/<path>/'");
    }
    List<String> args = new ArrayList<>(List.of("table", isExternal ? "create-external" : "create", name, String.join(", ", columns)));
    if (isExternal) {
      args.addAll(List.of("--location", location));
      if (delimiter != null) {
        args.addAll(List.of("--delimiter", delimiter));
      }
    }
    if (partition != null) {
      args.addAll(List.of("--partitioned-by", partition));
    } else if (isExternal) {
      args.add("--unpartitioned"); // as in MaxCompute: no PARTITIONED BY, the files directly under the location
    }
    if (format != null) {
      args.addAll(List.of("--format", format));
    }
    if (ifNotExists) {
      args.add("--if-not-exists");
    }
    return new Delegate(t.statement(), args);
  }

  /**
   * {@code ('k'='v', ...)} of an external table: the field delimiter {@code odps.text.option.delimiter}, or null;
   * other properties (such as {@code odps.properties.rolearn}) are accepted and unused, as in LOAD: the volume's
   * own credentials reach its files.
   */
  private static String serdeDelimiter(Tokens t) {
    t.expectSymbol("(");
    String delimiter = null;
    if (t.takeSymbol(")")) {
      return null;
    }
    do {
      String key = t.string("a property name");
      t.expectSymbol("=");
      String value = t.string("a property value");
      if (key.equals("odps.text.option.delimiter")) {
        delimiter = value;
      }
    } while (t.takeSymbol(","));
    t.expectSymbol(")");
    return delimiter;
  }

  /** {@code name TYPE [COMMENT '...']}, as {@code name TYPE}; the type is checked here to name its position. */
  private static String column(Tokens t) {
    String name = t.name("a column name");
    Token type = t.next();
    if (type.kind() != Kind.WORD) {
      throw t.error(type, "expected the type of column " + name + ", found " + type.describe());
    }
    String typeText = type.text();
    if (type.is("array") && t.peek().isSymbol("<")) { // ARRAY<FLOAT>: a Parquet table's vector
      t.expectSymbol("<");
      typeText += "<" + t.next().text() + ">";
      t.expectSymbol(">");
    } else if (t.peek().isSymbol("<") || t.peek().isSymbol("(")) {
      throw t.error(type, "unknown column type '" + type.text() + t.peek().text() + "...' of column " + name
          + ": expected STRING, BIGINT, DOUBLE or ARRAY<FLOAT>");
    }
    try {
      ColumnType.parse(typeText);
    } catch (ProximaException e) {
      throw t.error(type, e.getMessage() + " (column " + name + ")");
    }
    if (t.take("comment")) {
      t.string("a comment");
    }
    return name + " " + typeText.toUpperCase(Locale.ROOT);
  }

  private static void skipParens(Tokens t) {
    t.expectSymbol("(");
    int depth = 1;
    while (depth > 0) {
      Token x = t.next();
      if (x.kind() == Kind.END) {
        throw t.error(x, "expected ')', found the end of the statement");
      }
      depth += x.isSymbol("(") ? 1 : x.isSymbol(")") ? -1 : 0;
    }
  }

  /** {@code IF [NOT] EXISTS}: true when present. */
  private static boolean ifWords(Tokens t, String... rest) {
    if (!t.take("if")) {
      return false;
    }
    t.expect(rest);
    return true;
  }

  private static Command drop(Tokens t) {
    t.expect("drop");
    Token what = t.peek();
    if (!t.take("table")) {
      throw unsupported(t.statement(), what);
    }
    boolean ifExists = ifWords(t, "exists");
    String name = t.name("a table name");
    end(t);
    List<String> args = new ArrayList<>(List.of("table", "drop", name));
    if (ifExists) {
      args.add("--if-exists");
    }
    return new Delegate(t.statement(), args);
  }

  private static Command alter(Tokens t) {
    t.expect("alter", "table");
    String name = t.name("a table name");
    Token verb = t.next();
    boolean add = verb.is("add");
    if (!add && !verb.is("drop")) {
      throw t.error(verb, "not supported yet: ALTER TABLE ... " + verb.text().toUpperCase(Locale.ROOT)
          + " (supported: ADD [IF NOT EXISTS] PARTITION (...), DROP [IF EXISTS] PARTITION (...))");
    }
    boolean ifClause = add ? ifWords(t, "not", "exists") : ifWords(t, "exists");
    Token p = t.peek();
    if (!p.is("partition")) {
      throw t.error(p, "not supported yet: ALTER TABLE ... " + verb.text().toUpperCase(Locale.ROOT) + " " + p.text()
          + " (supported: ADD|DROP PARTITION (...))");
    }
    t.expect("partition");
    String spec = partitionSpec(t);
    if (t.peek().isSymbol(",") || t.peek().is("partition")) {
      throw t.error(t.peek(), "name one partition per statement");
    }
    end(t);
    List<String> args = new ArrayList<>(List.of("table", add ? "add-partition" : "drop-partition", name, spec));
    if (ifClause) {
      args.add(add ? "--if-not-exists" : "--if-exists");
    }
    return new Delegate(t.statement(), args);
  }

  /** {@code (pt='v')}, as {@code pt=v}. */
  private static String partitionSpec(Tokens t) {
    t.expectSymbol("(");
    String column = t.name("a partition column");
    t.expectSymbol("=");
    Token v = t.next();
    if (v.kind() != Kind.STRING && v.kind() != Kind.NUMBER && v.kind() != Kind.WORD) {
      throw t.error(v, "expected a partition value, found " + v.describe());
    }
    if (t.peek().isSymbol(",")) {
      throw t.error(t.peek(), "a table has one partition column here");
    }
    t.expectSymbol(")");
    return column + "=" + v.text();
  }

  private static Command insert(Tokens t) {
    t.expect("insert");
    Token mode = t.next();
    boolean overwrite = mode.is("overwrite");
    if (!overwrite && !mode.is("into")) {
      throw t.error(mode, "expected INSERT OVERWRITE or INSERT INTO, found " + mode.describe());
    }
    if (overwrite) {
      t.expect("table");
    } else {
      t.take("table");
    }
    String table = t.name("a table name");
    String partition = null;
    if (t.take("partition")) {
      partition = partitionSpec(t);
    }
    Token next = t.peek();
    if (next.isSymbol("(")) {
      throw notYet(t, next, "a column list in INSERT (write every column, in the table's order)");
    }
    if (partition == null) {
      throw t.error(next, "name the partition: INSERT ... TABLE " + table
          + " PARTITION (pt='...') (dynamic partitions are not supported yet)");
    }
    if (next.is("select") || next.is("with") || next.isSymbol("(") && t.peek(1).is("select")) {
      return new Insert(t.statement(), table, overwrite, partition, null, new Command.Select(t.statement(), next.offset()));
    }
    if (!t.take("values")) {
      throw t.error(next, "expected VALUES (...) or SELECT ..., found " + next.describe());
    }
    List<List<Literal>> rows = new ArrayList<>();
    do {
      t.expectSymbol("(");
      List<Literal> row = new ArrayList<>();
      do {
        row.add(literal(t));
      } while (t.takeSymbol(","));
      t.expectSymbol(")");
      rows.add(row);
    } while (t.takeSymbol(","));
    end(t);
    return new Insert(t.statement(), table, overwrite, partition, rows, null);
  }

  private static Literal literal(Tokens t) {
    Token x = t.next();
    boolean minus = false;
    Token at = x;
    if (x.isSymbol("-") || x.isSymbol("+")) {
      minus = x.isSymbol("-");
      x = t.next();
      if (x.kind() != Kind.NUMBER) {
        throw t.error(x, "expected a number after '" + at.text() + "', found " + x.describe());
      }
    }
    return switch (x.kind()) {
      case STRING -> new Literal(x.text(), "'" + x.text() + "'", at.offset());
      case NUMBER -> {
        String text = (minus ? "-" : "") + x.text();
        try {
          Object v = text.matches("-?\\d+") ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
          yield new Literal(v, text, at.offset());
        } catch (NumberFormatException e) {
          throw t.error(x, "'" + text + "' is not a number");
        }
      }
      case WORD -> {
        if (x.is("null")) {
          yield new Literal(null, "NULL", at.offset());
        }
        if (x.is("true") || x.is("false")) {
          yield new Literal(x.text().toLowerCase(Locale.ROOT), x.text(), at.offset());
        }
        throw t.error(x, "expected a value ('text', a number, TRUE, FALSE or NULL), found " + x.describe());
      }
      default -> throw t.error(x, "expected a value ('text', a number, TRUE, FALSE or NULL), found " + x.describe());
    };
  }

  private static Command show(Tokens t) {
    t.expect("show");
    Token what = t.peek();
    if (t.take("tables")) {
      end(t);
      return new Delegate(t.statement(), List.of("table", "list"));
    }
    if (t.take("partitions")) {
      String name = t.name("a table name");
      end(t);
      return new Command.ShowPartitions(t.statement(), name);
    }
    if (what.is("grants")) {
      return new Delegate(t.statement(), words("acl", t.statement().text()));
    }
    throw unsupported(t.statement(), what);
  }

  private static Command describe(Tokens t) {
    t.next();
    t.take("extended");
    String name = t.name("a table name");
    end(t);
    return new Delegate(t.statement(), List.of("table", "describe", name));
  }

  private static Command set(Statement s) {
    String rest = s.text().substring(3).strip();
    if (rest.isEmpty()) {
      return new Command.Set(s, null, null);
    }
    int eq = rest.indexOf('=');
    if (eq <= 0) {
      throw s.error(3, "expected SET <key>=<value>");
    }
    return new Command.Set(s, rest.substring(0, eq).strip(), rest.substring(eq + 1).strip());
  }

  private static void end(Tokens t) {
    if (!t.atEnd()) {
      throw t.error(t.peek(), "unexpected " + t.peek().describe() + "; expected the end of the statement");
    }
  }

  /** {@code head} then the statement's whitespace-separated words (the delegate re-reads quotes itself). */
  private static List<String> words(String head, String text) {
    List<String> out = new ArrayList<>(List.of(head));
    for (String w : text.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** {@code head} then the words after offset {@code from}, split as a shell would: quotes group, backslash escapes. */
  static List<String> shellWords(String head, Statement s, int from) {
    String text = s.text();
    List<String> out = new ArrayList<>(List.of(head));
    StringBuilder w = null;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (w != null) {
          out.add(w.toString());
          w = null;
        }
      } else if (c == '\'' || c == '"') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          throw s.error(i, "a quoted word is not closed");
        }
        w = w == null ? new StringBuilder() : w;
        w.append(text, i + 1, end);
        i = end;
      } else if (c == '\\' && i + 1 < text.length()) {
        w = w == null ? new StringBuilder() : w;
        w.append(text.charAt(++i));
      } else {
        w = w == null ? new StringBuilder() : w;
        w.append(c);
      }
    }
    if (w != null) {
      out.add(w.toString());
    }
    return out;
  }
}
