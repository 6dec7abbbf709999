package io.proximace.cli;

import io.proximace.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code proxima-ce jar}: the seed document's own command line, as typed into odpscmd:
 * {@code jar -libjars proxima-ce-aliyun-1.0.0.jar -classpath proxima-ce-aliyun-1.0.0.jar
 * com.alibaba.proxima2.ce.ProximaCERunner <runner options>}. The runner is built in, so the jar
 * names are accepted and not loaded.
 */
@Command(name = "jar", mixinStandardHelpOptions = true, separator = " ",
    customSynopsis = {"proxima-ce jar -libjars JAR -classpath JAR",
        "               com.alibaba.proxima2.ce.ProximaCERunner RUNNER_OPTIONS..."},
    description = {"Run the ProximaCERunner as the seed document writes it (odpscmd's jar command).",
        "Same options as 'proxima-ce run', Hadoop's generic options included (-conf FILE, -D k=v, -Dk=v, -files, -libjars, "
            + "-archives after MAIN_CLASS); -libjars, -classpath and -resources before MAIN_CLASS name Proxima CE's jar, "
            + "which is built in here."},
    footer = {"", "RUNNER_OPTIONS are the options 'proxima-ce run --help' lists."})
public final class JarCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(JarCommand.class);
  private static final Set<String> RUNNERS = Set.of("com.alibaba.proxima2.ce.ProximaCERunner", "ProximaCERunner");

  @Spec
  CommandSpec spec;

  @Option(names = "-libjars", paramLabel = "JARS", description = "Proxima CE's jar (accepted; the runner is built in).")
  String libjars;

  @Option(names = {"-classpath", "-cp"}, paramLabel = "JARS", description = "Proxima CE's jar (accepted; the runner is built in).")
  String classpath;

  @Option(names = "-resources", paramLabel = "JARS", description = "Newer pages' spelling of -libjars (accepted).")
  String resources;

  @Option(names = "-conf", paramLabel = "FILE", description = "A Hadoop configuration file for the run (odpscmd's and Hadoop's -conf).")
  List<String> confFiles = new ArrayList<>();

  @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A configuration setting for the run, as for 'proxima-ce run'.")
  List<String> settings = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "MAIN_CLASS", description = "com.alibaba.proxima2.ce.ProximaCERunner (the only one).")
  String mainClass;

  @Parameters(index = "1..*", paramLabel = "RUNNER_OPTIONS", description = "The runner's options, as for 'proxima-ce run'.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!RUNNERS.contains(mainClass)) {
      throw new UsageException("jar: the main class must be com.alibaba.proxima2.ce.ProximaCERunner, not '" + mainClass + "'");
    }
    LOG.debug("jar: runner built in; ignoring -libjars {} -classpath {} -resources {}", libjars, classpath, resources);
    List<String> runArgs = new ArrayList<>();
    confFiles.forEach(f -> runArgs.addAll(List.of("-conf", f)));
    settings.forEach(kv -> runArgs.addAll(List.of("-D", kv)));
    runArgs.addAll(args);
    // odpscmd statements end with ';' - as its own word or glued to the last value.
    if (!runArgs.isEmpty() && runArgs.get(runArgs.size() - 1).equals(";")) {
      runArgs.remove(runArgs.size() - 1);
    } else if (!runArgs.isEmpty() && runArgs.get(runArgs.size() - 1).endsWith(";")) {
      String last = runArgs.remove(runArgs.size() - 1);
      runArgs.add(last.substring(0, last.length() - 1));
    }
    CommandLine run = spec.parent().subcommands().get("run");
    try {
      run.parseArgs(runArgs.toArray(new String[0]));
    } catch (CommandLine.ParameterException e) {
      return run.getParameterExceptionHandler().handleParseException(e, runArgs.toArray(new String[0]));
    }
    if (run.isUsageHelpRequested()) {
      run.usage(run.getOut());
      return 0;
    }
    return ((RunCommand) run.getCommand()).call();
  }
}
