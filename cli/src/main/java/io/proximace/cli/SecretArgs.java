package io.proximace.cli;

import java.util.List;
import java.util.Locale;

/**
 * Keeps a secret typed on the command line ({@code -oss_access_key}, as Proxima CE takes it) out of every message,
 * even when its option is misspelt and picocli echoes back the words it did not match.
 */
final class SecretArgs {
  /** The option's letters; a word within two edits of them is taken for it ({@code -oss_acess_key}, {@code --oss-access-key}). */
  private static final String OPTION = "ossaccesskey";

  private SecretArgs() {}

  /** {@code message} with each value given after (or {@code =}-joined to) a word spelt like {@code -oss_access_key} masked. */
  static String mask(String message, List<String> args) {
    if (message == null || args == null) {
      return message;
    }
    String out = message;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a == null || !a.startsWith("-")) {
        continue;
      }
      int eq = a.indexOf('=');
      String letters = (eq < 0 ? a : a.substring(0, eq)).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
      if (edits(letters, OPTION) > 2) {
        continue;
      }
      String secret = eq >= 0 ? a.substring(eq + 1) : i + 1 < args.size() ? args.get(i + 1) : null;
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "****");
      }
    }
    return out;
  }

  /** Levenshtein distance. */
  static int edits(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
