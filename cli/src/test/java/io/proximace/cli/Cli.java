package io.proximace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs proxima-ce commands in-process against a home, capturing what they print. */
final class Cli {
  final Path home;
  final String user;

  Cli(Path home) {
    this(home, null);
  }

  /** Commands run as {@code user} (--user), or as the OS user when null. */
  Cli(Path home, String user) {
    this.home = home;
    this.user = user;
  }

  /** The seed walkthrough's nine output rows (with -topk 3), as printed tables show them with runs of spaces made one. */
  static final java.util.List<String> SEED_ROWS = java.util.List.of(
      "| q1.nid | 1.nid | 4.0 | 20230116 |",
      "| q1.nid | 2.nid | 4.0 | 20230116 |",
      "| q1.nid | 3.nid | 20.0 | 20230116 |",
      "| q2.nid | 3.nid | 4.0 | 20230116 |",
      "| q2.nid | 4.nid | 4.0 | 20230116 |",
      "| q2.nid | 2.nid | 20.0 | 20230116 |",
      "| q3.nid | 7.nid | 32.0 | 20230116 |",
      "| q3.nid | 6.nid | 40.0 | 20230116 |",
      "| q3.nid | 8.nid | 40.0 | 20230116 |");

  /** What one command did. */
  record Result(int code, String out, String err) {}

  Result run(String... args) {
    CommandLine cl = ProximaCeCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    Stream<String> global = user == null ? Stream.of("--home", home.toString())
        : Stream.of("--home", home.toString(), "--user", user);
    int code = cl.execute(Stream.concat(global, Stream.of(args)).toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }
}
