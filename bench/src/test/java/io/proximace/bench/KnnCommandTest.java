package io.proximace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.vector.FloatVectors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KnnCommandTest {
  @TempDir
  Path tmp;

  private String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new BenchMain()).execute(args);
      assertEquals(0, code);
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exactSearchMatchesItsGroundTruthAndPrintsOneJsonLinePerRun() throws Exception {
    Path base = tmp.resolve("b.fvecs");
    Path query = tmp.resolve("q.fvecs");
    Path gt = tmp.resolve("gt.ivecs");
    FloatVectors b = Generator.generate(Generator.Kind.uniform, 3000, 20, 1, 1, 1, 0);
    Fvecs.writeFloats(base, b);
    Fvecs.writeFloats(query, Generator.generate(Generator.Kind.uniform, 50, 20, 2, 1, 1, 0));
    String first = run("knn", "--base", base.toString(), "--query", query.toString(), "--k", "10", "--threads", "2",
        "--gt-out", gt.toString(), "--no-warm-up");
    assertTrue(first.startsWith("{\"algo\":\"linear\",\"metric\":\"l2\",\"n\":3000,\"nq\":50,\"dim\":20,\"k\":10,\"threads\":2,"), first);
    assertTrue(first.contains("\"recall\":1.0,\"recall_queries\":50"), "against the scalar reference: " + first);
    String second = run("knn", "--base", base.toString(), "--query", query.toString(), "--gt", gt.toString(), "--k", "5",
        "--metric", "l2", "--repeat", "2", "--no-warm-up");
    assertEquals(2, second.lines().count());
    assertTrue(second.lines().allMatch(l -> l.contains("\"recall\":1.0,")), second);
    // the ground truth of another metric disagrees: recall must notice
    String ip = run("knn", "--base", base.toString(), "--query", query.toString(), "--gt", gt.toString(), "--k", "10",
        "--metric", "ip", "--no-warm-up");
    double recall = Double.parseDouble(ip.replaceAll(".*\"recall\":([0-9.]+),.*\\s*", "$1"));
    assertTrue(recall < 0.9, ip);
  }

  @Test
  void approximateAlgorithmsSweepASearcherKeyAndReachTheirRecall() throws Exception {
    Path base = tmp.resolve("b.fvecs");
    Path query = tmp.resolve("q.fvecs");
    Fvecs.writeFloats(base, Generator.generate(Generator.Kind.gmm, 4000, 16, 1, 20, 42, 0.3));
    Fvecs.writeFloats(query, Generator.generate(Generator.Kind.gmm, 100, 16, 2, 20, 42, 0.3));
    String hnsw = run("knn", "--base", base.toString(), "--query", query.toString(), "--algo", "hnsw", "--k", "10",
        "--sweep", "ef=10,40,160", "--search_threads", "1", "--no-warm-up"); // the old name of --search-threads
    List<Double> recalls = hnsw.lines().map(l -> Double.parseDouble(l.replaceAll(".*\"recall\":([0-9.]+),.*", "$1"))).toList();
    assertEquals(3, recalls.size());
    assertTrue(recalls.get(2) >= 0.98 && recalls.get(0) <= recalls.get(2), hnsw);
    assertTrue(hnsw.contains("\"search_threads\":1") && hnsw.contains("proxima.hnsw.searcher.ef\\\":160"), hnsw);
    String qc = run("knn", "--base", base.toString(), "--query", query.toString(), "--algo", "qc", "--k", "10",
        "--sweep", "scan_ratio=0.05,1", "--no-warm-up");
    List<Double> qr = qc.lines().map(l -> Double.parseDouble(l.replaceAll(".*\"recall\":([0-9.]+),.*", "$1"))).toList();
    assertEquals(1.0, qr.get(1), "scanning every cluster is exact");
    assertTrue(qr.get(0) >= 0.8, qc);
  }
}
