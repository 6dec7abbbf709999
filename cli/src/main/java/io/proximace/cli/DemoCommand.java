package io.proximace.cli;

import io.proximace.ProximaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code proxima-ce demo}: the seed document's Proxima CE walkthrough, end to end, in a fresh home.
 * Every step is a real proxima-ce command, printed before it runs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the seed document's Proxima CE walkthrough end to end and print the output table.",
        "In a fresh home: create the doc and query tables, import the ten docs and three queries, create a local "
            + "volume, run the ProximaCERunner with -topk 3, and show the output partition.",
        "Uses --home when given (it must be empty or missing), else a new folder under the temp directory."})
public final class DemoCommand implements Callable<Integer> {
  private static final String PT = SeedExample.PARTITION;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ProximaCeCommand root = ProximaCeCommand.of(spec);
    Path home = root.home != null ? root.home.toAbsolutePath() : Files.createTempDirectory("proxima-ce-demo-");
    if (Files.isDirectory(home)) {
      try (Stream<Path> entries = Files.list(home)) {
        if (entries.findAny().isPresent()) {
          throw new ProximaException("demo needs a fresh home, but " + home + " is not empty: pass another --home");
        }
      }
    }
    Path input = Files.createDirectories(home.resolve("demo-input"));
    Files.writeString(input.resolve("doc.csv"), SeedExample.DOCS, StandardCharsets.UTF_8);
    Files.writeString(input.resolve("query.csv"), SeedExample.QUERIES, StandardCharsets.UTF_8);
    String volumeDir = home.resolve("volumes").resolve("shanghai_vol_ceshi").toUri().toString();

    PrintWriter out = spec.commandLine().getOut();
    out.println("Proxima CE walkthrough (the seed document), in " + home);
    List<List<String>> steps = List.of(
        List.of("table", "create", "doc_table_float_smoke", "pk STRING, vector STRING", "--partitioned-by", "pt STRING"),
        List.of("table", "create", "query_table_float_smoke", "pk STRING, vector STRING", "--partitioned-by", "pt STRING"),
        List.of("table", "add-partition", "doc_table_float_smoke", "pt=" + PT),
        List.of("table", "add-partition", "query_table_float_smoke", "pt=" + PT),
        List.of("table", "import", "doc_table_float_smoke", "pt=" + PT, "--file", input.resolve("doc.csv").toString()),
        List.of("table", "import", "query_table_float_smoke", "pt=" + PT, "--file", input.resolve("query.csv").toString()),
        List.of("vfs", "-create", "shanghai_vol_ceshi", "-storage_provider", "local", "-url", volumeDir, "-acd", "true"),
        List.of("jar", "-libjars", "proxima-ce-aliyun-1.0.0.jar", "-classpath", "proxima-ce-aliyun-1.0.0.jar",
            "com.alibaba.proxima2.ce.ProximaCERunner",
            "-doc_table", "doc_table_float_smoke", "-doc_table_partition", PT,
            "-query_table", "query_table_float_smoke", "-query_table_partition", PT,
            "-output_table", "output_table_float_smoke", "-output_table_partition", PT,
            "-data_type", "float", "-dimension", "8", "-topk", "3", "-job_mode", "train:build:seek:recall",
            "-external_volume", "shanghai_vol_ceshi", "-owner_id", "1248953xxx"));
    for (List<String> step : steps) {
      int code = step(home, step, out);
      if (code != 0) {
        return code;
      }
    }
    out.println();
    out.println("Note: the seed runs with -topk 1 yet shows three rows per query; -topk 3 is what returns those nine rows.");
    out.println();
    out.println("SELECT * FROM output_table_float_smoke WHERE pt='" + PT + "';");
    int code = run(home, List.of("table", "show", "output_table_float_smoke", "pt=" + PT), out);
    out.println();
    out.println("The demo home stays at " + home + "; explore it with --home " + home + " (e.g. table list, vfs -ls /).");
    out.flush();
    return code;
  }

  private int step(Path home, List<String> args, PrintWriter out) {
    out.println("$ proxima-ce " + String.join(" ", args.stream().map(DemoCommand::quote).toList()));
    out.flush();
    return run(home, args, out);
  }

  private int run(Path home, List<String> args, PrintWriter out) {
    CommandLine cl = ProximaCeCommand.newCommandLine();
    cl.setOut(out);
    cl.setErr(spec.commandLine().getErr());
    String[] full = Stream.concat(Stream.of("--home", home.toString()), args.stream()).toArray(String[]::new);
    return cl.execute(full);
  }

  private static String quote(String arg) {
    return arg.contains(" ") ? "\"" + arg + "\"" : arg;
  }
}
