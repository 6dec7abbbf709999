package io.proximace.topk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.vector.LongPks;
import io.proximace.vector.PkType;
import io.proximace.vector.Pks;
import io.proximace.vector.StringPks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {
  @Test
  void ranksFirstThenPkPosition() {
    int[] tieOrder = {2, 0, 1};
    assertTrue(Ranking.before(1f, 0, 2f, 1, tieOrder));
    assertFalse(Ranking.before(2f, 1, 1f, 0, tieOrder));
    // equal ranks: by position in pk order, not by doc id
    assertTrue(Ranking.before(1f, 1, 1f, 0, tieOrder));
    assertFalse(Ranking.before(1f, 0, 1f, 1, tieOrder));
    assertFalse(Ranking.before(1f, 2, 1f, 2, tieOrder));
    // without a tie order the doc id stands for the pk
    assertTrue(Ranking.before(1f, 0, 1f, 1, null));
    assertEquals(-1, Ranking.compare(1f, 1, 1f, 0, tieOrder));
    assertEquals(1, Ranking.compare(1f, 0, 1f, 1, tieOrder));
    assertEquals(0, Ranking.compare(1f, 2, 1f, 2, tieOrder));
    assertEquals(1, Ranking.compare(Float.MAX_VALUE, 0, -Float.MAX_VALUE, 1, null));
  }

  @Test
  void negativeAndPositiveZeroAreEqualRanks() {
    // as TopK has always treated them: the sign of a zero never decides, the pk does
    int[] tieOrder = {1, 0};
    assertTrue(Ranking.before(0f, 1, -0f, 0, tieOrder));
    assertFalse(Ranking.before(-0f, 0, 0f, 1, tieOrder));
    LongPks pks = longs(5, 3);
    assertEquals(1, Ranking.compare(-0f, pks, 0, 0f, pks, 1));
    assertEquals(-1, Ranking.compare(0f, pks, 1, -0f, pks, 0));
    TopK heap = new TopK(1, tieOrder);
    heap.offer(-0f, 0);
    heap.offer(0f, 1);
    int[] ids = new int[1];
    heap.drainSorted(ids, new float[1], 0);
    assertEquals(1, ids[0]);
  }

  @Test
  void stringPksCompareAsUnsignedBytesAcrossColumns() {
    StringPks a = strings("a", "z", "é", "ab", "");
    StringPks b = strings("ab", "a", "\u00ff", "");
    assertTrue(Ranking.compare(1f, a, 0, 1f, b, 0) < 0); // "a" < "ab"
    assertEquals(0, Ranking.compare(1f, a, 0, 1f, b, 1));
    assertTrue(Ranking.compare(1f, a, 2, 1f, a, 1) > 0); // é is 0xC3..: after z, as unsigned bytes
    assertTrue(Ranking.compare(1f, a, 4, 1f, b, 0) < 0); // "" first
    assertEquals(0, Ranking.compare(1f, a, 4, 1f, b, 3));
    assertTrue(Ranking.compare(1f, a, 2, 1f, b, 2) < 0); // é (C3 A9) before ÿ (C3 BF)
    assertTrue(Ranking.compare(0.5f, a, 2, 1f, b, 0) < 0); // rank decides before pk
  }

  @Test
  void bigintPksCompareSigned() {
    LongPks a = longs(-1, Long.MIN_VALUE, 7);
    LongPks b = longs(1, Long.MAX_VALUE, 7);
    assertTrue(Ranking.compare(1f, a, 0, 1f, b, 0) < 0);
    assertTrue(Ranking.compare(1f, a, 1, 1f, a, 0) < 0);
    assertTrue(Ranking.compare(1f, b, 1, 1f, a, 2) > 0);
    assertEquals(0, Ranking.compare(1f, a, 2, 1f, b, 2));
  }

  @Test
  void mergeEdgeCases() {
    int[] list = new int[4];
    int[] index = new int[4];
    assertEquals(0, Ranking.merge(new int[0], (a, i, b, j) -> 0, 4, list, index));
    assertEquals(0, Ranking.merge(new int[] {0, 0}, (a, i, b, j) -> 0, 4, list, index));
    assertEquals(0, Ranking.merge(new int[] {3}, (a, i, b, j) -> 0, 0, list, index));
    // all equal: list order, then position
    assertEquals(4, Ranking.merge(new int[] {2, 0, 3}, (a, i, b, j) -> 0, 4, list, index));
    assertArrayEquals(new int[] {0, 0, 2, 2}, list);
    assertArrayEquals(new int[] {0, 1, 0, 1}, index);
  }

  /** One entry of a generated list: its list, its position there, its rank and its key in the shared column. */
  private record Entry(int list, int index, float rank, int key) {}

  /**
   * The property: merging best-first lists gives exactly what sorting all their entries (stably, in list
   * order) and keeping the first k gives. Ranks come from a handful of values, zeros of both signs among
   * them, and keys from a small pool, so ties on rank and on (rank, pk) are everywhere.
   */
  @Test
  void mergeEqualsSortingEverythingAndTruncating() {
    Random r = new Random(20261130L);
    long entries = 0;
    int[] list = new int[0];
    int[] index = new int[0];
    for (int trial = 0; entries < 3_000_000; trial++) {
      int lists = r.nextInt(10) == 0 ? r.nextInt(60) : r.nextInt(6);
      PkType type = trial % 3 == 0 ? PkType.INT64 : PkType.STRING;
      int keyCount = 1 + r.nextInt(trial % 2 == 0 ? 4 : 200);
      byte[][] texts = new byte[keyCount][];
      long[] values = new long[keyCount];
      Pks keys = randomKeys(type, texts, values, r);
      int[] tieOrder = keys.sortedPositions(); // a permutation standing in for pk positions
      boolean byPosition = r.nextBoolean();
      List<List<Entry>> generated = new ArrayList<>();
      List<Entry> all = new ArrayList<>();
      Comparator<Entry> order = byPosition
          ? (x, y) -> Ranking.compare(x.rank, x.key, y.rank, y.key, tieOrder)
          : (x, y) -> Ranking.compare(x.rank, keys, x.key, y.rank, keys, y.key);
      // the order written out independently: adding 0 turns -0 into 0
      Comparator<Entry> oracle = Comparator.<Entry>comparingDouble(e -> e.rank + 0f).thenComparing(byPosition
          ? Comparator.comparingInt(e -> tieOrder[e.key])
          : type == PkType.STRING ? (x, y) -> Arrays.compareUnsigned(texts[x.key], texts[y.key])
          : Comparator.comparingLong(e -> values[e.key]));
      for (int l = 0; l < lists; l++) {
        int n = r.nextInt(4) == 0 ? 0 : r.nextInt(40);
        List<Entry> entriesOfList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          float rank = switch (r.nextInt(6)) {
            case 0 -> -0f;
            case 1 -> 0f;
            case 2 -> r.nextFloat() * 1e-3f - 5e-4f;
            default -> r.nextInt(4) - 1.5f;
          };
          entriesOfList.add(new Entry(l, 0, rank, r.nextInt(keys.size())));
        }
        entriesOfList.sort(oracle);
        List<Entry> indexed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Entry e = entriesOfList.get(i);
          indexed.add(new Entry(l, i, e.rank, e.key));
        }
        generated.add(indexed);
        all.addAll(indexed);
      }
      entries += all.size();
      int k = r.nextInt(all.size() + 3);
      all.sort(oracle); // stable: equal entries stay in list order
      int[] sizes = generated.stream().mapToInt(List::size).toArray();
      if (list.length < k) {
        list = new int[k];
        index = new int[k];
      }
      int n = Ranking.merge(sizes, (a, i, b, j) -> order.compare(generated.get(a).get(i), generated.get(b).get(j)), k,
          list, index);
      assertEquals(Math.min(k, all.size()), n, "trial " + trial);
      for (int m = 0; m < n; m++) {
        Entry want = all.get(m);
        assertEquals(want.list, list[m], "trial " + trial + ", entry " + m);
        assertEquals(want.index, index[m], "trial " + trial + ", entry " + m);
      }
    }
  }

  /** A column of {@code texts.length} random keys of {@code type}, each also kept in {@code texts} and {@code values}. */
  private static Pks randomKeys(PkType type, byte[][] texts, long[] values, Random r) {
    Pks keys = type.newColumn();
    for (int i = 0; i < texts.length; i++) {
      byte[] text = new byte[r.nextInt(4)];
      for (int b = 0; b < text.length; b++) {
        text[b] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(3) : 0x7e + r.nextInt(4)); // crosses the sign bit
      }
      texts[i] = text;
      values[i] = r.nextBoolean() ? r.nextInt(7) - 3 : r.nextLong();
      keys.addParsed(text, 0, text.length, values[i]);
    }
    return keys;
  }

  static StringPks strings(String... keys) {
    StringPks pks = new StringPks();
    for (String k : keys) {
      pks.add(k);
    }
    return pks;
  }

  static LongPks longs(long... keys) {
    LongPks pks = new LongPks();
    for (long k : keys) {
      pks.add(k);
    }
    return pks;
  }
}
