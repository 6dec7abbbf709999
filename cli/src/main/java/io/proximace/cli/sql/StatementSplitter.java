package io.proximace.cli.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a script into statements on {@code ;} outside quotes ({@code '...'}, {@code "..."}, {@code `...`}) and
 * comments ({@code -- to the end of the line}, {@code /* ... *&#47;}). Comments become spaces, so offsets and
 * line numbers stay those of the script.
 */
public final class StatementSplitter {
  /** The complete statements, and the text after the last {@code ;} (blank when the script ends with one). */
  public record Split(List<Statement> statements, Statement rest) {}

  private StatementSplitter() {}

  /** Splits {@code script}; the rest is a statement still being typed, or a last one without {@code ;}. */
  public static Split split(String script) {
    StringBuilder clean = new StringBuilder(script.length());
    List<Statement> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int j = i + 1;
        while (j < n && script.charAt(j) != c) {
          j += script.charAt(j) == '\\' && c != '`' ? 2 : 1;
        }
        j = Math.min(j + 1, n);
        clean.append(script, i, j);
        i = j;
      } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        while (i < n && script.charAt(i) != '\n') {
          clean.append(' ');
          i++;
        }
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (; i < end; i++) {
          clean.append(script.charAt(i) == '\n' ? '\n' : ' ');
        }
      } else if (c == ';') {
        Statement s = statement(script, clean, start, i);
        if (s != null) {
          out.add(s);
        }
        clean.append(' ');
        i++;
        start = i;
      } else {
        clean.append(c);
        i++;
      }
    }
    Statement rest = statement(script, clean, start, n);
    return new Split(out, rest);
  }

  /** The trimmed statement in {@code clean[from, to)}, placed in the script; null when blank. */
  private static Statement statement(String script, StringBuilder clean, int from, int to) {
    while (from < to && Character.isWhitespace(clean.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(clean.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      return null;
    }
    int line = 1;
    int lineStart = 0;
    for (int k = 0; k < from; k++) {
      if (script.charAt(k) == '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    return new Statement(clean.substring(from, to), line, from - lineStart + 1);
  }
}
