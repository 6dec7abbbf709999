package io.proximace.table;

import io.proximace.fs.DiskFull;
import io.proximace.fs.StagedDirectory;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * Writes a partition's rows as CSV under a staging folder; {@link #commit()} puts them in place of the
 * partition in one rename (overwrite), or moves the one new part file into the partition (append).
 * Closing without committing leaves the old partition untouched.
 */
public final class PartitionWriter implements Closeable {
  private final Table table;
  private final String value;
  private final StagedDirectory staged;
  private final CsvWriter csv;
  private final String file;
  private final boolean append;
  private boolean closed;

  PartitionWriter(Table table, String value, boolean append) throws IOException {
    this.table = table;
    this.value = value;
    this.append = append;
    this.file = append ? "part-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".csv" : "part-00000.csv";
    this.staged = StagedDirectory.create(table.fs(), table.partitionDir(value));
    CsvWriter w;
    try {
      Path part = new Path(staged.path(), file);
      w = new CsvWriter(DiskFull.watch(table.fs().create(part, true), table.partitionDir(value)));
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

  /** Replaces the partition with what was written, or adds it to the partition. */
  public Partition commit() throws IOException {
    closed = true;
    csv.close();
    if (!append) {
      staged.commit();
      return table.partition(value);
    }
    Path dir = table.partitionDir(value);
    table.fs().mkdirs(dir);
    if (!table.fs().rename(new Path(staged.path(), file), new Path(dir, file))) {
      staged.close();
      throw new IOException("cannot move " + file + " into " + dir);
    }
    staged.close();
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
