package io.proximace.index;

import io.proximace.ProximaException;
import io.proximace.fs.AtomicFile;
import io.proximace.fs.DiskFull;
import io.proximace.fs.PausePoint;
import io.proximace.fs.StagedDirectory;
import io.proximace.index.hnsw.HnswGraph;
import io.proximace.kernel.Distance;
import io.proximace.vector.BinaryVectors;
import io.proximace.vector.BlockedVectors;
import io.proximace.quant.Int8Codes;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.MappedRows;
import io.proximace.vector.Int8BlockedVectors;
import io.proximace.vector.Pks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Saves indexes to a folder on any Hadoop file system (the volume) and loads them back. The files are
 * staged and renamed into place with {@code manifest.json} as the commit's marker ({@link StagedDirectory#commit(String, byte[])}),
 * so a folder without a manifest holds no index; a load checks every file's size and CRC-32 against it.
 *
 * <p>Files: {@code pks.bin} (keys, then each key's position in pk order) for every algorithm; linear:
 * {@code vectors.f32} (docs in 16-wide blocks), or {@code vectors.i8} (int8 docs, one byte per component, in
 * the same blocks; layout version 2, see {@link IndexManifest#FORMAT}); hnsw: {@code rows.f32} (docs row after row) and
 * {@code graph.bin}, and {@code codes.i8} (the docs' 8-bit codes; earlier versions do not read this file, so the
 * layout stays 1); qc: {@code clusters.bin}, and with lists of codes {@code codes.i8} and {@code rows.f32} (layout
 * version 2); binary: {@code bits.bin}. Floats are little-endian.
 */
public final class IndexStore {
  static final String MANIFEST = "manifest.json";
  private static final String INT8_VECTORS = "vectors.i8";

  private IndexStore() {}

  /** Writes an index's files and records them in the manifest. */
  interface Out {
    void file(String name, Body<DataOutputStream> body) throws IOException;
  }

  /** Reads an index's files, checking them against the manifest. */
  interface In {
    void file(String name, Body<DataInputStream> body) throws IOException;
  }

  /** What a file's body does with its stream. */
  interface Body<S> {
    void accept(S stream) throws IOException;
  }

  /** Writes {@code index} to {@code dir}, replacing any index there. Returns the manifest written. */
  public static IndexManifest save(FileSystem fs, Path dir, VectorIndex index, IndexManifest description) throws IOException {
    Map<String, IndexManifest.FileEntry> files = new LinkedHashMap<>();
    IndexManifest m;
    try (StagedDirectory staged = StagedDirectory.create(fs, dir)) {
      Out out = (name, body) -> files.put(name, write(fs, new Path(staged.path(), name), dir, body));
      out.file("pks.bin", o -> {
        index.pks().write(o);
        for (int r : pkOrder(index)) {
          o.writeInt(r);
        }
      });
      switch (index) {
        case LinearIndex l when l.int8Docs() != null -> out.file(INT8_VECTORS, o -> l.int8Docs().write(o));
        case LinearIndex l -> out.file("vectors.f32", o -> l.docs().write(o));
        case HnswIndex h -> {
          out.file("rows.f32", h::writeRows);
          out.file("graph.bin", o -> h.graph().write(o));
          out.file(HnswIndex.CODES, o -> h.codes().write(o)); // an extra file: earlier versions read the folder as before
        }
        case ClusterIndex c -> c.save(out);
        case BinaryIndex b -> out.file("bits.bin", o -> b.docs().write(o));
      }
      boolean newLayout = files.containsKey(INT8_VECTORS) || index instanceof ClusterIndex && files.containsKey(ClusterIndex.CODES);
      m = description.withShape(newLayout ? 2 : 1, index.dim(), index.size(), files);
      PausePoint.here("index.written");
      staged.commit(MANIFEST, m.toJson().getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static int[] pkOrder(VectorIndex index) {
    return switch (index) {
      case LinearIndex l -> l.pkOrder();
      case HnswIndex h -> h.pkOrder();
      case ClusterIndex c -> c.pkOrder();
      case BinaryIndex b -> b.pkOrder();
    };
  }

  /** Reads the manifest in {@code dir}, or null when there is no index there. */
  public static IndexManifest manifest(FileSystem fs, Path dir) throws IOException {
    Path p = new Path(dir, MANIFEST);
    byte[] bytes = AtomicFile.read(fs, p);
    if (bytes == null) {
      return null;
    }
    try {
      return IndexManifest.fromJson(bytes);
    } catch (IOException e) {
      throw new ProximaException("index at " + dir + " is damaged: its " + MANIFEST + " is not readable; build the index again");
    }
  }

  /** Loads the index in {@code dir}, described by {@code m}, checking sizes and checksums. */
  public static VectorIndex load(FileSystem fs, Path dir, IndexManifest m, Distance distance) throws IOException {
    In in = (name, body) -> read(fs, dir, name, m, body);
    Pks[] pks = new Pks[1];
    int[] order = new int[m.docs()];
    in.file("pks.bin", i -> {
      pks[0] = Pks.read(i);
      for (int r = 0; r < order.length; r++) {
        order[r] = i.readInt();
      }
    });
    if (pks[0].size() != m.docs()) {
      throw new ProximaException("index at " + dir + " is damaged: " + pks[0].size() + " pks for " + m.docs() + " docs");
    }
    if (m.dataType().equals("binary")) {
      BinaryVectors[] bits = new BinaryVectors[1];
      in.file("bits.bin", i -> bits[0] = BinaryVectors.read(i, m.dimension(), m.docs()));
      return new BinaryIndex(bits[0], pks[0], order);
    }
    return switch (m.algo()) {
      case LinearIndex.ALGO -> {
        if (m.files().containsKey(INT8_VECTORS)) {
          Int8BlockedVectors[] v = new Int8BlockedVectors[1];
          in.file(INT8_VECTORS, i -> v[0] = Int8BlockedVectors.read(i, m.dimension(), m.docs()));
          yield new LinearIndex(v[0], pks[0], order, distance);
        }
        // int8 docs saved as floats (layout version 1) load as floats, as they were searched
        BlockedVectors[] v = new BlockedVectors[1];
        in.file("vectors.f32", i -> v[0] = BlockedVectors.read(i, m.dimension(), m.docs()));
        yield new LinearIndex(v[0], pks[0], order, distance);
      }
      case HnswIndex.ALGO -> {
        HnswGraph[] g = new HnswGraph[1];
        in.file("graph.bin", i -> g[0] = HnswGraph.read(i));
        if (m.files().containsKey(HnswIndex.CODES)) {
          Int8Codes[] codes = new Int8Codes[1];
          MappedRows[] rows = new MappedRows[1];
          in.file(HnswIndex.CODES, i -> codes[0] = Int8Codes.read(i, distance));
          if (codes[0].dim() != m.dimension() || codes[0].size() != m.docs()) {
            throw new ProximaException("index at " + dir + " is damaged: " + HnswIndex.CODES + " holds " + codes[0].size()
                + " codes of dimension " + codes[0].dim() + " for " + m.docs() + " docs of dimension " + m.dimension());
          }
          in.file("rows.f32", i -> rows[0] = MappedRows.copyOf(i, m.dimension(), m.docs()));
          yield new HnswIndex(g[0], codes[0], rows[0], pks[0], order, distance);
        }
        float[] rows = new float[Math.multiplyExact(m.docs(), m.dimension())];
        in.file("rows.f32", i -> readFloats(i, rows));
        yield new HnswIndex(g[0], FloatVectors.wrap(rows, m.dimension()), pks[0], order, distance);
      }
      case ClusterIndex.ALGO -> {
        yield ClusterIndex.load(in, m.files().containsKey(ClusterIndex.CODES), pks[0], order, distance);
      }
      default -> throw new ProximaException("index at " + dir + " has unknown algorithm " + m.algo());
    };
  }

  /** Writes {@code n} floats, little-endian. */
  public static void writeFloats(DataOutputStream out, float[] a, int n) throws IOException {
    byte[] buf = new byte[Math.clamp(4L * n, 4, 1 << 16)]; // a row at a time stays cheap
    ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; ) {
      int c = Math.min(n - i, buf.length / 4);
      bb.clear();
      bb.asFloatBuffer().put(a, i, c);
      out.write(buf, 0, c * 4);
      i += c;
    }
  }

  /** Fills {@code a} with little-endian floats. */
  public static void readFloats(DataInputStream in, float[] a) throws IOException {
    byte[] buf = new byte[1 << 16];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < a.length; ) {
      int c = Math.min(a.length - i, buf.length / 4);
      in.readFully(buf, 0, c * 4);
      bb.clear();
      bb.asFloatBuffer().get(a, i, c);
      i += c;
    }
  }

  private static IndexManifest.FileEntry write(FileSystem fs, Path p, Path index, Body<DataOutputStream> body) throws IOException {
    CRC32 crc = new CRC32();
    long bytes;
    try (var raw = fs.create(p, false);
         CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(DiskFull.watch(raw, index), 1 << 16), crc);
         DataOutputStream out = new DataOutputStream(checked)) {
      body.accept(out);
      out.flush();
      bytes = raw.getPos();
    }
    return new IndexManifest.FileEntry(bytes, crc.getValue());
  }

  private static void read(FileSystem fs, Path dir, String name, IndexManifest m, Body<DataInputStream> body) throws IOException {
    IndexManifest.FileEntry entry = m.files().get(name);
    Path p = new Path(dir, name);
    if (entry == null || !fs.exists(p)) {
      throw new ProximaException("index at " + dir + " is damaged: file " + name + " is missing");
    }
    long len = fs.getFileStatus(p).getLen();
    if (len != entry.bytes()) {
      throw new ProximaException("index at " + dir + " is damaged: " + name + " has " + len + " bytes, the manifest says " + entry.bytes());
    }
    CRC32 crc = new CRC32();
    try (var raw = fs.open(p);
         DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc))) {
      body.accept(in);
    }
    if (crc.getValue() != entry.crc32()) {
      throw new ProximaException("index at " + dir + " is damaged: " + name + " fails its checksum");
    }
  }
}
