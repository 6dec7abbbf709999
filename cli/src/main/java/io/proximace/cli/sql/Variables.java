package io.proximace.cli.sql;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} in a script: replaced by its value before the script is split, so that a script can name
 * paths under the home ({@code ${PROXIMA_HOME}}) without knowing where it is. An unknown name is an error.
 */
public final class Variables {
  private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

  private Variables() {}

  /** {@code script} with every {@code ${NAME}} replaced by {@code values.get(NAME)}. */
  public static String substitute(String script, Map<String, String> values) {
    Matcher m = REF.matcher(script);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < m.start(); i++) {
          if (script.charAt(i) == '\n') {
            line++;
            col = 1;
          } else {
            col++;
          }
        }
        throw new SqlError(line, col, "unknown variable ${" + m.group(1) + "}: known are "
            + String.join(", ", values.keySet().stream().sorted().map(k -> "${" + k + "}").toList())
            + " (define more with -d NAME=VALUE)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
