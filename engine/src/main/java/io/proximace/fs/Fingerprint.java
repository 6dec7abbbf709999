package io.proximace.fs;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a folder of data files (a table partition) held at a moment: each file's name, size and
 * modification time. An index records its doc partition's fingerprint, so that a later seek can tell
 * that the partition was re-imported, appended to or dropped since the build (an import writes new files,
 * so times change even when sizes do not).
 *
 * @param source what the files are, e.g. {@code project.table/pt=value}
 * @param files the data files, by name
 */
public record Fingerprint(String source, List<File> files) {
  /** One data file. */
  public record File(String name, long bytes, long modified) {}

  public Fingerprint {
    files = List.copyOf(files);
  }

  /** {@code 2 files, 1,234 bytes, last modified 2026-11-30T08:00:00Z}. */
  public String describe() {
    long bytes = files.stream().mapToLong(File::bytes).sum();
    long newest = files.stream().mapToLong(File::modified).max().orElse(0);
    return String.format(Locale.ROOT, "%d file%s, %,d bytes%s", files.size(), files.size() == 1 ? "" : "s", bytes,
        files.isEmpty() ? "" : ", last modified " + Instant.ofEpochMilli(newest));
  }
}
