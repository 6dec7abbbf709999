package io.proximace.cli;

import io.proximace.ProximaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads MaxCompute's LOAD and UNLOAD statements, as the seed document writes them:
 * <pre>
 * load overwrite|into table t [partition (pt='v')] from location 'odps://p/vol/path/'
 *     [stored by 'com.aliyun.odps.CsvStorageHandler'] [with serdeproperties ('odps.text.option.delimiter'=',')]
 * unload from t [partition (pt='v')] | (select * from t [where pt='v']) into location 'odps://p/vol/path/' [...]
 * </pre>
 * {@code with delimiter ','} is a shorter form of the delimiter property. Only CSV is stored.
 */
final class StatementParser {
  /** A LOAD: into which partition, from where, how. */
  record Load(boolean overwrite, String table, String partition, String location, char delimiter, boolean header) {}

  /** An UNLOAD: which partition, to where, how. */
  record Unload(String table, String partition, String location, char delimiter) {}

  /** Marks a token that was quoted: its text is a value, even when it reads like punctuation. */
  private static final char QUOTED = '\u0000';

  private final List<String> tokens;
  private int at;

  private StatementParser(String text) {
    this.tokens = tokenize(text);
  }

  static Load load(List<String> words) {
    StatementParser p = new StatementParser(String.join(" ", words));
    p.keyword("load");
    boolean overwrite = p.oneOf("overwrite", "into").equals("overwrite");
    p.keyword("table");
    String table = p.word("a table name");
    String partition = p.partition();
    p.keyword("from");
    p.keyword("location");
    String location = p.word("a location such as 'odps://project/volume/path/'");
    Map<String, String> props = p.tail();
    return new Load(overwrite, table, partition, location, delimiter(props), "1".equals(props.get("odps.text.option.header.lines.count")));
  }

  static Unload unload(List<String> words) {
    StatementParser p = new StatementParser(String.join(" ", words));
    p.keyword("unload");
    p.keyword("from");
    String table;
    String partition = null;
    if (p.peek("(")) {
      p.next();
      p.keyword("select");
      if (!p.next().equals("*")) {
        throw new ProximaException("unload: only (select * from <table> [where <column>='<value>']) is supported, not other queries");
      }
      p.keyword("from");
      table = p.word("a table name");
      if (p.peekWord("where")) {
        p.next();
        String column = p.word("a partition column");
        p.expect("=");
        partition = column + "=" + p.word("a partition value");
      }
      p.expect(")");
    } else {
      table = p.word("a table name");
      partition = p.partition();
    }
    p.keyword("into");
    p.keyword("location");
    String location = p.word("a location such as 'odps://project/volume/path/'");
    return new Unload(table, partition, location, delimiter(p.tail()));
  }

  /** {@code partition (pt='v')}, as {@code pt=v}, or null. */
  private String partition() {
    if (!peekWord("partition")) {
      return null;
    }
    next();
    expect("(");
    String column = word("a partition column");
    expect("=");
    String value = word("a partition value");
    expect(")");
    return column + "=" + value;
  }

  /** The optional clauses after the location: stored by, serde properties, delimiter, a final ';'. */
  private Map<String, String> tail() {
    Map<String, String> props = new LinkedHashMap<>();
    while (at < tokens.size()) {
      String t = next();
      if (t.equals(";")) {
        continue;
      }
      if (t.equalsIgnoreCase("stored")) {
        keyword("by");
        String handler = word("a storage handler");
        if (!handler.equals("com.aliyun.odps.CsvStorageHandler")) {
          throw new ProximaException("only CSV is stored here (com.aliyun.odps.CsvStorageHandler), not " + handler);
        }
      } else if (t.equalsIgnoreCase("with")) {
        String what = oneOf("serdeproperties", "delimiter");
        if (what.equals("delimiter")) {
          props.put("odps.text.option.delimiter", word("a delimiter"));
        } else {
          expect("(");
          while (true) {
            String k = word("a property name");
            expect("=");
            props.put(k, word("a property value"));
            String sep = next();
            if (sep.equals(")")) {
              break;
            }
            if (!sep.equals(",")) {
              throw new ProximaException("expected ',' or ')' in serdeproperties, found '" + sep + "'");
            }
          }
        }
      } else {
        throw new ProximaException("unexpected '" + t + "'; expected stored by ..., with serdeproperties (...) or with delimiter '...'");
      }
    }
    return props;
  }

  private static char delimiter(Map<String, String> props) {
    String d = props.getOrDefault("odps.text.option.delimiter", ",");
    if (d.equals("\\t")) {
      d = "\t";
    }
    if (d.length() != 1) {
      throw new ProximaException("the delimiter must be one character, not '" + d + "'");
    }
    return d.charAt(0);
  }

  private boolean peek(String t) {
    return at < tokens.size() && tokens.get(at).equals(t);
  }

  private boolean peekWord(String w) {
    return at < tokens.size() && tokens.get(at).equalsIgnoreCase(w);
  }

  private String next() {
    if (at >= tokens.size()) {
      throw new ProximaException("the statement ends too early");
    }
    return tokens.get(at++);
  }

  private void expect(String t) {
    String got = next();
    if (!got.equals(t)) {
      throw new ProximaException("expected '" + t + "', found '" + got + "'");
    }
  }

  private void keyword(String k) {
    String got = at < tokens.size() ? tokens.get(at) : "the end";
    if (!got.equalsIgnoreCase(k)) {
      throw new ProximaException("expected " + k.toUpperCase(Locale.ROOT) + ", found '" + got + "'");
    }
    at++;
  }

  private String oneOf(String... words) {
    String got = next();
    for (String w : words) {
      if (got.equalsIgnoreCase(w)) {
        return w;
      }
    }
    throw new ProximaException("expected " + String.join(" or ", words).toUpperCase(Locale.ROOT) + ", found '" + got + "'");
  }

  private String word(String what) {
    String got = at < tokens.size() ? tokens.get(at) : null;
    if (got != null && !got.isEmpty() && got.charAt(0) == QUOTED) {
      at++;
      return got.substring(1);
    }
    if (got == null || got.equals("(") || got.equals(")") || got.equals("=") || got.equals(",") || got.equals(";")) {
      throw new ProximaException("expected " + what + ", found " + (got == null ? "the end" : "'" + got + "'"));
    }
    at++;
    return got;
  }

  private static final Pattern URI_START = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

  /** Words, quoted strings (quotes removed) and the punctuation ( ) = , ; as tokens. */
  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          throw new ProximaException("a quoted string is not closed: " + s.substring(i));
        }
        out.add(QUOTED + s.substring(i + 1, end));
        i = end + 1;
      } else if ("()=,;".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (URI_START.matcher(s).region(i, s.length()).lookingAt()) {
        // A location the shell unquoted (odps://p/v/pt=1/) is one word: '=' is part of the path.
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != ';') {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()=,;'\"".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
