package io.proximace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs proxima-ce commands in-process against a home, capturing what they print. */
final class Cli {
  final Path home;

  Cli(Path home) {
    this.home = home;
  }

  /** What one command did. */
  record Result(int code, String out, String err) {}

  Result run(String... args) {
    CommandLine cl = ProximaCeCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(Stream.concat(Stream.of("--home", home.toString()), Stream.of(args)).toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }
}
