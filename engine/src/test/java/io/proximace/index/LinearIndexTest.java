package io.proximace.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.kernel.Distance;
import io.proximace.kernel.ScalarFloatKernel;
import io.proximace.kernel.Vectors;
import io.proximace.topk.Neighbors;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Int8BlockedVectors;
import io.proximace.vector.StringPks;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinearIndexTest {
  @TempDir
  java.nio.file.Path tmp;

  static LinearIndex index(float[] docs, int dim, Distance d) {
    StringPks pks = new StringPks();
    for (int i = 0; i < docs.length / dim; i++) {
      pks.add(String.format("doc%05d", (i * 7919) % 100_000)); // pk order differs from row order
    }
    BlockedVectors b = Vectors.blocked(docs, dim);
    return new LinearIndex(b, pks, PkOrder.ranks(pks, "test"), d);
  }

  /** The reference: every distance in double, sorted by (score, pk). */
  static int[] reference(float[] docs, float[] q, int qi, int dim, Distance d, int k, LinearIndex idx) {
    int n = docs.length / dim;
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      double aa = 0;
      double bb = 0;
      for (int j = 0; j < dim; j++) {
        double a = q[qi * dim + j];
        double b = docs[i * dim + j];
        s += d == Distance.SQUARED_EUCLIDEAN ? (a - b) * (a - b) : a * b;
        aa += a * a;
        bb += b * b;
      }
      score[i] = switch (d) {
        case SQUARED_EUCLIDEAN -> s;
        case INNER_PRODUCT -> -s;
        case COSINE -> -s / Math.sqrt(aa * bb);
      };
    }
    return IntStream.range(0, n).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> score[i]).thenComparingInt(i -> idx.pkOrder()[i]))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest
  @EnumSource(Distance.class)
  void equalsADirectComputationInDouble(Distance d) {
    int dim = 37;
    int n = 3000;
    int nq = 50;
    int k = 10;
    float[] docs = Vectors.random(n, dim, 1);
    float[] qs = Vectors.random(nq, dim, 2);
    LinearIndex idx = index(docs, dim, d);
    Neighbors got = idx.search(FloatVectors.wrap(qs, dim), k, 2);
    for (int q = 0; q < nq; q++) {
      int[] want = reference(docs, qs, q, dim, d, k, idx);
      assertArrayEquals(want, got.ids(q), "query " + q);
      for (int i = 0; i < k; i++) {
        float exact = d.exactScore(qs, q * dim, 1, docs, want[i] * dim, 1, dim);
        assertEquals(exact, got.score(q, i), "score of query " + q + " rank " + i);
      }
    }
  }

  @Test
  void resultsDoNotDependOnThreadsKernelOrQueryBatching() {
    int dim = 16;
    int n = 20_000; // several chunks
    float[] docs = Vectors.random(n, dim, 3);
    // duplicates: many docs at the same distance, so ties decide the cut
    for (int i = 100; i < 200; i++) {
      System.arraycopy(docs, 0, docs, i * dim, dim);
    }
    LinearIndex idx = index(docs, dim, Distance.SQUARED_EUCLIDEAN);
    float[] qs = Vectors.random(300, dim, 4);
    System.arraycopy(docs, 0, qs, 0, dim); // query 0 sits on the 101 copies
    FloatVectors queries = FloatVectors.wrap(qs, dim);
    Neighbors base = idx.search(queries, 50, 1, new ScalarFloatKernel());
    for (int threads : new int[] {1, 2, 3, 8}) {
      Neighbors n1 = idx.search(queries, 50, threads);
      Neighbors few = idx.search(FloatVectors.wrap(Arrays.copyOf(qs, 3 * dim), dim), 50, threads); // doc-split path
      for (int q = 0; q < 300; q++) {
        assertArrayEquals(base.ids(q), n1.ids(q), threads + " threads, query " + q);
        if (q < 3) {
          assertArrayEquals(base.ids(q), few.ids(q), "doc-split, " + threads + " threads, query " + q);
        }
      }
    }
    // the copies tie at score 0 and come out in pk order
    int[] top = base.ids(0);
    for (int i = 0; i < 50; i++) {
      assertEquals(0f, base.score(0, i));
      if (i > 0) {
        assertTrue(idx.pkOrder()[top[i - 1]] < idx.pkOrder()[top[i]]);
      }
    }
  }

  @Test
  void returnsAllDocsWhenThereAreFewerThanK() {
    LinearIndex idx = index(Vectors.random(5, 3, 1), 3, Distance.INNER_PRODUCT);
    Neighbors got = idx.search(FloatVectors.wrap(Vectors.random(2, 3, 2), 3), 200, 2);
    assertEquals(5, got.count(0));
    assertEquals(5, got.count(1));
    for (int i = 1; i < 5; i++) {
      assertTrue(got.score(0, i - 1) >= got.score(0, i), "inner product: larger first");
    }
  }

  @Test
  void savesAndLoadsAtomicallyAndRefusesDamage() throws IOException {
    int dim = 9;
    float[] docs = Vectors.random(777, dim, 5);
    LinearIndex idx = index(docs, dim, Distance.SQUARED_EUCLIDEAN);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path dir = new Path(tmp.resolve("vol/owner/idx").toUri());
    IndexManifest m = IndexStore.save(fs, dir, idx, new IndexManifest(1, "linear", "float", "squared_euclidean", dim, 777,
        "string", "default.doc/pt=1", "now", java.util.Map.of(), java.util.Map.of(), null));
    assertEquals(777, m.docs());
    IndexManifest read = IndexStore.manifest(fs, dir);
    assertEquals(m, read);
    LinearIndex back = (LinearIndex) IndexStore.load(fs, dir, read, Distance.SQUARED_EUCLIDEAN);
    FloatVectors q = FloatVectors.wrap(Vectors.random(20, dim, 6), dim);
    Neighbors a = idx.search(q, 5, 1);
    Neighbors b = back.search(q, 5, 1);
    for (int i = 0; i < 20; i++) {
      assertArrayEquals(a.ids(i), b.ids(i));
      assertEquals(idx.pks().text(a.id(i, 0)), back.pks().text(b.id(i, 0)));
    }
    try (var files = Files.list(tmp.resolve("vol/owner"))) {
      assertEquals(1, files.count(), "only the index folder, no staging left");
    }
    // flip one byte: the checksum catches it
    java.nio.file.Path vec = tmp.resolve("vol/owner/idx/vectors.f32");
    byte[] bytes = Files.readAllBytes(vec);
    bytes[100] ^= 1;
    Files.write(vec, bytes);
    Files.deleteIfExists(tmp.resolve("vol/owner/idx/.vectors.f32.crc"));
    ProximaException e = assertThrows(ProximaException.class, () -> IndexStore.load(fs, dir, read, Distance.SQUARED_EUCLIDEAN));
    assertTrue(e.getMessage().endsWith("vectors.f32 fails its checksum"), e.getMessage());
  }

  static LinearIndex int8Index(float[] docs, int dim, Distance d) {
    LinearIndex f = index(docs, dim, d);
    Int8BlockedVectors b = new Int8BlockedVectors(dim);
    for (int i = 0; i < docs.length / dim; i++) {
      b.appendRow(docs, i * dim);
    }
    return new LinearIndex(b, f.pks(), f.pkOrder(), d);
  }

  /** Int8 docs kept as bytes give what the same values as floats give: ids, scores and ranks, bit for bit. */
  @ParameterizedTest
  @EnumSource(Distance.class)
  void int8DocsGiveTheFloatIndexsResults(Distance d) {
    int dim = 40;
    int n = 15_000; // several chunks of either kind
    float[] docs = Vectors.int8s(n, dim, 11);
    for (int i = 100; i < 140; i++) { // ties decide the cut
      System.arraycopy(docs, 0, docs, i * dim, dim);
    }
    float[] qs = Vectors.int8s(70, dim, 12);
    System.arraycopy(docs, 0, qs, 0, dim);
    LinearIndex floats = index(docs, dim, d);
    LinearIndex bytes = int8Index(docs, dim, d);
    assertEquals(null, bytes.docs());
    for (int nq : new int[] {70, 3}) { // query batches per thread, and the doc-split path
      FloatVectors queries = FloatVectors.wrap(Arrays.copyOf(qs, nq * dim), dim);
      for (int threads : new int[] {1, 3}) {
        Neighbors want = floats.search(queries, 25, threads);
        Neighbors got = bytes.search(queries, 25, threads);
        Neighbors scalar = bytes.search(queries, 25, threads, new ScalarFloatKernel());
        Neighbors wantRanks = floats.nearest(queries, 25, threads);
        Neighbors gotRanks = bytes.nearest(queries, 25, threads);
        for (int q = 0; q < nq; q++) {
          String where = d + ", " + nq + " queries, " + threads + " threads, query " + q;
          for (Neighbors[] pair : new Neighbors[][] {{want, got}, {want, scalar}, {wantRanks, gotRanks}}) {
            assertArrayEquals(pair[0].ids(q), pair[1].ids(q), where);
            for (int i = 0; i < 25; i++) {
              assertEquals(Float.floatToRawIntBits(pair[0].score(q, i)), Float.floatToRawIntBits(pair[1].score(q, i)), where);
            }
          }
        }
      }
    }
  }

  @Test
  void int8IndexSavesAsBytesAndInt8SavedAsFloatsStillLoads() throws IOException {
    int dim = 24;
    int n = 3000;
    float[] docs = Vectors.int8s(n, dim, 13);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    IndexManifest description = new IndexManifest(IndexManifest.FORMAT, "linear", "int8", "squared_euclidean", dim, n,
        "string", "default.doc/pt=1", "now", java.util.Map.of(), java.util.Map.of(), null);
    Path bytesDir = new Path(tmp.resolve("vol/owner/i8").toUri());
    Path floatsDir = new Path(tmp.resolve("vol/owner/f32").toUri());
    IndexManifest mb = IndexStore.save(fs, bytesDir, int8Index(docs, dim, Distance.SQUARED_EUCLIDEAN), description);
    // what earlier versions wrote for int8 docs: floats, layout version 1
    IndexManifest mf = IndexStore.save(fs, floatsDir, index(docs, dim, Distance.SQUARED_EUCLIDEAN), description);
    assertEquals(2, mb.format());
    assertEquals(1, mf.format());
    assertEquals(java.util.Set.of("pks.bin", "vectors.i8"), mb.files().keySet());
    assertEquals(java.util.Set.of("pks.bin", "vectors.f32"), mf.files().keySet());
    long rows = (long) (n + 15) / 16 * 16 * dim;
    assertEquals(rows, mb.files().get("vectors.i8").bytes());
    assertEquals(4 * rows, mf.files().get("vectors.f32").bytes());
    LinearIndex fromBytes = (LinearIndex) IndexStore.load(fs, bytesDir, IndexStore.manifest(fs, bytesDir), Distance.SQUARED_EUCLIDEAN);
    LinearIndex fromFloats = (LinearIndex) IndexStore.load(fs, floatsDir, IndexStore.manifest(fs, floatsDir), Distance.SQUARED_EUCLIDEAN);
    assertTrue(fromBytes.int8Docs() != null && fromBytes.docs() == null, "int8 docs load as bytes");
    assertTrue(fromFloats.docs() != null && fromFloats.int8Docs() == null, "layout 1 loads as floats");
    FloatVectors q = FloatVectors.wrap(Vectors.int8s(20, dim, 14), dim);
    Neighbors a = fromBytes.search(q, 10, 1);
    Neighbors b = fromFloats.search(q, 10, 1);
    for (int i = 0; i < 20; i++) {
      assertArrayEquals(b.ids(i), a.ids(i));
      for (int j = 0; j < 10; j++) {
        assertEquals(b.score(i, j), a.score(i, j));
      }
    }
  }

  @Test
  void duplicatePksAreNamed() {
    StringPks pks = new StringPks();
    for (String s : new String[] {"a", "b", "c", "b"}) {
      pks.add(s);
    }
    assertEquals("doc table t: pk 'b' appears twice (rows 2 and 4); pks must be unique",
        assertThrows(ProximaException.class, () -> PkOrder.ranks(pks, "doc table t")).getMessage());
  }
}
