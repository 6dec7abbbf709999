package io.proximace.vector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Float vectors laid out for the batch kernels: docs are grouped in blocks of {@link #BLOCK}, and a
 * block stores component 0 of its 16 docs, then component 1, and so on, so that one 512-bit load
 * reads the same component of 16 docs. Blocks are grouped in chunks of about 512 KB, small enough to
 * stay in a core's L2 cache while every query streams past them, and growing without copying.
 *
 * <p>Lanes of the last block past {@link #size()} hold zeros.
 */
public final class BlockedVectors {
  /** Docs per block; fixed, so index files do not depend on the machine's vector width. */
  public static final int BLOCK = 16;
  private static final int CHUNK_FLOATS = 128 * 1024;

  private final int dim;
  private final int chunkDocs;
  private float[][] chunks = new float[0][];
  private int size;

  /** An empty set of {@code dim}-dimensional vectors. */
  public BlockedVectors(int dim) {
    if (dim <= 0) {
      throw new IllegalArgumentException("dimension must be positive: " + dim);
    }
    this.dim = dim;
    this.chunkDocs = Math.max(BLOCK, CHUNK_FLOATS / dim / BLOCK * BLOCK);
  }

  public int dim() {
    return dim;
  }

  public int size() {
    return size;
  }

  /** Docs per chunk, a multiple of {@link #BLOCK}. */
  public int chunkDocs() {
    return chunkDocs;
  }

  public int chunkCount() {
    return (size + chunkDocs - 1) / chunkDocs;
  }

  /** Chunk {@code c}: {@code chunkDocs / BLOCK} blocks of {@code dim * BLOCK} floats. */
  public float[] chunk(int c) {
    return chunks[c];
  }

  /** Adds a zeroed doc and returns its index. */
  public int appendRow() {
    if (size == Integer.MAX_VALUE - 1) {
      throw new IllegalStateException("too many vectors in one set");
    }
    int c = size / chunkDocs;
    if (c == chunks.length) {
      chunks = Arrays.copyOf(chunks, Math.max(4, chunks.length * 2));
    }
    if (chunks[c] == null) {
      chunks[c] = new float[chunkDocs * dim];
    }
    return size++;
  }

  /** Adds a doc copied from {@code src[off, off + dim)} and returns its index. */
  public int appendRow(float[] src, int off) {
    int d = appendRow();
    float[] chunk = chunkOf(d);
    int base = offsetOf(d);
    for (int j = 0; j < dim; j++) {
      chunk[base + j * BLOCK] = src[off + j];
    }
    return d;
  }

  /** The rows of {@code rows} in this layout. */
  public static BlockedVectors of(FloatVectors rows) {
    BlockedVectors b = new BlockedVectors(rows.dim());
    for (int i = 0; i < rows.size(); i++) {
      b.appendRow(rows.data(), i * rows.dim());
    }
    return b;
  }

  /** The array holding doc {@code doc}. */
  public float[] chunkOf(int doc) {
    return chunks[doc / chunkDocs];
  }

  /** Where component 0 of {@code doc} sits in {@link #chunkOf}; component j is {@code BLOCK * j} further. */
  public int offsetOf(int doc) {
    int inChunk = doc % chunkDocs;
    return (inChunk / BLOCK) * dim * BLOCK + inChunk % BLOCK;
  }

  /** Component {@code j} of {@code doc}. */
  public float get(int doc, int j) {
    return chunkOf(doc)[offsetOf(doc) + j * BLOCK];
  }

  /** Copies {@code doc} into {@code dst[off, off + dim)}. */
  public void copyRow(int doc, float[] dst, int off) {
    float[] chunk = chunkOf(doc);
    int base = offsetOf(doc);
    for (int j = 0; j < dim; j++) {
      dst[off + j] = chunk[base + j * BLOCK];
    }
  }

  /** Bytes held, for memory reports. */
  public long bytes() {
    long b = 0;
    for (float[] chunk : chunks) {
      b += chunk == null ? 0 : 4L * chunk.length;
    }
    return b;
  }

  /**
   * Writes the used blocks, in order, as little-endian floats: {@code ceil(size / 16) * dim * 16}
   * floats, whatever the chunk size.
   */
  public void write(DataOutputStream out) throws IOException {
    byte[] bytes = new byte[1 << 16];
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int blockFloats = dim * BLOCK;
    long blocks = (size + BLOCK - 1) / BLOCK;
    for (long b = 0; b < blocks; b++) {
      long firstDoc = b * BLOCK;
      float[] chunk = chunks[(int) (firstDoc / chunkDocs)];
      int off = (int) ((firstDoc % chunkDocs) / BLOCK) * blockFloats;
      for (int done = 0; done < blockFloats; ) {
        int n = Math.min(blockFloats - done, bytes.length / 4);
        bb.clear();
        bb.asFloatBuffer().put(chunk, off + done, n);
        out.write(bytes, 0, n * 4);
        done += n;
      }
    }
  }

  /** Reads {@code size} vectors written by {@link #write}. */
  public static BlockedVectors read(DataInputStream in, int dim, int size) throws IOException {
    BlockedVectors v = new BlockedVectors(dim);
    byte[] bytes = new byte[1 << 16];
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int blockFloats = dim * BLOCK;
    for (int doc = 0; doc < size; doc += BLOCK) {
      for (int i = doc; i < Math.min(size, doc + BLOCK); i++) {
        v.appendRow();
      }
      float[] chunk = v.chunkOf(doc);
      int off = ((doc % v.chunkDocs) / BLOCK) * blockFloats;
      for (int done = 0; done < blockFloats; ) {
        int n = Math.min(blockFloats - done, bytes.length / 4);
        in.readFully(bytes, 0, n * 4);
        bb.clear();
        bb.asFloatBuffer().get(chunk, off + done, n);
        done += n;
      }
    }
    return v;
  }
}
