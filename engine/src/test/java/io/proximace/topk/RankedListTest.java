package io.proximace.topk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.proximace.vector.PkType;
import io.proximace.vector.StringPks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankedListTest {
  @Test
  void mergesShardListsAsOneSortedList() {
    // three shards' lists for one query; a tie at rank 1 across shards goes by pk bytes (é after z)
    RankedList a = list(PkType.STRING);
    a.add(0.5f, -0.5f, RankingTest.strings("m"), 0);
    a.add(1f, -1f, RankingTest.strings("é"), 0);
    RankedList b = list(PkType.STRING);
    b.add(1f, -1f, RankingTest.strings("z"), 0);
    b.add(1f, -1f, RankingTest.strings("zz"), 0);
    RankedList c = list(PkType.STRING);
    RankedList merged = list(PkType.STRING);
    merged.merge(List.of(a, b, c), 3);
    assertEquals(List.of("m", "z", "zz"), texts(merged));
    assertEquals(-1f, merged.score(1));
    merged.merge(List.of(a, b, c), 10);
    assertEquals(List.of("m", "z", "zz", "é"), texts(merged));
  }

  @Test
  void mergeEqualsSortingEverythingAndTruncating() throws IOException {
    Random r = new Random(7);
    for (int trial = 0; trial < 3000; trial++) {
      PkType type = trial % 2 == 0 ? PkType.STRING : PkType.INT64;
      List<RankedList> lists = new ArrayList<>();
      List<String> all = new ArrayList<>();
      List<float[]> allRanks = new ArrayList<>();
      int count = r.nextInt(5);
      int doc = 0;
      for (int l = 0; l < count; l++) {
        // docs are in one shard each: distinct pks, shared ranks
        int n = r.nextInt(12);
        List<float[]> entries = new ArrayList<>(); // {rank, pk}
        for (int i = 0; i < n; i++) {
          entries.add(new float[] {r.nextInt(3) - 1f, (doc++) * 7919 % 1000 - 500});
        }
        Comparator<float[]> byRankThenPk = Comparator.<float[]>comparingDouble(e -> e[0] + 0f)
            .thenComparing(type == PkType.INT64 ? Comparator.comparingDouble(e -> e[1]) : Comparator.comparing(e -> key(e[1], type)));
        entries.sort(byRankThenPk);
        RankedList list = list(type);
        for (float[] e : entries) {
          list.add(e[0], -e[0], column(key(e[1], type), type), 0);
        }
        lists.add(roundTrip(list));
        allRanks.addAll(entries);
        allRanks.sort(byRankThenPk);
      }
      for (float[] e : allRanks) {
        all.add(key(e[1], type));
      }
      int k = 1 + r.nextInt(15);
      RankedList merged = list(type);
      merged.merge(lists, k);
      assertEquals(all.subList(0, Math.min(k, all.size())), texts(merged), "trial " + trial);
    }
  }

  @Test
  void readsBackWhatItWrites() throws IOException {
    RankedList l = list(PkType.INT64);
    l.add(-2f, 2f, RankingTest.longs(Long.MIN_VALUE), 0);
    l.add(-1f, 1f, new byte[0], 0, 0, 42);
    RankedList back = roundTrip(l);
    assertEquals(List.of(Long.toString(Long.MIN_VALUE), "42"), texts(back));
    assertEquals(-1f, back.rank(1));
    assertEquals(1f, back.score(1));
    back.clear();
    assertEquals(0, back.size());
    assertEquals(0, back.keys().size());
  }

  private static String key(float v, PkType type) {
    // string pks whose text order differs from the numbers' order
    return type == PkType.INT64 ? Long.toString((long) v) : "k" + (long) v;
  }

  private static io.proximace.vector.Pks column(String key, PkType type) {
    if (type == PkType.INT64) {
      return RankingTest.longs(Long.parseLong(key));
    }
    StringPks s = new StringPks();
    s.add(key);
    return s;
  }

  private static RankedList list(PkType type) {
    return new RankedList(type);
  }

  private static List<String> texts(RankedList l) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(l.keys().text(i));
    }
    return out;
  }

  private static RankedList roundTrip(RankedList l) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    l.write(new DataOutputStream(bytes));
    RankedList back = list(l.type() == PkType.STRING ? PkType.INT64 : PkType.STRING); // the stream decides the type
    back.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    return back;
  }
}
