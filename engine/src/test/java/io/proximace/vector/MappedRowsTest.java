package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MappedRowsTest {
  private static byte[] littleEndian(float[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (float v : values) {
      out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v)));
    }
    return bytes.toByteArray();
  }

  @Test
  void everyRowReadsBackBitForBitAndNoFileIsLeft() throws IOException {
    Random r = new Random(7);
    int dim = 37;
    int n = 3000; // more than one 64 KiB copy buffer
    float[] rows = new float[dim * n];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Float.intBitsToFloat(r.nextInt()); // any bit pattern, NaNs included
    }
    rows[5] = -0.0f;
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = countRowFiles(tmp);
    MappedRows m = MappedRows.copyOf(new ByteArrayInputStream(littleEndian(rows)), dim, n);
    assertEquals(before, countRowFiles(tmp), "the mapped file is unlinked once mapped");
    assertEquals(n, m.size());
    float[] row = new float[dim];
    for (int i = 0; i < n; i++) {
      m.copy(i, row);
      for (int j = 0; j < dim; j++) {
        assertEquals(Float.floatToRawIntBits(rows[i * dim + j]), Float.floatToRawIntBits(row[j]), "row " + i + " component " + j);
      }
    }
  }

  @Test
  void aShortStreamIsRefusedAndLeavesNoFile() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = countRowFiles(tmp);
    byte[] bytes = littleEndian(new float[10]);
    assertThrows(EOFException.class, () -> MappedRows.copyOf(new ByteArrayInputStream(bytes), 4, 3));
    assertEquals(before, countRowFiles(tmp));
  }

  @Test
  void closedRowsAreUnmappedAndRefuseReads() throws IOException {
    MappedRows m = MappedRows.copyOf(new ByteArrayInputStream(littleEndian(new float[] {1f, 2f, 3f, 4f})), 2, 2);
    float[] row = new float[2];
    m.copy(1, row);
    assertEquals(3f, row[0]);
    m.close();
    m.close(); // twice is fine
    assertThrows(IllegalStateException.class, () -> m.copy(0, row));
  }

  @Test
  void noRows() throws IOException {
    MappedRows m = MappedRows.copyOf(new ByteArrayInputStream(new byte[0]), 8, 0);
    assertEquals(0, m.size());
    assertEquals(8, m.dim());
  }

  private static long countRowFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("proxima-rows-")).count();
    }
  }
}
