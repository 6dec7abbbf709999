package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.kernel.Distance;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Stage;
import io.proximace.run.RunResult;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerTest {
  static final String COLS = "pk STRING, vector STRING";

  @TempDir
  Path tmp;
  TestHome h;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
  }

  private void seed() throws IOException {
    h.table("doc", COLS, "1", TestHome.SEED_DOCS);
    h.table("query", COLS, "1", TestHome.SEED_QUERIES);
  }

  private Path indexDir() {
    return tmp.resolve("volumes/vol/owner1/indexes/default.doc/pt=1/linear");
  }

  @Test
  void theSeedWalkthroughGivesTheNineRowsWorkedOutByHand() throws IOException {
    seed();
    RunResult r = h.run(h.spec("doc", "query", "out", 8, "3", "train:build:seek:recall"));
    assertEquals(List.of(
        "q1.nid,1.nid,4.0", "q1.nid,2.nid,4.0", "q1.nid,3.nid,20.0",
        "q2.nid,3.nid,4.0", "q2.nid,4.nid,4.0", "q2.nid,2.nid,20.0",
        "q3.nid,7.nid,32.0", "q3.nid,6.nid,40.0", "q3.nid,8.nid,40.0"), h.rows("out", "1"));
    assertEquals(9, r.rowsWritten());
    assertEquals(1.0, r.recall().get(3));
    assertEquals(List.of(Stage.TRAIN, Stage.BUILD, Stage.SEEK, Stage.RECALL), List.copyOf(r.stageSeconds().keySet()));
    assertFalse(Files.exists(indexDir()), "-clean_build_volume defaults to true");
    assertTrue(Files.exists(tmp.resolve("volumes/vol/owner1/runs/default.out/pt=1/recall.json")));
    // -topk 1: one row per query, the tie at 4.0 broken by pk
    h.run(h.spec("doc", "query", "out", 8, "1", "build:seek"));
    assertEquals(List.of("q1.nid,1.nid,4.0", "q2.nid,3.nid,4.0", "q3.nid,7.nid,32.0"), h.rows("out", "1"));
  }

  @ParameterizedTest
  @EnumSource(value = DistanceMethod.class, names = {"SQUARED_EUCLIDEAN", "INNER_PRODUCT", "COSINE"})
  void randomVectorsEqualASimpleReferenceComputation(DistanceMethod method) throws IOException {
    Distance d = method.truth();
    int dim = 24;
    int n = 3000;
    int nq = 60;
    Random r = new Random(42);
    float[][] docs = new float[n][dim];
    float[][] qs = new float[nq][dim];
    StringBuilder docCsv = new StringBuilder();
    StringBuilder qCsv = new StringBuilder();
    for (int i = 0; i < n; i++) {
      docCsv.append('"').append("d,").append(i).append('"').append(',').append(vector(docs[i], r)).append('\n');
    }
    for (int i = 0; i < nq; i++) {
      qCsv.append("q").append(i).append(',').append(vector(qs[i], r)).append('\n');
    }
    h.table("doc", COLS, "1", docCsv.toString());
    h.table("query", COLS, "1", qCsv.toString());
    RunResult result = h.run(h.spec("doc", "query", "out", dim, "5,10", "build:seek:recall", method, PkType.STRING, null));
    List<String> rows = h.rows("out", "1");
    assertEquals(nq * 10, rows.size());
    for (int q = 0; q < nq; q++) {
      final int qi = q;
      double[] score = new double[n];
      for (int i = 0; i < n; i++) {
        double s = 0;
        double qq = 0;
        double dd = 0;
        for (int j = 0; j < dim; j++) {
          s += d == Distance.SQUARED_EUCLIDEAN ? (qs[qi][j] - (double) docs[i][j]) * (qs[qi][j] - (double) docs[i][j])
              : qs[qi][j] * (double) docs[i][j];
          qq += (double) qs[qi][j] * qs[qi][j];
          dd += (double) docs[i][j] * docs[i][j];
        }
        score[i] = d == Distance.COSINE ? s / Math.sqrt(qq * dd) : s;
      }
      Comparator<Integer> closer = d == Distance.SQUARED_EUCLIDEAN
          ? Comparator.comparingDouble(i -> score[i]) : Comparator.comparingDouble(i -> -score[i]);
      List<Integer> want = IntStream.range(0, n).boxed().sorted(closer).limit(10).toList();
      for (int i = 0; i < 10; i++) {
        String[] row = rows.get(q * 10 + i).split(",(?=[^,]*$)|,(?=d,)");
        assertEquals("q" + q, row[0]);
        assertEquals("d," + want.get(i), row[1], "query " + q + " rank " + i);
        assertEquals((float) score[want.get(i)], Float.parseFloat(row[2]), 1e-5f * Math.abs((float) score[want.get(i)]));
      }
    }
    assertEquals(1.0, result.recall().get(5));
    assertEquals(1.0, result.recall().get(10));
  }

  private static String vector(float[] v, Random r) {
    List<String> parts = new ArrayList<>();
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) r.nextGaussian();
      parts.add(Float.toString(v[j]));
    }
    return String.join("~", parts);
  }

  @Test
  void int64PksAndInnerProduct() throws IOException {
    h.table("doc", "pk BIGINT, vector STRING", "1", "10,1~0\n20,0~1\n30,1~1\n");
    h.table("query", "pk BIGINT, vector STRING", "1", "7,1~0\n");
    h.run(h.spec("doc", "query", "out", 2, "2", "build:seek", DistanceMethod.INNER_PRODUCT, PkType.INT64, null));
    assertEquals(List.of("7,10,1.0", "7,30,1.0"), h.rows("out", "1"), "ties at 1.0 in pk order, larger score first");
    assertEquals("pk BIGINT, knn_result BIGINT, score DOUBLE",
        h.home.warehouse().table(h.home.table("out")).schema().columnsDdl());
  }

  @Test
  void aKeptIndexServesALaterSeekAndAMismatchIsRefused() throws IOException {
    seed();
    RunResult built = h.run(h.spec("doc", "query", "out", 8, "2", "build:seek", DistanceMethod.SQUARED_EUCLIDEAN, PkType.STRING, false));
    assertTrue(built.indexKept());
    assertTrue(Files.exists(indexDir().resolve("manifest.json")));
    h.table("query", COLS, "1", "q9,10~10~10~10~10~10~10~10\n");
    h.home.warehouse().table(h.home.table("doc")).dropPartition("1", false); // seek needs only the index
    RunResult seek = h.run(h.spec("doc", "query", "out", 8, "2", "seek"));
    assertEquals(List.of("q9,10.nid,0.0", "q9,9.nid,8.0"), h.rows("out", "1"));
    assertTrue(seek.indexKept(), "a seek-only run keeps the index unless told -clean_build_volume true");
    ProximaException e = assertThrows(ProximaException.class,
        () -> h.run(h.spec("doc", "query", "out", 8, "2", "seek", DistanceMethod.INNER_PRODUCT, PkType.STRING, null)));
    assertTrue(e.getMessage().contains("was built with -distance_method squared_euclidean (this run: inner_product)"), e.getMessage());
    h.run(h.spec("doc", "query", "out", 8, "2", "seek", DistanceMethod.SQUARED_EUCLIDEAN, PkType.STRING, true));
    assertFalse(Files.exists(indexDir()), "removed when asked");
    ProximaException none = assertThrows(ProximaException.class, () -> h.run(h.spec("doc", "query", "out", 8, "2", "seek")));
    assertEquals("-job_mode seek needs an index built before, but there is none at "
        + "odps://default/vol/owner1/indexes/default.doc/pt=1/linear: build one with -job_mode build:seek -clean_build_volume false",
        none.getMessage());
  }

  @Test
  void aFailedRunKeepsThePreviousOutputAndLeavesNoIndex() throws IOException {
    seed();
    h.run(h.spec("doc", "query", "out", 8, "1", "build:seek"));
    List<String> before = h.rows("out", "1");
    h.table("query", COLS, "1", TestHome.SEED_QUERIES + "q4.nid,1~2~3\n");
    ProximaException e = assertThrows(ProximaException.class,
        () -> h.run(h.spec("doc", "query", "out", 8, "1", "build:seek", DistanceMethod.SQUARED_EUCLIDEAN, PkType.STRING, null)));
    assertEquals("query table default.query, partition pt=1, row 4 (part-00000.csv line 4), pk 'q4.nid', column vector: "
        + "expected 8 components (-dimension 8), found 3", e.getMessage());
    assertEquals(before, h.rows("out", "1"));
    assertFalse(Files.exists(indexDir()), "the index built before seek failed is removed");
    try (var s = Files.walk(tmp.resolve("volumes/vol"))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("_staging")), "no staging folders");
    }
  }

  @Test
  void badRowsAreNamedByTablePartitionRowPkAndColumn() throws IOException {
    h.table("query", COLS, "1", TestHome.SEED_QUERIES);
    String[][] cases = {
        {"a,1~2~3~4~5~6~7~8\nb,1~2~x~4~5~6~7~8\n",
            "doc table default.doc, partition pt=1, row 2 (part-00000.csv line 2), pk 'b', column vector: component 3 'x' is not a number"},
        {"a,1~2~3~4~5~6~7~NaN\n",
            "doc table default.doc, partition pt=1, row 1 (part-00000.csv line 1), pk 'a', column vector: component 8 'NaN' is not a finite number"},
        {"a,1~2~3~4~5~6~7~Infinity\n",
            "doc table default.doc, partition pt=1, row 1 (part-00000.csv line 1), pk 'a', column vector: component 8 'Infinity' is not a finite number"},
        {"a,1~2~3~4~5~6~7~8\n,1~2~3~4~5~6~7~8\n",
            "doc table default.doc, partition pt=1, row 2 (part-00000.csv line 2), column pk: the pk is empty"},
        {"a,1~2~3~4~5~6~7~8\nb,1~2~3~4~5~6~7~8\na,1~2~3~4~5~6~7~8\n",
            "doc table default.doc, partition pt=1: pk 'a' appears twice (rows 1 and 3); pks must be unique"},
        {"a,1~2~3~4~5~6~7~8~9\n",
            "doc table default.doc, partition pt=1, row 1 (part-00000.csv line 1), pk 'a', column vector: expected 8 components (-dimension 8), found 9"},
        {"a,1 2 3 4 5 6 7 8\n",
            "doc table default.doc, partition pt=1, row 1 (part-00000.csv line 1), pk 'a', column vector: component 1 '1 2 3 4 5 6 7 8' is not a number"},
        {"", "doc table default.doc, partition pt=1 has no rows: nothing to index"},
    };
    for (String[] c : cases) {
      h.table("doc", COLS, "1", c[0]);
      ProximaException e = assertThrows(ProximaException.class, () -> h.run(h.spec("doc", "query", "out", 8, "1", "build:seek")));
      assertEquals(c[1], e.getMessage());
    }
    assertFalse(h.home.warehouse().exists(h.home.table("out")), "no output table is created by failed runs");
  }

  @Test
  void aMalformedFileInAPartitionIsNamed() throws IOException {
    seed();
    Files.writeString(tmp.resolve("warehouse/default/doc/pt=1/part-00001.csv"), "11.nid,\"1~1~1~1~1~1~1~1\"x\n");
    assertEquals("table default.doc, partition pt=1, file part-00001.csv: line 1: text after the closing quote of field 2",
        assertThrows(ProximaException.class, () -> h.run(h.spec("doc", "query", "out", 8, "1", "build:seek"))).getMessage());
    Files.writeString(tmp.resolve("warehouse/default/doc/pt=1/part-00001.csv"), "11.nid\n");
    assertEquals("table default.doc, partition pt=1, row 11 (part-00001.csv line 1): expected 2 columns (pk STRING, vector STRING), found 1",
        assertThrows(ProximaException.class, () -> h.run(h.spec("doc", "query", "out", 8, "1", "build:seek"))).getMessage());
  }

  @Test
  void missingTablesPartitionsAndVolumesAreNamed() throws IOException {
    seed();
    assertEquals("table default.nope does not exist (tables in default: doc, query)",
        assertThrows(ProximaException.class, () -> h.run(h.spec("nope", "query", "out", 8, "1", "build:seek"))).getMessage());
    JobSpec otherPt = h.builder("doc", "query", "out", 8, "1", "build:seek").docs(h.home.table("doc"), "2").build();
    assertEquals("partition pt=2 of table default.doc does not exist (partitions: 1)",
        assertThrows(ProximaException.class, () -> h.run(otherPt)).getMessage());
    JobSpec noVol = h.builder("doc", "query", "out", 8, "1", "build:seek").volume("nope", "owner1").build();
    assertEquals("volume nope does not exist in project default (volumes: vol)",
        assertThrows(ProximaException.class, () -> h.run(noVol)).getMessage());
    h.table("bad", "pk STRING, embedding STRING", "1", "a,1\n");
    assertEquals("doc table default.bad has columns (pk STRING, embedding STRING); the runner needs (pk STRING|BIGINT, vector STRING|ARRAY<FLOAT>)",
        assertThrows(ProximaException.class, () -> h.run(h.spec("bad", "query", "out", 8, "1", "build:seek"))).getMessage());
    h.table("cat", "pk STRING, vector STRING, category BIGINT", "1", "a,1,3\n");
    assertEquals("doc table default.cat has a category column, so queries need one too: query table default.query has "
        + "(pk STRING, vector STRING); add category BIGINT, or multicategory STRING with -query_multi_label true",
        assertThrows(ProximaException.class, () -> h.run(h.spec("cat", "query", "out", 8, "1", "build:seek"))).getMessage());
  }

  @Test
  void optionValuesAreChecked() {
    assertEquals("unknown -job_mode 'build': expected one of train:build:seek, build:seek, seek, train:build:seek:recall, "
        + "build:seek:recall, seek:recall", assertThrows(ProximaException.class, () -> JobMode.parse("build")).getMessage());
    assertEquals("-topk '10,x': 'x' is not a whole number",
        assertThrows(ProximaException.class, () -> JobSpec.parseTopk("10,x")).getMessage());
    assertEquals("-topk '0': 0 is outside 1..100000", assertThrows(ProximaException.class, () -> JobSpec.parseTopk("0")).getMessage());
    assertEquals(List.of(10, 20, 30), IntStream.of(JobSpec.parseTopk("30,10,20,10")).boxed().toList());
    assertEquals(' ', JobSpec.parseSeparator("blank"));
    assertEquals("unknown -distance_method 'l1': expected one of squared_euclidean, inner_product, mips_squared_euclidean, "
        + "hamming, cosine", assertThrows(ProximaException.class, () -> DistanceMethod.parse("l1")).getMessage());
    assertEquals("unknown -data_type 'double': expected one of float, int8, binary",
        assertThrows(ProximaException.class, () -> io.proximace.vector.DataType.parse("double")).getMessage());
    ProximaException dim = assertThrows(ProximaException.class,
        () -> h.builder("doc", "query", "out", 0, "1", "build:seek").build());
    assertEquals("-dimension must be between 1 and 1048576, not 0", dim.getMessage());
    ProximaException owner = assertThrows(ProximaException.class,
        () -> h.builder("doc", "query", "out", 8, "1", "build:seek").volume("vol", "../x").build());
    assertTrue(owner.getMessage().startsWith("-owner_id '../x' must be"), owner.getMessage());
    assertEquals("train:build:seek:recall", JobMode.parse("TRAIN:BUILD:SEEK:RECALL").toString());
  }
}
