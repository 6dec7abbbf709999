package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockedVectorsTest {
  @Test
  void storesRowsTransposedAcrossChunksAndRoundTrips() throws Exception {
    int dim = 33;
    int n = 5000; // several chunks, a partial last block
    BlockedVectors v = new BlockedVectors(dim);
    Random r = new Random(3);
    float[][] rows = new float[n][dim];
    for (int i = 0; i < n; i++) {
      int row = v.appendRow();
      assertEquals(i, row);
      for (int j = 0; j < dim; j++) {
        rows[i][j] = r.nextFloat();
        v.chunkOf(row)[v.offsetOf(row) + j * BlockedVectors.BLOCK] = rows[i][j];
      }
    }
    assertEquals((n + v.chunkDocs() - 1) / v.chunkDocs(), v.chunkCount());
    float[] got = new float[dim];
    for (int i = 0; i < n; i += 7) {
      v.copyRow(i, got, 0);
      for (int j = 0; j < dim; j++) {
        assertEquals(rows[i][j], got[j]);
        assertEquals(rows[i][j], v.get(i, j));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    v.write(new DataOutputStream(bytes));
    assertEquals(4L * ((n + 15) / 16) * 16 * dim, bytes.size());
    BlockedVectors back = BlockedVectors.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), dim, n);
    assertEquals(n, back.size());
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dim; j++) {
        assertEquals(rows[i][j], back.get(i, j));
      }
    }
  }
}
