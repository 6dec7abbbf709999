package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
