package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class PksTest {
  @Test
  void stringKeysSortByCodePointAndRoundTrip() throws Exception {
    StringPks pks = new StringPks();
    for (String s : new String[] {"b", "a,b", "10.nid", "1.nid", "é", "2.nid", ""}) {
      pks.add(s);
    }
    int[] order = pks.sortedPositions();
    assertArrayEquals(new int[] {6, 3, 2, 5, 1, 0, 4}, order);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    pks.write(new DataOutputStream(bytes));
    Pks back = Pks.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(pks.size(), back.size());
    for (int i = 0; i < pks.size(); i++) {
      assertEquals(pks.text(i), back.text(i));
    }
  }

  @Test
  void longKeysSortNumerically() throws Exception {
    LongPks pks = new LongPks();
    for (long v : new long[] {10, -3, 2, Long.MAX_VALUE, 0}) {
      pks.add(v);
    }
    assertArrayEquals(new int[] {1, 4, 2, 0, 3}, pks.sortedPositions());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    pks.write(new DataOutputStream(bytes));
    Pks back = Pks.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals("9223372036854775807", back.text(3));
  }

  @Test
  void copiesComparesAndWritesKeysOfEitherType() throws Exception {
    StringPks s = new StringPks();
    s.addParsed("b,1".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 3, 99);
    s.add("é");
    StringPks t = new StringPks();
    t.add(s, 1);
    t.add(s, 0);
    assertEquals("é", t.text(0));
    assertEquals(0, s.compare(1, t, 0));
    assertTrue(s.compare(0, t, 0) < 0); // 'b' before 0xC3
    LongPks l = new LongPks();
    l.addParsed(new byte[] {'x'}, 0, 1, -5);
    LongPks m = new LongPks();
    m.add(l, 0);
    m.add(7);
    assertEquals("-5", m.text(0));
    assertTrue(l.compare(0, m, 1) < 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (io.proximace.table.CsvWriter csv = new io.proximace.table.CsvWriter(out)) {
      s.writeField(csv, 0);
      m.writeField(csv, 0);
      csv.endRow();
    }
    assertEquals("\"b,1\",-5", out.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    t.clear();
    assertEquals(0, t.size());
    t.add("a");
    assertEquals("a", t.text(0));
  }
}
