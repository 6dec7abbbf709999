package io.proximace.table;

import io.proximace.fs.StagedDirectory;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * Writes a partition's rows as CSV under a staging folder; {@link #commit()} puts them in place of the
 * partition in one rename. Closing without committing leaves the old partition untouched.
 */
public final class PartitionWriter implements Closeable {
  private final Table table;
  private final String value;
  private final StagedDirectory staged;
  private final CsvWriter csv;
  private boolean closed;

  PartitionWriter(Table table, String value) throws IOException {
    this.table = table;
    this.value = value;
    this.staged = StagedDirectory.create(table.fs(), table.partitionDir(value));
    CsvWriter w;
    try {
      w = new CsvWriter(table.fs().create(new Path(staged.path(), "part-00000.csv"), true));
    } catch (IOException e) {
      staged.close();
      throw e;
    }
    this.csv = w;
  }

  /** The row writer; end each row with {@link CsvWriter#endRow()}. */
  public CsvWriter csv() {
    return csv;
  }

  /** Rows written so far. */
  public long rows() {
    return csv.rows();
  }

  /** Replaces the partition with what was written. */
  public Partition commit() throws IOException {
    closed = true;
    csv.close();
    staged.commit();
    return table.partition(value);
  }

  /** Discards what was written unless committed. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      try {
        csv.close();
      } finally {
        staged.close();
      }
    }
  }
}
