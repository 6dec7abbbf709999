package io.proximace.vector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Int8 vectors ({@code -data_type int8}) in the layout of {@link BlockedVectors}, one byte per component:
 * blocks of {@link BlockedVectors#BLOCK} docs storing component 0 of the block's docs, then component 1,
 * so that one 128-bit load reads the same component of 16 docs, which the int8 kernel widens in registers.
 * Chunks hold about 256 KB, so a chunk and a batch of queries share a core's L2.
 *
 * <p>Lanes of the last block past {@link #size()} hold zeros.
 */
public final class Int8BlockedVectors {
  private static final int BLOCK = BlockedVectors.BLOCK;
  private static final int CHUNK_BYTES = 256 * 1024;

  private final int dim;
  private final int chunkDocs;
  private byte[][] chunks = new byte[0][];
  private int size;

  /** An empty set of {@code dim}-dimensional vectors. */
  public Int8BlockedVectors(int dim) {
    if (dim <= 0) {
      throw new IllegalArgumentException("dimension must be positive: " + dim);
    }
    this.dim = dim;
    this.chunkDocs = Math.max(BLOCK, CHUNK_BYTES / dim / BLOCK * BLOCK);
  }

  /** Whether {@code v[off, off + dim)} holds only integers in [-128, 127], so this layout holds it exactly. */
  public static boolean holds(float[] v, int off, int dim) {
    for (int j = 0; j < dim; j++) {
      float x = v[off + j];
      if (x != (byte) x) {
        return false;
      }
    }
    return true;
  }

  /** Components per vector. */
  public int dim() {
    return dim;
  }

  /** Number of vectors. */
  public int size() {
    return size;
  }

  /** Docs per chunk, a multiple of {@link BlockedVectors#BLOCK}. */
  public int chunkDocs() {
    return chunkDocs;
  }

  /** Number of chunks the blocks are kept in. */
  public int chunkCount() {
    return (size + chunkDocs - 1) / chunkDocs;
  }

  /** Chunk {@code c}: {@code chunkDocs / BLOCK} blocks of {@code dim * BLOCK} bytes. */
  public byte[] chunk(int c) {
    return chunks[c];
  }

  /**
   * Adds a doc from {@code src[off, off + dim)}, integers in [-128, 127] (see {@link #holds}), and returns its index.
   *
   * @throws IllegalArgumentException when a component is not such an integer
   */
  public int appendRow(float[] src, int off) {
    if (!holds(src, off, dim)) {
      throw new IllegalArgumentException("not an int8 vector: " + Arrays.toString(Arrays.copyOfRange(src, off, off + dim)));
    }
    if (size == Integer.MAX_VALUE - 1) {
      throw new IllegalStateException("too many vectors in one set");
    }
    int c = size / chunkDocs;
    if (c == chunks.length) {
      chunks = Arrays.copyOf(chunks, Math.max(4, chunks.length * 2));
    }
    if (chunks[c] == null) {
      chunks[c] = new byte[chunkDocs * dim];
    }
    int d = size++;
    byte[] chunk = chunks[c];
    int base = offsetOf(d);
    for (int j = 0; j < dim; j++) {
      chunk[base + j * BLOCK] = (byte) src[off + j];
    }
    return d;
  }

  /** The rows of {@code rows} in this layout, or null when a component is not an integer in [-128, 127]. */
  public static Int8BlockedVectors of(FloatVectors rows) {
    Int8BlockedVectors b = new Int8BlockedVectors(rows.dim());
    for (int i = 0; i < rows.size(); i++) {
      if (!holds(rows.data(), i * rows.dim(), rows.dim())) {
        return null;
      }
      b.appendRow(rows.data(), i * rows.dim());
    }
    return b;
  }

  /** The array holding doc {@code doc}. */
  public byte[] chunkOf(int doc) {
    return chunks[doc / chunkDocs];
  }

  /** Where component 0 of {@code doc} sits in {@link #chunkOf}; component j is {@code BLOCK * j} further. */
  public int offsetOf(int doc) {
    int inChunk = doc % chunkDocs;
    return (inChunk / BLOCK) * dim * BLOCK + inChunk % BLOCK;
  }

  /** Copies {@code doc} into {@code dst[off, off + dim)} as floats. */
  public void copyRow(int doc, float[] dst, int off) {
    byte[] chunk = chunkOf(doc);
    int base = offsetOf(doc);
    for (int j = 0; j < dim; j++) {
      dst[off + j] = chunk[base + j * BLOCK];
    }
  }

  /** Bytes held, for memory reports. */
  public long bytes() {
    long b = 0;
    for (byte[] chunk : chunks) {
      b += chunk == null ? 0 : chunk.length;
    }
    return b;
  }

  /** Writes the used blocks, in order: {@code ceil(size / 16) * dim * 16} bytes, whatever the chunk size. */
  public void write(DataOutputStream out) throws IOException {
    int blockBytes = dim * BLOCK;
    long blocks = (size + BLOCK - 1) / BLOCK;
    for (long b = 0; b < blocks; b++) {
      long firstDoc = b * BLOCK;
      out.write(chunks[(int) (firstDoc / chunkDocs)], (int) ((firstDoc % chunkDocs) / BLOCK) * blockBytes, blockBytes);
    }
  }

  /** Reads {@code size} vectors written by {@link #write}. */
  public static Int8BlockedVectors read(DataInputStream in, int dim, int size) throws IOException {
    Int8BlockedVectors v = new Int8BlockedVectors(dim);
    int blockBytes = dim * BLOCK;
    int c = 0;
    for (int doc = 0; doc < size; doc += BLOCK) {
      c = doc / v.chunkDocs;
      if (c == v.chunks.length) {
        v.chunks = Arrays.copyOf(v.chunks, Math.max(4, v.chunks.length * 2));
      }
      if (v.chunks[c] == null) {
        v.chunks[c] = new byte[v.chunkDocs * dim];
      }
      in.readFully(v.chunks[c], ((doc % v.chunkDocs) / BLOCK) * blockBytes, blockBytes);
      v.size = Math.min(size, doc + BLOCK);
    }
    return v;
  }
}
