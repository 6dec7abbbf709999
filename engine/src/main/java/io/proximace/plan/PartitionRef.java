package io.proximace.plan;

import io.proximace.fs.Fingerprint;
import io.proximace.table.TableName;

/**
 * An input partition as the plan resolved it: the table, its partition column and value, and the data files it held
 * then (names, sizes, modification times), so that what a stage read can be told apart from what is there later.
 *
 * @param files the data files when the run was planned; null for a doc partition a seek-only run does not read
 *     and that no longer exists
 * @param rows rows, estimated from the partition's size and a sample of its first rows (exact when small)
 */
public record PartitionRef(TableName table, String column, String value, Fingerprint files, long rows) {
  /** Total size of the data files in bytes. */
  public long bytes() {
    return files == null ? 0 : files.files().stream().mapToLong(Fingerprint.File::bytes).sum();
  }

  /** {@code project.table/pt=value}, with the table's own partition column. */
  @Override
  public String toString() {
    return table + "/" + column + "=" + value;
  }
}
