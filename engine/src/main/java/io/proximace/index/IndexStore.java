package io.proximace.index;

import io.proximace.ProximaException;
import io.proximace.fs.StagedDirectory;
import io.proximace.kernel.Distance;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.Pks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Saves indexes to a folder on any Hadoop file system (the volume) and loads them back. A save is
 * staged and renamed into place, with {@code manifest.json} written last, so a folder either holds a
 * whole index or none; a load checks every file's size and CRC-32 against the manifest.
 *
 * <p>Files of a linear index: {@code vectors.f32} (docs in 16-wide blocks, little-endian floats) and
 * {@code pks.bin} (the keys, then each key's position in pk order).
 */
public final class IndexStore {
  static final String MANIFEST = "manifest.json";
  static final String VECTORS = "vectors.f32";
  static final String PKS = "pks.bin";

  private IndexStore() {}

  /** Writes {@code index} to {@code dir}, replacing any index there. Returns the manifest written. */
  public static IndexManifest save(FileSystem fs, Path dir, LinearIndex index, IndexManifest description) throws IOException {
    Map<String, IndexManifest.FileEntry> files = new LinkedHashMap<>();
    try (StagedDirectory staged = StagedDirectory.create(fs, dir)) {
      files.put(VECTORS, write(fs, new Path(staged.path(), VECTORS), out -> index.docs().write(out)));
      files.put(PKS, write(fs, new Path(staged.path(), PKS), out -> {
        index.pks().write(out);
        for (int r : index.pkOrder()) {
          out.writeInt(r);
        }
      }));
      IndexManifest m = new IndexManifest(IndexManifest.FORMAT, description.algo(), description.dataType(),
          description.distance(), index.dim(), index.size(), description.pkType(), description.source(),
          description.created(), files);
      try (OutputStream out = fs.create(new Path(staged.path(), MANIFEST), false)) {
        out.write(m.toJson().getBytes(StandardCharsets.UTF_8));
      }
      staged.commit();
      return m;
    }
  }

  /** Reads the manifest in {@code dir}, or null when there is no index there. */
  public static IndexManifest manifest(FileSystem fs, Path dir) throws IOException {
    Path p = new Path(dir, MANIFEST);
    if (!fs.exists(p)) {
      return null;
    }
    try (InputStream in = fs.open(p)) {
      return IndexManifest.fromJson(in.readAllBytes());
    }
  }

  /** Loads the linear index in {@code dir}, described by {@code m}, checking sizes and checksums. */
  public static LinearIndex load(FileSystem fs, Path dir, IndexManifest m, Distance distance) throws IOException {
    BlockedVectors[] vectors = new BlockedVectors[1];
    read(fs, dir, VECTORS, m, in -> vectors[0] = BlockedVectors.read(in, m.dimension(), m.docs()));
    Pks[] pks = new Pks[1];
    int[] order = new int[m.docs()];
    read(fs, dir, PKS, m, in -> {
      pks[0] = Pks.read(in);
      for (int i = 0; i < order.length; i++) {
        order[i] = in.readInt();
      }
    });
    if (pks[0].size() != m.docs()) {
      throw new ProximaException("index at " + dir + " is damaged: " + pks[0].size() + " pks for " + m.docs() + " docs");
    }
    return new LinearIndex(vectors[0], pks[0], order, distance);
  }

  private interface Body<S> {
    void accept(S stream) throws IOException;
  }

  private static IndexManifest.FileEntry write(FileSystem fs, Path p, Body<DataOutputStream> body) throws IOException {
    CRC32 crc = new CRC32();
    long bytes;
    try (var raw = fs.create(p, false);
         CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
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
