package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.fs.Fingerprint;
import io.proximace.plan.Algorithm;
import io.proximace.plan.ExecutionMode;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.plan.PlanCodec;
import io.proximace.plan.Planner;
import io.proximace.plan.RunPlan;
import io.proximace.plan.Sharding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner resolves a run once, checks what goes together, and its plan survives the trip to a MapReduce task. */
class PlanTest {
  @TempDir
  Path tmp;
  TestHome h;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
  }

  private JobSpec.Builder hnsw() {
    return h.builder("doc", "query", "out", 8, "2,3", "build:seek").algorithm(Algorithm.HNSW)
        .builderParams("{\"proxima.hnsw.builder.max_neighbor_count\":12}").searcherParams("{\"proxima.hnsw.searcher.ef\":40}");
  }

  @Test
  void thePlanResolvesPartitionsWithTheirFilesAndTheIndexFolder() throws IOException {
    RunPlan plan = Planner.plan(h.home, hnsw().build(), false);
    assertEquals("1", plan.inputs().docs().value());
    assertEquals("pt", plan.inputs().docs().column());
    assertEquals(10, plan.inputs().docs().rows(), "small partitions are counted exactly");
    assertEquals(3, plan.inputs().queries().rows());
    Fingerprint files = plan.inputs().docs().files();
    assertEquals(h.home.warehouse().table(h.home.table("doc")).partition("1").fingerprint(), files);
    assertEquals(1, files.files().size());
    assertEquals("owner1/indexes/default.doc/pt=1/hnsw", plan.index().relative());
    assertEquals("odps://default/vol/owner1/indexes/default.doc/pt=1/hnsw", plan.index().url());
    assertTrue(plan.index().removeAfter(), "build runs clean the volume by default");
    assertEquals(12, plan.index().builder().getInt("proxima.hnsw.builder.max_neighbor_count"));
    assertEquals(40, plan.index().searcher().getInt("proxima.hnsw.searcher.ef"));
    assertArrayEquals(new int[] {2, 3}, plan.selection().topk());
    assertEquals(3, plan.selection().maxTopk());
    assertFalse(plan.execution().mapReduce());
    assertEquals("default.out/pt=1", plan.output().toString());
    assertNull(plan.inputs().categories());
  }

  @Test
  void theCodecRestoresThePlanWithoutCheckingItAgain() throws IOException {
    RunPlan plan = Planner.plan(h.home, hnsw().thresholdScore(50.0).build(), false);
    String json = PlanCodec.encode(plan);
    RunPlan back = PlanCodec.decode(json);
    assertEquals(json, PlanCodec.encode(back), "a round trip changes nothing");
    assertEquals(plan.inputs(), back.inputs());
    assertEquals(plan.execution(), back.execution());
    assertEquals(plan.output(), back.output());
    assertEquals(plan.index().builder().values(), back.index().builder().values());
    assertEquals(plan.index().builder().givenValues(), back.index().builder().givenValues());
    assertEquals(Map.of("proxima.hnsw.searcher.ef", 40L), back.index().searcher().givenValues());
    assertEquals(40, back.index().searcher().getInt("proxima.hnsw.searcher.ef"));
    assertTrue(back.selection().keeps(50f) && !back.selection().keeps(50.5f), "the threshold and its direction travel");
    assertArrayEquals(plan.selection().topk(), back.selection().topk());
    // a task gets the driver's plan with its own threads, nothing else changed
    RunPlan task = back.with(back.execution().withThreads(1));
    assertEquals(1, task.threads());
    assertEquals(plan.inputs(), task.inputs());
    // what the driver checked is not checked again: a plan JobSpec would refuse (ef below topk) decodes as written
    RunPlan odd = PlanCodec.decode(json.replace("\"proxima.hnsw.searcher.ef\":40", "\"proxima.hnsw.searcher.ef\":1"));
    assertEquals(1, odd.index().searcher().getInt("proxima.hnsw.searcher.ef"));
    ProximaException bad = assertThrows(ProximaException.class, () -> PlanCodec.decode("{\"stages\":"));
    assertTrue(bad.getMessage().startsWith("the run plan handed to this task cannot be read"), bad.getMessage());
  }

  @Test
  void placementFollowsTheBudgetAndRefusesWhatCannotRun() throws IOException {
    JobSpec tiny = hnsw().sharding(new Sharding(ExecutionMode.AUTO, 0, 0, false, 0, 0.2, 1)).build();
    assertFalse(Planner.plan(h.home, hnsw().build(), true).execution().mapReduce(), "fits: local");
    ProximaException none = assertThrows(ProximaException.class, () -> Planner.plan(h.home,
        hnsw().sharding(new Sharding(ExecutionMode.MAPREDUCE, 0, 0, false, 0, 0.2, 0)).build(), false));
    assertTrue(none.getMessage().startsWith("this run needs MapReduce (-mode mapreduce;"), none.getMessage());
    RunPlan mr = Planner.plan(h.home, hnsw().sharding(new Sharding(ExecutionMode.MAPREDUCE, 3, 2, false, 0, 0.2, 0)).build(), true);
    assertTrue(mr.execution().mapReduce());
    assertEquals(List.of(3, 2), List.of(mr.execution().columns(), mr.execution().rows()));
    assertFalse(Planner.plan(h.home, tiny, true).execution().mapReduce(), "10 docs fit even 1 MB");
    ProximaException target = assertThrows(ProximaException.class, () -> Planner.plan(h.home, hnsw().searcherParams(null)
        .targetRecall(0.9).sharding(new Sharding(ExecutionMode.MAPREDUCE, 0, 0, false, 0, 0.2, 0)).build(), true));
    assertEquals("-target_recall runs in one JVM in this version: use -mode local or auto", target.getMessage());
  }

  @Test
  void aSeekOnlyRunNeedsAnIndexAndReadsItsSize() throws IOException {
    JobSpec seek = hnsw().mode(JobMode.parse("seek")).build();
    ProximaException e = assertThrows(ProximaException.class, () -> Planner.plan(h.home, seek, false));
    assertEquals("-job_mode seek needs an index built before, but there is none at "
        + "odps://default/vol/owner1/indexes/default.doc/pt=1/hnsw: build one with -job_mode build:seek -clean_build_volume false",
        e.getMessage());
    h.run(hnsw().cleanBuildVolume(false).build());
    RunPlan plan = Planner.plan(h.home, seek, false);
    assertEquals(10, plan.inputs().docs().rows(), "the docs the index holds");
    assertFalse(plan.index().removeAfter(), "a seek-only run keeps the index unless asked");
  }
}
