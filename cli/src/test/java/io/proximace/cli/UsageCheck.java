package io.proximace.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The defects of a help text a newcomer reported, as checks over a command and its subcommands: summaries cut
 * mid-sentence (picocli lists the first line of a description), hard newlines inside a sentence, examples
 * wrapped so they no longer paste, words split at a dot or a colon, positionals without a description and
 * picocli's default labels ({@code <baseLimit>}).
 */
final class UsageCheck {
  private static final int WIDTH = 80;

  private UsageCheck() {}

  static void check(CommandLine cl, List<String> defects) {
    CommandSpec spec = cl.getCommandSpec();
    String name = spec.qualifiedName();
    String[] description = spec.usageMessage().description();
    if (description.length == 0) {
      defects.add(name + ": no description");
    }
    for (String paragraph : description) {
      String text = paragraph.replace("%n", "\n").strip();
      if (!text.endsWith(".") || text.contains("\n")) {
        defects.add(name + ": a description line that is not whole sentences: " + text);
      }
    }
    for (String line : spec.usageMessage().footer()) {
      for (String l : line.split("%n", -1)) {
        if (l.length() >= WIDTH) {
          defects.add(name + ": a footer line picocli will wrap: " + l);
        }
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (String.join("", p.description()).isBlank()) {
        defects.add(name + ": positional " + p.paramLabel() + " has no description");
      }
    }
    for (OptionSpec o : spec.options()) {
      if (o.typeInfo().isBoolean() || o.hidden()) {
        continue;
      }
      if (o.paramLabel().matches("<[a-z]+[A-Z][A-Za-z]*>")) {
        defects.add(name + ": picocli's default label " + o.paramLabel() + " on " + o.longestName());
      }
    }
    String[] lines = cl.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R");
    for (int i = 0; i + 1 < lines.length; i++) {
      String line = lines[i].stripTrailing();
      String next = lines[i + 1].strip();
      if (line.matches(".*[a-z]+:") && next.startsWith("//")) {
        defects.add(name + ": a url split: " + line + " / " + next);
      }
      boolean entry = lines[i + 1].matches(" {1,8}-.*|  [a-z][\\w-]*\\s{2,}.*"); // an option or a subcommand: a new item
      String last = line.substring(line.lastIndexOf(' ') + 1);
      if (!entry && last.matches(".*\\S\\.") && !last.matches("(?i)e\\.g\\.|i\\.e\\.|.*\\)\\.") && next.matches("[a-z0-9\"].*")) {
        defects.add(name + ": a word split at a dot: " + line + " / " + next);
      }
      if (line.contains("{\"") && !line.contains("}")) {
        defects.add(name + ": JSON split: " + line + " / " + next);
      }
      if (line.strip().equals("\\")) {
        defects.add(name + ": a continuation on its own line: " + lines[i - 1]);
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getParent() == cl) {
        check(sub, defects);
      }
    }
  }
}
