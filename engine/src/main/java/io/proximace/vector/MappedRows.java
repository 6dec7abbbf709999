package io.proximace.vector;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Float rows (row {@code i} at {@code i * dim}, little-endian) in a memory-mapped local file, for an index
 * that searches compressed codes and reads the floats only to rescore its few final candidates: the
 * operating system pages in the rows a search touches and may drop them again, so the floats need not
 * fit in the heap. The file is unlinked as soon as it is mapped, so once mapped nothing is left behind, even by
 * a killed JVM (while it is being copied, a killed JVM leaves it in the temporary folder); {@link #close} releases
 * the mapping and its disk space, which the index that holds the rows does when it is closed.
 */
public final class MappedRows implements AutoCloseable {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Arena arena;
  private final MemorySegment segment;
  private final int dim;
  private final int size;

  private MappedRows(Arena arena, MemorySegment segment, int dim, int size) {
    this.arena = arena;
    this.segment = segment;
    this.dim = dim;
    this.size = size;
  }

  /**
   * Copies {@code size} rows of {@code dim} little-endian floats from {@code in} into a new temporary file
   * under {@code java.io.tmpdir} and maps it. A short stream is an {@link java.io.EOFException}.
   */
  public static MappedRows copyOf(InputStream in, int dim, int size) throws IOException {
    long bytes = Math.multiplyExact(Math.multiplyExact((long) dim, size), Float.BYTES);
    Path file = Files.createTempFile("proxima-rows-", ".f32");
    try {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        byte[] buf = new byte[1 << 16];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
        for (long left = bytes; left > 0; ) {
          int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
          if (n == 0) {
            throw new java.io.EOFException("rows end after " + (bytes - left) + " of " + bytes + " bytes");
          }
          bb.clear().limit(n);
          while (bb.hasRemaining()) {
            ch.write(bb);
          }
          left -= n;
        }
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        Arena arena = Arena.ofShared();
        MemorySegment segment = bytes == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
        return new MappedRows(arena, segment, dim, size);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Number of rows. */
  public int size() {
    return size;
  }

  /** Components per row. */
  public int dim() {
    return dim;
  }

  /** Copies row {@code row} into {@code dst[0, dim)}. */
  public void copy(int row, float[] dst) {
    MemorySegment.copy(segment, FLOAT, (long) row * dim * Float.BYTES, dst, 0, dim);
  }

  /** Unmaps the rows, freeing their disk space; no read may run at the same time or after. */
  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }
}
