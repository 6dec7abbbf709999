package io.proximace.format;

import io.proximace.ProximaException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats {@code table import}, {@code load} and {@code unload} know, named by extension. */
public enum FileFormat {
  /** numpy's {@code .npy}: a 2-d float32 or int8 array in C order. */
  NPY(".npy", false),
  /** Records of a little-endian int32 dimension and that many float32s. */
  FVECS(".fvecs", false),
  /** Records of a little-endian int32 dimension and that many unsigned bytes. */
  BVECS(".bvecs", false),
  /** Records of a little-endian int32 dimension and that many int32s. */
  IVECS(".ivecs", false),
  /** One JSON object a line: {@code {"pk": .., "vector": [..], other columns by name}}. */
  JSONL(".jsonl", true),
  /** RFC 4180 rows in the table's column order (or named by a header line), as before. */
  CSV(".csv", true),
  /** Apache Parquet (pandas, pyarrow, Spark): columns matched to the table's by name, the vector a LIST or {@code ~}-joined STRING. */
  PARQUET(".parquet", true);

  private final String extension;
  private final boolean hasPks;

  FileFormat(String extension, boolean hasPks) {
    this.extension = extension;
    this.hasPks = hasPks;
  }

  /** The option's spelling: {@code npy}, {@code fvecs}, ... */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The extension, dot included. */
  public String extension() {
    return extension;
  }

  /** Whether rows carry their own pks (JSON lines, CSV, Parquet) rather than needing row numbers or a pk file. */
  public boolean hasPks() {
    return hasPks;
  }

  /** Parses {@code --format}, case-insensitively. */
  public static FileFormat parse(String text) {
    for (FileFormat f : values()) {
      if (f.optionName().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    throw new ProximaException("unknown --format '" + text + "': expected one of "
        + Arrays.stream(values()).map(FileFormat::optionName).collect(Collectors.joining(", ")));
  }

  /**
   * The format a file name's extension names, after a compression extension ({@code x.fvecs.gz}); CSV when
   * the extension is none of ours, as {@code load} has always read every file as CSV. {@code .json} and
   * {@code .ndjson} are JSON lines too.
   */
  public static FileFormat of(String fileName) {
    String n = Compression.stripExtension(fileName).toLowerCase(Locale.ROOT);
    if (n.endsWith(".json") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    for (FileFormat f : values()) {
      if (n.endsWith(f.extension)) {
        return f;
      }
    }
    return CSV;
  }
}
