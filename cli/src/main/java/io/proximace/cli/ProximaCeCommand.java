package io.proximace.cli;

import io.proximace.Build;
import io.proximace.Failures;
import io.proximace.home.Home;
import io.proximace.ProximaException;
import io.proximace.UsageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code proxima-ce}: the root command. Holds the global options (home, project, user, verbose) that
 * every command shares, and maps failures to exit codes: 0 done, 1 a failure the message explains,
 * 2 a usage mistake, 70 an internal error.
 */
@Command(name = "proxima-ce", mixinStandardHelpOptions = true, versionProvider = ProximaCeCommand.Version.class,
    description = "Batch vector indexing and kNN: build an index of a doc table, find every query's top-k, "
        + "write them to an output table. An open re-creation of Alibaba Cloud's Proxima CE.",
    subcommands = {RunCommand.class, JarCommand.class, TableCommand.class, VfsCommand.class, AclCommand.class,
        LoadCommand.class, UnloadCommand.class, SqlCommand.class, ReportCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Start with: proxima-ce demo",
        "Exit codes: 0 done, 1 failed (the message says why), 2 bad usage,", "70 internal error."})
public final class ProximaCeCommand {
  /** Exit code of a failure the message explains: bad input, a missing table. */
  public static final int FAILED = 1;
  /** Exit code of an unexpected error (a bug). */
  public static final int INTERNAL = 70;

  @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
      description = "Folder holding the warehouse and the volume catalog (default: $PROXIMA_HOME, else .proxima-ce in "
          + "your home folder).")
  Path home;

  @Option(names = "--warehouse", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = {"Where the tables live: a Hadoop file system URL.", "Example: hdfs://namenode:8020/proxima/warehouse",
          "(default: $PROXIMA_WAREHOUSE, else <home>/warehouse)."})
  String warehouse;

  @Option(names = "--project", scope = ScopeType.INHERIT, paramLabel = "NAME", defaultValue = "default",
      description = "Current project: 'table' means <project>.table, volumes are odps://<project>/... (default: ${DEFAULT-VALUE}).")
  String project;

  @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "Acting user (default: the OS user).")
  String user;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Debug logs, and stack traces on errors.")
  boolean verbose;

  /** The Hadoop configuration commands start from (generic options applied when run as a Tool). */
  private Configuration conf = new Configuration();

  /** The configuration commands start from: what a command another command runs starts from too. */
  Configuration conf() {
    return conf;
  }

  /** A command line with proxima-ce's error handling, ready to execute. */
  public static CommandLine newCommandLine() {
    return newCommandLine(new Configuration());
  }

  /** A command line whose commands start from {@code conf}, e.g. one a Hadoop {@code ToolRunner} parsed. */
  public static CommandLine newCommandLine(Configuration conf) {
    ProximaCeCommand root = new ProximaCeCommand();
    root.conf = conf;
    CommandLine cl = new CommandLine(root);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.getSubcommands().get("jar").setStopAtPositional(true);
    listRunnerOptionsInJarHelp(cl.getSubcommands().get("jar"), cl.getSubcommands().get("run"));
    cl.getSubcommands().get("run").setPosixClusteredShortOptionsAllowed(false);
    // vfs -put -f <local> <remote>, as hdfs dfs writes it: -f may stand among -put's values
    cl.getSubcommands().get("vfs").setAllowOptionsAsOptionParameters(true);
    // table create -x ...: a word that looks like an option names a table, and the name's rules then say why it is bad
    cl.getSubcommands().get("table").setUnmatchedOptionsArePositionalParams(true);
    String globals = cl.getCommandSpec().options().stream().filter(o -> o.scopeType() == ScopeType.INHERIT)
        .map(OptionSpec::shortestName).collect(Collectors.joining(" "));
    globalOptionsInRootHelpOnly(cl, "Global options: " + globals + " (see proxima-ce --help).", new HashSet<>());
    cl.setExecutionStrategy(parseResult -> {
      Logging.configure(root.verbose);
      return new CommandLine.RunLast().execute(parseResult);
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      PrintWriter err = c.getErr();
      err.println("proxima-ce: " + Failures.printable(SecretArgs.mask(ex.getMessage(), List.of(args))));
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return c.getCommandSpec().exitCodeOnInvalidInput();
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      PrintWriter err = c.getErr();
      Throwable cause = Failures.cause(ex);
      List<String> args = parseResult.originalArgs();
      if (cause instanceof UsageException) {
        err.println("proxima-ce: " + Failures.printable(SecretArgs.mask(cause.getMessage(), args)));
        err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return c.getCommandSpec().exitCodeOnInvalidInput();
      }
      String message = Failures.explain(cause);
      int code = message != null ? FAILED : INTERNAL;
      if (message != null) {
        err.println("proxima-ce: error: " + Failures.printable(SecretArgs.mask(message, args)));
      } else {
        err.println("proxima-ce: internal error: " + Failures.printable(SecretArgs.mask(String.valueOf(cause), args))
            + (root.verbose ? "" : " (run with --verbose for the stack trace)"));
      }
      if (root.verbose) {
        cause.printStackTrace(err);
      }
      err.flush();
      return code;
    });
    return cl;
  }

  /** {@code jar --help} lists the runner's options after its own: they are what follows the main class. */
  private static void listRunnerOptionsInJarHelp(CommandLine jar, CommandLine run) {
    String key = "runnerOptions";
    jar.getHelpSectionMap().put(key, help -> String.format("%nThe runner's options, after MAIN_CLASS (as 'proxima-ce run' "
        + "takes them):%n") + run.getHelp().optionList());
    List<String> keys = new ArrayList<>(jar.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), key);
    jar.setHelpSectionKeys(keys);
  }

  /**
   * Keeps the global options' descriptions in the root's help: every subcommand still takes them (they are
   * inherited), and its help names them in one footer line, as git's and hadoop's do, instead of repeating them.
   */
  private static void globalOptionsInRootHelpOnly(CommandLine cl, String footerLine, Set<CommandLine> done) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (!done.add(sub)) {
        continue; // an alias of one already done
      }
      CommandSpec spec = sub.getCommandSpec();
      boolean any = false;
      for (OptionSpec o : List.copyOf(spec.options())) {
        if (o.inherited() && !o.hidden()) {
          spec.remove(o);
          // LOCAL: the subcommand's own subcommands already hold their copies
          spec.addOption(OptionSpec.builder(o).hidden(true).scopeType(ScopeType.LOCAL).build());
          any = true;
        }
      }
      if (any) {
        List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
        footer.addAll(List.of("", footerLine));
        spec.usageMessage().footer(footer.toArray(new String[0]));
      }
      globalOptionsInRootHelpOnly(sub, footerLine, done);
    }
  }

  /**
   * Applies Hadoop's generic options ({@code -conf FILE}, {@code -D k=v}, {@code -Dk=v}, {@code -files},
   * {@code -libjars}, {@code -archives}, {@code -fs}, {@code -jt}) to the configuration the commands start from,
   * with Hadoop's own parser, as {@code hadoop jar} does; the parser also marks them parsed, which stops the
   * MapReduce client's "Implement the Tool interface" warning. Returns the words that are not generic options.
   */
  List<String> applyGenericOptions(List<String> args) {
    GenericOptionsParser parser;
    try {
      parser = new GenericOptionsParser(conf, args.toArray(new String[0]));
    } catch (IOException e) {
      throw new UsageException(Failures.firstLine(e));
    }
    if (!parser.isParseSuccessful()) {
      throw new UsageException("bad Hadoop generic options: " + String.join(" ", args));
    }
    String[] confFiles = parser.getCommandLine() == null ? null : parser.getCommandLine().getOptionValues("conf");
    for (String file : confFiles == null ? new String[0] : confFiles) {
      java.net.URI uri = new org.apache.hadoop.fs.Path(file).toUri();
      // Hadoop skips a -conf file that is not there; a typo would then go unnoticed
      if ((uri.getScheme() == null || uri.getScheme().equals("file")) && !Files.isRegularFile(Path.of(uri.getPath()))) {
        throw new ProximaException("-conf " + file + ": no such file");
      }
    }
    try {
      conf.size(); // loads every -conf file now, so that a bad one is named here rather than deep in a stage
    } catch (RuntimeException e) {
      throw new ProximaException("-conf: " + Failures.firstLine(e));
    }
    return List.of(parser.getRemainingArgs());
  }

  /** The root command of the command line that {@code spec} belongs to. */
  static ProximaCeCommand of(CommandSpec spec) {
    return (ProximaCeCommand) spec.root().userObject();
  }

  /** The home the global options name, working in the current project. */
  Home openHome() {
    return openHome(project);
  }

  /** The home the global options name, working in {@code project}. */
  Home openHome(String project) {
    Path dir = (home != null ? home : Home.defaultDir()).toAbsolutePath();
    String from = home != null ? "--home" : System.getenv("PROXIMA_HOME") != null && !System.getenv("PROXIMA_HOME").isBlank()
        ? "$PROXIMA_HOME" : "the default home";
    checkHome(dir, from);
    String tables = warehouse != null ? warehouse : System.getenv("PROXIMA_WAREHOUSE");
    String tablesFrom = warehouse != null ? "--warehouse" : "$PROXIMA_WAREHOUSE";
    org.apache.hadoop.fs.Path root = null;
    if (tables != null && !tables.isBlank()) {
      root = new org.apache.hadoop.fs.Path(tables);
      try {
        root.getFileSystem(conf).exists(root); // reaching it now names the option when it cannot be reached
      } catch (IOException | RuntimeException e) {
        String why = Failures.explain(e);
        throw new ProximaException(tablesFrom + " " + tables + " cannot be reached: " + (why != null ? why : Failures.firstLine(e)));
      }
    }
    try {
      return new Home(new Configuration(conf), new org.apache.hadoop.fs.Path(dir.toUri()), root, project, user());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A home must be a folder this user can write, or one that can be created. */
  private static void checkHome(Path dir, String from) {
    if (Files.isDirectory(dir)) {
      if (!Files.isWritable(dir)) {
        throw new ProximaException("the home " + dir + " (" + from + ") is not writable by you");
      }
      return;
    }
    if (Files.exists(dir)) {
      throw new ProximaException("the home " + dir + " (" + from + ") is a file, not a folder");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ProximaException("the home " + dir + " (" + from + ") cannot be created: " + Failures.firstLine(e));
    }
  }

  /** The acting user. */
  String user() {
    return user != null ? user : System.getProperty("user.name");
  }

  /** Where logs go, and their levels from {@code --verbose}. */
  static final class Logging {
    private Logging() {}

    static void configure(boolean verbose) {
      // java.util.logging (any library's) goes to log4j.properties, whose levels then hold for it as for everyone else;
      // once per JVM, for every command run in it (the launcher's, hadoop jar's, a test's)
      if (!SLF4JBridgeHandler.isInstalled()) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
      }
      if (verbose) {
        LogManager.getLogger("io.proximace").setLevel(Level.DEBUG);
        LogManager.getRootLogger().setLevel(Level.INFO);
      }
    }
  }

  /** The version and git commit of this build, and the Java running it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Build.current().describe("proxima-ce"), "Java " + Runtime.version()};
    }
  }
}
