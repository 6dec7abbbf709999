package io.proximace.bench;

import io.proximace.Build;
import io.proximace.ProximaException;
import java.io.PrintWriter;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proxima-bench}: the benchmark harness (data generation, kNN runs, table import). */
@Command(name = "proxima-bench", mixinStandardHelpOptions = true, versionProvider = BenchMain.Version.class,
    description = "Benchmark harness: generate data, run kNN on .fvecs files and print one JSON line per run, "
        + "turn .fvecs into a table partition for the runner.",
    subcommands = {KnnCommand.class, GenCommand.class, ImportTableCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "JMH micro-benchmarks:", "  java --add-modules jdk.incubator.vector \\", "    -jar bench/target/benchmarks.jar [REGEX]"})
public final class BenchMain {
  BenchMain() {}

  public static void main(String[] args) {
    // java.util.logging (any library's) goes to log4j.properties, like every other library's logs
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    CommandLine cl = new CommandLine(new BenchMain());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      PrintWriter err = c.getErr();
      if (ex instanceof ProximaException) {
        err.println("proxima-bench: error: " + ex.getMessage());
        return 1;
      }
      err.println("proxima-bench: internal error: " + ex);
      ex.printStackTrace(err);
      return 70;
    });
    System.exit(cl.execute(args));
  }

  /** Checks {@code --threads}. */
  static int threads(Integer threads) {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new ProximaException("--threads must be between 1 and 1024, not " + t);
    }
    return t;
  }

  /** The version and git commit of this build, and the Java running it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Build.current().describe("proxima-bench"), "Java " + Runtime.version()};
    }
  }
}
