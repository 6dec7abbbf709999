package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

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
  void globalOptionsAreDescribedInTheRootsHelpAndTakenByEveryCommand() {
    CommandLine cl = ProximaCeCommand.newCommandLine();
    assertTrue(cl.getUsageMessage().contains("--home=DIR"), cl.getUsageMessage());
    String list = cl.getSubcommands().get("table").getSubcommands().get("list").getUsageMessage();
    assertFalse(list.contains("--home="), list);
    assertTrue(list.contains("Global options: --home --warehouse --project --user -v (see proxima-ce --help)."), list);
    cl.parseArgs("table", "list", "--home", "/tmp/h", "--project", "p2", "-v");
    ProximaCeCommand root = cl.getCommand();
    assertEquals(Path.of("/tmp/h"), root.home);
    assertEquals("p2", root.project);
    assertTrue(root.verbose);
  }

  @Test
  void jarHelpPointsToTheRunnersOptions() {
    String usage = ProximaCeCommand.newCommandLine().getSubcommands().get("jar").getUsageMessage();
    assertEquals(true, usage.contains("proxima-ce run --help"), usage);
    // and lists them itself, groups and all
    assertTrue(usage.contains("The runner's options, after MAIN_CLASS") && usage.contains("-doc_table TABLE")
        && usage.contains("-oss_access_id ID"), usage);
  }
}
