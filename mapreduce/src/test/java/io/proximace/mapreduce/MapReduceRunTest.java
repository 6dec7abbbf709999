package io.proximace.mapreduce;

import io.proximace.ProximaException;
import io.proximace.plan.Algorithm;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.ExecutionMode;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Sharding;
import io.proximace.run.RunResult;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MapReduce executor on LocalJobRunner: same answers as local mode, and failures that lose nothing. */
class MapReduceRunTest {
  @TempDir
  Path tmp;

  /** Docs with exact ties (every vector twice, under two pks) so that the pk tie order is exercised. */
  private Fixture withTies(String pkType, String prefix) throws IOException {
    Fixture fx = new Fixture(tmp);
    float[][] base = Fixture.clustered(600, 12, 5, 1);
    float[][] docs = new float[1200][];
    for (int i = 0; i < 600; i++) {
      docs[2 * i] = base[i];
      docs[2 * i + 1] = base[i];
    }
    fx.table("doc", pkType, docs, prefix);
    fx.table("query", pkType, Fixture.clustered(150, 12, 5, 2), prefix);
    return fx;
  }

  @ParameterizedTest
  @CsvSource({"1,1", "3,2", "5,1", "2,7"})
  void linearEqualsLocalRowForRowForAnyGrid(int columns, int rows) throws IOException {
    Fixture fx = withTies("STRING", "pk");
    RunResult local = fx.run(fx.spec("local_out", 12, "1,10", ExecutionMode.LOCAL, 0, 0).build());
    RunResult mr = fx.run(fx.spec("mr_out", 12, "1,10", ExecutionMode.MAPREDUCE, columns, rows).build());
    assertFalse(local.plan().execution().mapReduce());
    assertTrue(mr.plan().execution().mapReduce());
    assertEquals(columns, mr.plan().execution().columns());
    assertEquals(rows, mr.plan().execution().rows());
    List<String> expected = fx.rows("local_out", "1");
    assertEquals(1500, expected.size());
    assertEquals(expected, fx.rows("mr_out", "1"));
    assertEquals(1500, mr.rowsWritten());
    assertEquals(150, mr.queries());
    assertEquals(1200, mr.docs());
    assertEquals(1.0, mr.recall().get(10));
  }

  @Test
  void eachGridCellReadsOnlyItsOwnQueryRowsAndEachDocIsParsedOnce() throws IOException {
    Fixture fx = withTies("STRING", "pk");
    MapReduceExecutor mr = new MapReduceExecutor(fx.conf);
    RunResult r = fx.run(fx.spec("mr_out", 12, "10", ExecutionMode.MAPREDUCE, 3, 2).build(), mr);
    // the jobs' ids and counters reach the run's result and the summary of its report
    assertEquals(List.of("build", "seek"), List.copyOf(r.jobs().keySet()));
    assertTrue(r.jobs().get("seek").id().startsWith("job_local"), r.jobs().toString());
    assertEquals(1200L, r.jobs().get("build").counters().get("doc rows parsed"));
    assertEquals(6L, r.jobs().get("seek").counters().get("query shard x doc shard searches"));
    com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(tmp.resolve("volumes/vol/me/runs/default.mr_out/pt=1/report.json").toFile()).path("summary");
    assertEquals(r.jobs().get("seek").id(), summary.path("mapReduceJobs").path("seek").path("id").asText());
    assertEquals(1200, summary.path("mapReduceJobs").path("build").path("counters").path("doc rows parsed").asLong());
    // 3 doc shards x 2 query shards: each of the 150 queries is read by the 3 cells of its query shard, and
    // parsed from text only by the driver; before the split, each of the 6 cells parsed all 150 (900)
    assertEquals(3 * 150, mr.counted("seek", ProximaCounter.QUERY_ROWS_READ));
    assertEquals(3 * 150, mr.counted("seek", ProximaCounter.QUERY_ROWS_SEARCHED));
    assertEquals(6, mr.counted("seek", ProximaCounter.SHARD_SEARCHES));
    assertEquals(1200, mr.counted("build", ProximaCounter.DOC_ROWS_PARSED));
    assertEquals(fx.rows("mr_out", "1").size(), mr.counted("seek", ProximaCounter.ROWS_WRITTEN));
    assertNoStaging(Path.of(fx.home.warehouse().root().toUri()));
    try (Stream<Path> all = Files.walk(Path.of(fx.home.warehouse().root().toUri()))) {
      assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith("_queries")).toList(),
          "the query shards are not committed with the output");
    }
  }

  @Test
  void binaryWordsEqualLocalRowForRow() throws IOException {
    Fixture fx = new Fixture(tmp);
    java.util.Random r = new java.util.Random(11);
    int dim = 96; // three INT32 words: the last packed long is half full
    for (String t : List.of("doc", "query")) {
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < (t.equals("doc") ? 700 : 90); i++) {
        csv.append(t.charAt(0)).append(i).append(',');
        for (int w = 0; w < dim / 32; w++) {
          csv.append(w > 0 ? "~" : "").append(r.nextInt() & (i % 3 == 0 ? 0xff00ff0f : -1)); // some near duplicates: ties
        }
        csv.append('\n');
      }
      fx.csv(t, "pk STRING, vector STRING", "1", csv.toString());
    }
    for (String out : List.of("local_out", "mr_out")) {
      boolean local = out.equals("local_out");
      fx.run(fx.spec(out, dim, "1,10", local ? ExecutionMode.LOCAL : ExecutionMode.MAPREDUCE, local ? 0 : 3, local ? 0 : 2)
          .dataType(io.proximace.vector.DataType.BINARY).distance(DistanceMethod.HAMMING).binaryToInt(true).build());
    }
    List<String> expected = fx.rows("local_out", "1");
    assertEquals(900, expected.size());
    assertEquals(expected, fx.rows("mr_out", "1"));
  }

  @Test
  void aBadQueryRowFailsNamingItAndLeavesTheOutputAsItWas() throws IOException {
    Fixture fx = withTies("STRING", "pk");
    fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 2, 2).mode(JobMode.parse("build:seek")).cleanBuildVolume(false).build());
    List<String> before = fx.rows("out", "1");
    // past the first rows the runner checks before planning: the seek's split of the queries meets it
    String good = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "q" + i + ",1~2~3~4~5~6~7~8~9~10~11~12\n")
        .collect(java.util.stream.Collectors.joining());
    fx.csv("query", "pk STRING, vector STRING", "1", good + "bad,1~2~x~4~5~6~7~8~9~10~11~12\n");
    ProximaException e = assertThrows(ProximaException.class,
        () -> fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 2, 2).mode(JobMode.parse("seek")).build()));
    assertEquals("query table default.query, partition pt=1, row 21 (part-00000.csv line 21), pk 'bad', column vector: component 3 'x' "
        + "is not a number", e.getMessage());
    assertEquals(before, fx.rows("out", "1"));
    assertNoStaging(Path.of(fx.home.warehouse().root().toUri()));
  }

  @Test
  void bigintPksInnerProductAndAThresholdEqualLocal() throws IOException {
    Fixture fx = withTies("BIGINT", "");
    fx.run(fx.spec("all", 12, "7", ExecutionMode.LOCAL, 0, 0).pkType(PkType.INT64).distance(DistanceMethod.INNER_PRODUCT).build());
    List<Double> scores = fx.rows("all", "1").stream().map(r -> Double.parseDouble(r.split(",")[2])).sorted().toList();
    double median = scores.get(scores.size() / 2);
    for (String out : List.of("local_out", "mr_out")) {
      boolean local = out.equals("local_out");
      fx.run(fx.spec(out, 12, "7", local ? ExecutionMode.LOCAL : ExecutionMode.MAPREDUCE, local ? 0 : 4, local ? 0 : 3)
          .pkType(PkType.INT64).distance(DistanceMethod.INNER_PRODUCT).thresholdScore(median).build());
    }
    List<String> rows = fx.rows("local_out", "1");
    assertTrue(rows.size() > 300 && rows.size() < 1050 - 300, "the threshold drops about half the rows: " + rows.size());
    assertEquals(rows, fx.rows("mr_out", "1"));
  }

  @ParameterizedTest
  @CsvSource({"HNSW,3", "QC,3"})
  void approximateRecallIsWithinAHundredthOfLocal(Algorithm algo, int columns) throws IOException {
    Fixture fx = new Fixture(tmp);
    fx.table("doc", "STRING", Fixture.clustered(6000, 16, 20, 3), "d");
    fx.table("query", "STRING", Fixture.clustered(200, 16, 20, 4), "q");
    // qc scans few clusters, so that recall is below 1 and a difference would show (its default scans 35%)
    String effort = algo == Algorithm.QC ? "{\"proxima.qc.searcher.scan_ratio\":0.02}" : null;
    JobSpec.Builder local = fx.spec("local_out", 16, "10", ExecutionMode.LOCAL, 0, 0).algorithm(algo).recallSample(200)
        .searcherParams(effort);
    JobSpec.Builder mr = fx.spec("mr_out", 16, "10", ExecutionMode.MAPREDUCE, columns, 2).algorithm(algo).recallSample(200)
        .searcherParams(effort);
    double l = fx.run(local.build()).recall().get(10);
    double m = fx.run(mr.build()).recall().get(10);
    assertTrue(l > 0.8, "local recall " + l);
    assertTrue(m >= l - 0.01, "mapreduce recall " + Fixture.f(m) + " vs local " + Fixture.f(l));
    assertEquals(2000, fx.rows("mr_out", "1").size());
  }

  @Test
  void clusterShardingSendsQueriesToTheirNearestShards() throws IOException {
    Fixture fx = new Fixture(tmp);
    fx.table("doc", "STRING", Fixture.clustered(4000, 16, 8, 5), "d");
    fx.table("query", "STRING", Fixture.clustered(200, 16, 8, 6), "q");
    JobSpec spec = fx.spec("out", 16, "10", ExecutionMode.MAPREDUCE, 0, 1).recallSample(200)
        .sharding(new Sharding(ExecutionMode.MAPREDUCE, 0, 1, true, 8, 0.25, 0)).build();
    RunResult r = fx.run(spec);
    assertEquals(8, r.plan().execution().columns());
    assertEquals(2000, fx.rows("out", "1").size());
    // two of eight shards, the nearest, hold almost every true neighbour of clustered data
    assertTrue(r.recall().get(10) > 0.95, "recall " + r.recall());
  }

  @Test
  void autoGoesToMapReduceBeyondTheBudgetAndLocalRefuses() throws IOException {
    Fixture fx = new Fixture(tmp);
    fx.table("doc", "STRING", Fixture.clustered(40_000, 24, 10, 8), "d"); // about 4.4 MB to index
    fx.table("query", "STRING", Fixture.clustered(50, 24, 10, 9), "q");
    Sharding oneMb = new Sharding(ExecutionMode.AUTO, 0, 0, false, 0, 0.2, 1);
    RunResult r = fx.run(fx.spec("out", 24, "5", ExecutionMode.AUTO, 0, 0).sharding(oneMb).build());
    assertTrue(r.plan().execution().mapReduce());
    assertTrue(r.plan().execution().docBytes() > 4 * r.plan().execution().budget(), r.plan().toString());
    assertTrue(r.plan().execution().columns() >= 8, "shards of half the budget: " + r.plan());
    assertEquals(1.0, r.recall().get(5));
    ProximaException e = assertThrows(ProximaException.class, () -> fx.run(fx.spec("out2", 24, "5", ExecutionMode.LOCAL, 0, 0)
        .sharding(new Sharding(ExecutionMode.LOCAL, 0, 0, false, 0, 0.2, 1)).build()));
    assertTrue(e.getMessage().startsWith("-mode local: the run needs about 4."), e.getMessage());
    assertTrue(e.getMessage().contains("budget 1.0 MB (-memory_budget_mb)") && e.getMessage().contains("run with -mode mapreduce"),
        e.getMessage());
    assertFalse(fx.home.warehouse().exists(fx.home.table("out2")), "a refused run writes nothing");
  }

  @Test
  void aShardedIndexIsSoughtAgainByMapReduce() throws IOException {
    Fixture fx = withTies("STRING", "pk");
    fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 3, 1).mode(JobMode.parse("build:seek")).cleanBuildVolume(false).build());
    Path index = tmp.resolve("volumes/vol/me/indexes/default.doc/pt=1/linear");
    assertTrue(Files.exists(index.resolve("shards.json")));
    assertTrue(Files.exists(index.resolve("shard-00002/manifest.json")));
    List<String> first = fx.rows("out", "1");
    RunResult again = fx.run(fx.spec("out", 12, "5", ExecutionMode.AUTO, 0, 0).mode(JobMode.parse("seek")).build());
    assertTrue(again.plan().execution().mapReduce(), "auto follows the shards");
    assertEquals(first, fx.rows("out", "1"));
    ProximaException e = assertThrows(ProximaException.class,
        () -> fx.run(fx.spec("out", 12, "5", ExecutionMode.LOCAL, 0, 0).mode(JobMode.parse("seek")).build()));
    assertTrue(e.getMessage().contains("has 3 shards (built by MapReduce); seek it with -mode mapreduce"), e.getMessage());
  }

  @Test
  void aBadRowFailsNamingItAndLeavesTheOutputAndVolumeAsTheyWere() throws IOException {
    Fixture fx = withTies("STRING", "pk");
    fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 2, 1).build());
    List<String> before = fx.rows("out", "1");
    // past the first rows the runner checks before planning: the task meets it and names the file and line
    String good = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "a" + i + ",1~2~3~4~5~6~7~8~9~10~11~12\n")
        .collect(java.util.stream.Collectors.joining());
    fx.csv("doc", "pk STRING, vector STRING", "1", good + "b,1~2~3\n");
    ProximaException e = assertThrows(ProximaException.class, () -> fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 2, 1).build()));
    assertEquals("doc table default.doc, partition pt=1, file part-00000.csv line 21, pk 'b', column vector: expected 12 "
        + "components (-dimension 12), found 3", e.getMessage());
    assertEquals(before, fx.rows("out", "1"));
    assertNoStaging(tmp.resolve("volumes/vol/me/indexes/default.doc/pt=1"));
    assertFalse(Files.exists(tmp.resolve("volumes/vol/me/indexes/default.doc/pt=1/linear")), "the failed build's index is removed");
  }

  @Test
  void duplicatePksFailAsTheyDoLocally() throws IOException {
    Fixture fx = new Fixture(tmp);
    fx.csv("doc", "pk STRING, vector STRING", "1", "a,1~2\nb,3~4\nc,0~0\nd,0~1\na,5~6\n");
    fx.csv("query", "pk STRING, vector STRING", "1", "q,1~1\n");
    ProximaException e = assertThrows(ProximaException.class, () -> fx.run(fx.spec("out", 2, "1", ExecutionMode.MAPREDUCE, 2, 1).build()));
    // the rows are named in the partition's files, not by their place in the shard
    assertTrue(e.getMessage().endsWith(": pk 'a' appears twice (part-00000.csv row 1 and part-00000.csv row 5); pks must be unique"),
        e.getMessage());
    fx.csv("doc", "pk STRING, vector STRING", "1", "a,1~2\nb,3~4\n");
    fx.csv("query", "pk STRING, vector STRING", "1", "q,1~1\nq,2~2\n");
    e = assertThrows(ProximaException.class, () -> fx.run(fx.spec("out", 2, "1", ExecutionMode.MAPREDUCE, 1, 1).build()));
    assertEquals("query table default.query, partition pt=1: pk 'q' appears twice (rows 1 and 2); pks must be unique", e.getMessage());
  }

  @Test
  void aJobThatFailsLeavesThePreviousOutputPartition() throws IOException {
    Fixture fx = withTies("STRING", "pk");
    fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 2, 2).build());
    List<String> before = fx.rows("out", "1");
    // LocalJobRunner does not retry: the injected failure kills the seek job midway
    fx.conf.set(TaskSettings.FAIL_FIRST_ATTEMPT, "seek-map");
    ProximaException e = assertThrows(ProximaException.class,
        () -> fx.run(fx.spec("out", 12, "3", ExecutionMode.MAPREDUCE, 2, 2).build()));
    assertTrue(e.getMessage().startsWith("the seek job job_local") && e.getMessage().contains("failed"), e.getMessage());
    assertEquals(before, fx.rows("out", "1"));
    assertNoStaging(Path.of(fx.home.warehouse().root().toUri()));
  }

  @Test
  void anUnreachableClusterNamesTheSettingsToCheck() throws IOException {
    Fixture fx = withTies("STRING", "pk");
    fx.conf.set("mapreduce.framework.name", "yarn");
    fx.conf.set("yarn.resourcemanager.address", "127.0.0.1:1");
    fx.conf.set("yarn.resourcemanager.connect.max-wait.ms", "1000");
    fx.conf.set("yarn.resourcemanager.connect.retry-interval.ms", "200");
    fx.conf.set("ipc.client.connect.max.retries", "0");
    ProximaException e = assertThrows(ProximaException.class, () -> fx.run(fx.spec("out", 12, "5", ExecutionMode.MAPREDUCE, 2, 1).build()));
    assertTrue(e.getMessage().startsWith("cannot reach the cluster to submit the build job"), e.getMessage());
    assertTrue(e.getMessage().contains("yarn.resourcemanager.address (127.0.0.1:1)"), e.getMessage());
  }

  private static void assertNoStaging(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> left = all.filter(p -> p.getFileName().toString().startsWith("_staging")).toList();
      assertEquals(List.of(), left);
    }
  }
}
