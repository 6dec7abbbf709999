package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir
  Path tmp;

  @Test
  void printsExactlyTheNineRowsOfTheSeedWalkthrough() {
    Cli.Result r = new Cli(tmp.resolve("demo")).run("demo");
    assertEquals(0, r.code(), r.err());
    List<String> rows = r.out().lines().filter(l -> l.startsWith("| q")).map(l -> l.replaceAll("\\s+", " ")).toList();
    assertEquals(Cli.SEED_ROWS, rows);
    assertTrue(r.out().contains("| pk         | knn_result | score      | pt         |"), r.out());
    assertTrue(r.out().contains("Recall@3=1.0000"), r.out());
  }

  @Test
  void refusesAHomeThatIsNotEmpty() {
    Cli cli = new Cli(tmp);
    cli.run("table", "create", "t", "pk STRING, vector STRING");
    Cli.Result r = cli.run("demo");
    assertEquals(1, r.code());
    assertEquals("proxima-ce: error: demo needs a fresh home, but " + tmp + " is not empty: pass another --home\n", r.err());
  }
}
