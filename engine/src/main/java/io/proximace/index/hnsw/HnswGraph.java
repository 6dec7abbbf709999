package io.proximace.index.hnsw;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * An HNSW graph in flat arrays: layer 0 holds every node, {@code degree0} neighbour slots each; each
 * upper layer holds a few nodes, found through a hash map. Built by {@link GraphBuilder}; searching touches
 * only int arrays; saved and loaded in our own format.
 */
public final class HnswGraph {
  private static final int MAGIC = 0x48_4E_53_57; // "HNSW"

  /** One upper layer. */
  record Layer(int degree, Int2IntOpenHashMap slot, int[] counts, int[] adjacency) {
    int count(int node) {
      return counts[slot.get(node)];
    }
  }

  final int size;
  final int entry;
  final int degree0;
  final int[] counts0;
  final int[] adjacency0;
  final Layer[] upper; // upper[l - 1] is layer l

  HnswGraph(int size, int entry, int degree0, int[] counts0, int[] adjacency0, Layer[] upper) {
    this.size = size;
    this.entry = entry;
    this.degree0 = degree0;
    this.counts0 = counts0;
    this.adjacency0 = adjacency0;
    this.upper = upper;
  }

  public int size() {
    return size;
  }

  /** Number of layers above layer 0. */
  public int upperLayers() {
    return upper.length;
  }

  /** Writes the graph. */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(size);
    out.writeInt(entry);
    out.writeInt(degree0);
    writeInts(out, counts0);
    writeInts(out, adjacency0);
    out.writeInt(upper.length);
    for (Layer l : upper) {
      out.writeInt(l.degree());
      int n = l.counts().length;
      out.writeInt(n);
      int[] nodes = new int[n];
      l.slot().int2IntEntrySet().forEach(e -> nodes[e.getIntValue()] = e.getIntKey());
      writeInts(out, nodes);
      writeInts(out, l.counts());
      writeInts(out, l.adjacency());
    }
  }

  /** Reads a graph written by {@link #write}. */
  public static HnswGraph read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not an HNSW graph file");
    }
    int size = in.readInt();
    int entry = in.readInt();
    int degree0 = in.readInt();
    int[] counts0 = readInts(in, size);
    int[] adjacency0 = readInts(in, size * degree0);
    Layer[] upper = new Layer[in.readInt()];
    for (int l = 0; l < upper.length; l++) {
      int degree = in.readInt();
      int n = in.readInt();
      int[] nodes = readInts(in, n);
      Int2IntOpenHashMap slot = new Int2IntOpenHashMap(n);
      for (int s = 0; s < n; s++) {
        slot.put(nodes[s], s);
      }
      upper[l] = new Layer(degree, slot, readInts(in, n), readInts(in, n * degree));
    }
    return new HnswGraph(size, entry, degree0, counts0, adjacency0, upper);
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    byte[] buf = new byte[Math.min(values.length, 1 << 14) * 4];
    java.nio.IntBuffer view = java.nio.ByteBuffer.wrap(buf).asIntBuffer();
    for (int i = 0; i < values.length; ) {
      int n = Math.min(values.length - i, buf.length / 4);
      view.clear();
      view.put(values, i, n);
      out.write(buf, 0, n * 4);
      i += n;
    }
  }

  private static int[] readInts(DataInputStream in, int count) throws IOException {
    int[] values = new int[count];
    byte[] buf = new byte[Math.min(Math.max(count, 1), 1 << 14) * 4];
    java.nio.IntBuffer view = java.nio.ByteBuffer.wrap(buf).asIntBuffer();
    for (int i = 0; i < count; ) {
      int n = Math.min(count - i, buf.length / 4);
      in.readFully(buf, 0, n * 4);
      view.clear();
      view.get(values, i, n);
      i += n;
    }
    return values;
  }
}
