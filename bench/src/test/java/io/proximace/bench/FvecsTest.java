package io.proximace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proximace.ProximaException;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FvecsTest {
  @TempDir
  Path tmp;

  @Test
  void writesAndReadsRowsBlocksAndIds() throws Exception {
    FloatVectors v = Generator.generate(Generator.Kind.gmm, 100, 7, 1, 5, 42, 0.5);
    Path f = tmp.resolve("v.fvecs");
    Fvecs.writeFloats(f, v);
    assertEquals(100L * (4 + 4 * 7), Files.size(f));
    FloatVectors back = Fvecs.readRows(f, Integer.MAX_VALUE);
    assertArrayEquals(v.data(), back.data());
    BlockedVectors blocked = Fvecs.readBlocked(f, 30);
    assertEquals(30, blocked.size());
    assertEquals(v.data()[29 * 7 + 6], blocked.get(29, 6));
    Path g = tmp.resolve("g.ivecs");
    Fvecs.writeInts(g, new int[][] {{3, 1, 2}, {0, 5, 4}});
    assertArrayEquals(new int[] {0, 5}, Fvecs.readIds(g, 10, 2)[1]);
  }

  @Test
  void namesTheFileAndRecordOfBadInput() throws Exception {
    Path f = tmp.resolve("bad.fvecs");
    ByteBuffer b = ByteBuffer.allocate(4 + 12 + 4 + 12 + 5).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(3).putFloat(1).putFloat(2).putFloat(3).putInt(3).putFloat(1).putFloat(2).putFloat(3).put(new byte[5]);
    Files.write(f, b.array());
    assertEquals(f + ": 37 bytes is not a whole number of records of dimension 3 (16 bytes each): 2 records and 5 bytes left over",
        assertThrows(ProximaException.class, () -> Fvecs.readRows(f, Integer.MAX_VALUE)).getMessage());
    ByteBuffer c = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    c.putInt(3).putFloat(1).putFloat(2).putFloat(3).putInt(2).putFloat(1).putFloat(2).putFloat(3);
    Files.write(f, c.array());
    assertEquals(f + ": record 1 has dimension 2, record 0 has 3",
        assertThrows(ProximaException.class, () -> Fvecs.readRows(f, Integer.MAX_VALUE)).getMessage());
    assertEquals("no such file: " + tmp.resolve("none.fvecs"),
        assertThrows(ProximaException.class, () -> Fvecs.readRows(tmp.resolve("none.fvecs"), 1)).getMessage());
    assertEquals("--threads must be between 1 and 1024, not 0", assertThrows(ProximaException.class, () -> BenchMain.threads(0)).getMessage());
    assertEquals("--threads must be between 1 and 1024, not 1025",
        assertThrows(ProximaException.class, () -> BenchMain.threads(1025)).getMessage());
  }
}
