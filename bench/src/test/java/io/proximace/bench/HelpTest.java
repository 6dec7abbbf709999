package io.proximace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** proxima-bench's help: whole-sentence summaries, one option style, no picocli default labels, a version. */
class HelpTest {
  @Test
  void everyCommandsHelpReadsWell() {
    List<String> defects = new ArrayList<>();
    CommandLine root = new CommandLine(new BenchMain());
    check(root, defects);
    root.getSubcommands().values().forEach(c -> check(c, defects));
    assertEquals(List.of(), defects);
  }

  private static void check(CommandLine cl, List<String> defects) {
    CommandSpec spec = cl.getCommandSpec();
    for (String paragraph : spec.usageMessage().description()) {
      if (!paragraph.replace("%n", "").strip().endsWith(".")) {
        defects.add(spec.qualifiedName() + ": not a whole sentence: " + paragraph);
      }
    }
    for (String line : spec.usageMessage().footer()) {
      if (line.length() >= 80) {
        defects.add(spec.qualifiedName() + ": a footer line picocli will wrap: " + line);
      }
    }
    for (OptionSpec o : spec.options()) {
      for (String name : o.names()) {
        if (!o.hidden() && !name.matches("-[a-zA-Z]|--[a-z0-9]+(-[a-z0-9]+)*")) {
          defects.add(spec.qualifiedName() + ": not kebab-case: " + name);
        }
      }
      if (o.arity().max() > 0 && !o.hidden() && o.paramLabel().startsWith("<")) {
        defects.add(spec.qualifiedName() + ": picocli's default label " + o.paramLabel());
      }
    }
    String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    for (String line : usage.split("\\R")) {
      if (line.contains("{\"") && !line.contains("}")) {
        defects.add(spec.qualifiedName() + ": JSON split: " + line);
      }
    }
  }

  @Test
  void versionPrintsSomething() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new BenchMain());
    cl.setOut(new PrintWriter(out, true));
    assertEquals(0, cl.execute("--version"));
    assertTrue(out.toString().startsWith("proxima-bench "), out.toString());
  }
}
