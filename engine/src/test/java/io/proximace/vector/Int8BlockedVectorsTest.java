package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Int8BlockedVectorsTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 16, 130, 2000})
  void holdsOneBytePerComponentAndRoundTripsThroughItsFile(int dim) throws IOException {
    int n = 2 * new Int8BlockedVectors(dim).chunkDocs() + 5; // three chunks, a partial last block
    Random r = new Random(dim);
    float[] rows = new float[n * dim];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = r.nextInt(256) - 128;
    }
    Int8BlockedVectors v = new Int8BlockedVectors(dim);
    BlockedVectors f = new BlockedVectors(dim);
    for (int i = 0; i < n; i++) {
      assertEquals(i, v.appendRow(rows, i * dim));
      f.appendRow(rows, i * dim);
    }
    assertTrue(v.chunkCount() > 1, "several chunks");
    assertEquals((long) v.chunkCount() * v.chunkDocs() * dim, v.bytes(), "one byte per component of each chunk");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    v.write(new DataOutputStream(out));
    assertEquals((long) (n + 15) / 16 * 16 * dim, out.size(), "whole blocks of one byte per component");
    ByteArrayOutputStream floats = new ByteArrayOutputStream();
    f.write(new DataOutputStream(floats));
    assertEquals(4L * out.size(), floats.size());
    Int8BlockedVectors back = Int8BlockedVectors.read(new DataInputStream(new ByteArrayInputStream(out.toByteArray())), dim, n);
    assertEquals(n, back.size());
    float[] row = new float[dim];
    float[] want = new float[dim];
    for (int i = 0; i < n; i++) {
      back.copyRow(i, row, 0);
      System.arraycopy(rows, i * dim, want, 0, dim);
      assertArrayEquals(want, row, 0f, "row " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(floats = {128f, -129f, 0.5f, Float.NaN})
  void refusesWhatIsNotAnInt8(float x) {
    float[] row = {1, x, -128, 127};
    assertFalse(Int8BlockedVectors.holds(row, 0, 4));
    assertTrue(Int8BlockedVectors.holds(row, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> new Int8BlockedVectors(4).appendRow(row, 0));
  }
}
