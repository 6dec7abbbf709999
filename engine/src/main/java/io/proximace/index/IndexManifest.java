package io.proximace.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.proximace.fs.Fingerprint;
import java.io.IOException;
import java.util.Map;

/**
 * What an index on the volume holds, written last as {@code manifest.json}: the algorithm and the
 * options it was built with, where its docs came from, and each file's size and CRC-32.
 *
 * @param format the layout version of the files
 * @param algo the {@code -algo_model}
 * @param dataType the {@code -data_type}
 * @param distance the {@code -distance_method}
 * @param dimension vector dimension
 * @param docs number of docs
 * @param pkType {@code string} or {@code int64}
 * @param source {@code project.table/pt=value} of the doc partition
 * @param created ISO-8601 time of the build
 * @param params the builder keys in effect, defaults included
 * @param files name to size and checksum
 * @param fingerprint the doc partition's files when the build read them (null: a shard's or a category's
 *     index, whose set records it; or built by an earlier version)
 */
public record IndexManifest(int format, String algo, String dataType, String distance, int dimension, int docs,
    String pkType, String source, String created, Map<String, Object> params, Map<String, FileEntry> files,
    Fingerprint fingerprint) {
  /**
   * The newest layout version, which this version reads with every earlier one. 2: a linear index of int8
   * docs keeps them as bytes ({@code vectors.i8}), a qc index with lists of codes has {@code codes.i8}; every
   * other index is written as 1, the layout earlier versions read.
   */
  public static final int FORMAT = 2;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A file's size in bytes and CRC-32. */
  public record FileEntry(long bytes, long crc32) {}

  /** Whether this version reads an index of layout version {@code format}. */
  public static boolean readable(int format) {
    return format >= 1 && format <= FORMAT;
  }

  /** This description with the layout version, shape and files of the index actually written. */
  public IndexManifest withShape(int format, int dimension, int docs, Map<String, FileEntry> files) {
    return new IndexManifest(format, algo, dataType, distance, dimension, docs, pkType, source, created, params, files, fingerprint);
  }

  /** The algorithm's build parameters among {@link #params} (which also keep what train learned: converter, scale, norm). */
  public Map<String, Object> builderParams(java.util.List<Params.Key> keys) {
    Map<String, Object> out = new java.util.TreeMap<>();
    if (params != null) {
      keys.forEach(k -> {
        if (params.containsKey(k.name())) {
          out.put(k.name(), params.get(k.name()));
        }
      });
    }
    return out;
  }

  /** JSON text. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses JSON text. */
  public static IndexManifest fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, IndexManifest.class);
  }
}
