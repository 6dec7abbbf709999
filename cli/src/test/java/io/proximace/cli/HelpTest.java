package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help reads well at 80 columns: the report's defects, each checked for every command. */
class HelpTest {
  @Test
  void everyCommandsHelpReadsWell() {
    List<String> defects = new ArrayList<>();
    UsageCheck.check(ProximaCeCommand.newCommandLine(), defects);
    assertEquals(List.of(), defects);
  }

  @Test
  void jarHelpPointsToTheRunnersOptions() {
    String usage = ProximaCeCommand.newCommandLine().getSubcommands().get("jar").getUsageMessage();
    assertEquals(true, usage.contains("proxima-ce run --help"), usage);
  }
}
