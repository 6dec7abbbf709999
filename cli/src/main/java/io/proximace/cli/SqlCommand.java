package io.proximace.cli;

import io.proximace.Failures;
import io.proximace.ProximaException;
import io.proximace.UsageException;
import io.proximace.cli.sql.Recogniser;
import io.proximace.cli.sql.Session;
import io.proximace.cli.sql.SqlError;
import io.proximace.cli.sql.Statement;
import io.proximace.cli.sql.StatementSplitter;
import io.proximace.cli.sql.Variables;
import io.proximace.home.Home;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code proxima-ce sql}: MaxCompute's statements, as the Proxima CE documentation writes them, from {@code -e},
 * a script file ({@code -f}), standard input, or a prompt with line editing and history.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run MaxCompute statements as the Proxima CE documentation writes them (odpscmd's console).",
        "Statements end with ';' (outside quotes and -- comments). ${PROXIMA_HOME} in a script is the home's folder; "
            + "-d NAME=VALUE defines more. With neither -e nor -f, reads a prompt on a terminal, else standard input.",
        "Supported: " + Recogniser.SUPPORTED + "."},
    footer = {"", "Examples:",
        "  proxima-ce sql -e \"CREATE TABLE t (pk STRING, vector STRING)",
        "      PARTITIONED BY (pt STRING);\"",
        "  proxima-ce sql -f examples/proxima-ce-walkthrough.sql",
        "A script stops at its first failing statement (exit code 1);",
        "the prompt goes on."})
public final class SqlCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "-e", paramLabel = "STATEMENTS", description = "Statements to run.")
  String statements;

  @Option(names = "-f", paramLabel = "FILE", description = "A script to run.")
  Path file;

  @Option(names = "-d", paramLabel = "NAME=VALUE", description = "Defines ${NAME} for the script.")
  Map<String, String> defines = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    if (statements != null && file != null) {
      throw new UsageException("sql: give -e or -f, not both");
    }
    ProximaCeCommand root = ProximaCeCommand.of(spec);
    Home home = root.openHome();
    Session session = session(home);
    Map<String, String> vars = new LinkedHashMap<>(defines);
    vars.putIfAbsent("PROXIMA_HOME", Path.of(home.dir().toUri()).toString());
    if (statements != null) {
      runScript(session, Variables.substitute(statements, vars), "");
    } else if (file != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new ProximaException("sql: no such file: " + file);
      }
      runScript(session, Variables.substitute(stripBom(text), vars), file + ": ");
    } else if (System.console() != null && System.console().isTerminal()) {
      prompt(session, vars, home);
    } else {
      String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      runScript(session, Variables.substitute(stripBom(text), vars), "");
    }
    return 0;
  }

  /** Runs every statement of a script in order, stopping at the first that fails. */
  private void runScript(Session session, String script, String where) {
    StatementSplitter.Split split = StatementSplitter.split(script);
    List<Statement> all = new ArrayList<>(split.statements());
    if (split.rest() != null) {
      all.add(split.rest());
    }
    for (Statement s : all) {
      try {
        print(session.execute(s));
      } catch (SqlError e) {
        throw new ProximaException(where + e.getMessage(), e);
      }
    }
  }

  /** The interactive prompt: statements run as their ';' is typed; an error is printed and the prompt goes on. */
  private void prompt(Session session, Map<String, String> vars, Home home) throws IOException {
    // one history per user, readable by them only, and without the lines that carry a key
    Path history = Path.of(home.dir().toUri()).resolve(".sql_history-" + home.user());
    if (!java.nio.file.Files.exists(history)) {
      java.nio.file.Files.createFile(history, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("proxima-ce")
          .variable(LineReader.HISTORY_FILE, history)
          .variable(LineReader.HISTORY_IGNORE, "*access_key*:*ACCESS_KEY*:*accessKey*:*secret*:*SECRET*")
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
          .build();
      interact(session, vars, prompt -> {
        try {
          return reader.readLine(prompt);
        } catch (UserInterruptException e) {
          return "";
        } catch (EndOfFileException e) {
          return null;
        }
      });
    }
  }

  /** Reads lines with {@code lines} (null at the end) and runs each statement as it is completed. */
  void interact(Session session, Map<String, String> vars, java.util.function.Function<String, String> lines) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.println("proxima-ce sql: end statements with ';', quit with 'quit;' or Ctrl-D.");
    out.flush();
    StringBuilder buffer = new StringBuilder();
    while (true) {
      String line = lines.apply(buffer.isEmpty() ? "proxima-ce> " : "         > ");
      if (line == null) {
        return;
      }
      buffer.append(line).append('\n');
      StatementSplitter.Split split = StatementSplitter.split(buffer.toString());
      for (Statement s : split.statements()) {
        String word = s.text().strip().toLowerCase(java.util.Locale.ROOT);
        if (word.equals("quit") || word.equals("exit")) {
          return;
        }
        try {
          Statement substituted = new Statement(Variables.substitute(s.text(), vars), s.line(), s.column());
          print(session.execute(substituted));
        } catch (RuntimeException e) { // any failure, a bug's included, is printed and the prompt goes on
          String message = Failures.explain(Failures.cause(e));
          err.println("proxima-ce: " + (message != null ? "error: " + Failures.printable(message)
              : "internal error: " + Failures.printable(String.valueOf(e))));
          err.flush();
        }
      }
      buffer.setLength(0);
      if (split.rest() != null) {
        buffer.append(split.rest().text()).append('\n');
      }
    }
  }

  /** A session on {@code home} whose table DDL, grants, LOAD/UNLOAD, vfs and jar run as proxima-ce commands. */
  Session session(Home home) {
    return new Session(home, this::delegate);
  }

  private void print(Session.Result r) {
    PrintWriter out = spec.commandLine().getOut();
    if (r.rows() != null) {
      TablePrinter.print(out, r.rows().header(), r.rows().rows());
    } else if (r.message() != null && !r.message().isEmpty()) {
      out.println(r.message());
    }
    out.flush();
  }

  /** Runs another proxima-ce command with the same global options; its output is ours, its error a failure. */
  private void delegate(List<String> args) {
    ProximaCeCommand root = ProximaCeCommand.of(spec);
    List<String> full = new ArrayList<>();
    if (root.home != null) {
      full.addAll(List.of("--home", root.home.toString()));
    }
    if (root.warehouse != null) {
      full.addAll(List.of("--warehouse", root.warehouse));
    }
    full.addAll(List.of("--project", root.project));
    if (root.user != null) {
      full.addAll(List.of("--user", root.user));
    }
    if (root.verbose) {
      full.add("--verbose");
    }
    full.addAll(args);
    CommandLine cl = ProximaCeCommand.newCommandLine(root.conf());
    StringWriter err = new StringWriter();
    cl.setOut(spec.commandLine().getOut());
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(full.toArray(new String[0]));
    if (code != 0) {
      List<String> lines = err.toString().lines()
          .filter(l -> !l.startsWith("Try '") && !l.isBlank())
          .map(l -> l.replaceFirst("^proxima-ce: (error: )?", ""))
          .toList();
      String message = lines.isEmpty() ? args.get(0) + " failed (exit code " + code + ")" : String.join("; ", lines);
      // the command's own kind of failure: bad usage stays bad usage (exit 2)
      throw code == cl.getCommandSpec().exitCodeOnInvalidInput() ? new UsageException(message) : new ProximaException(message);
    }
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
