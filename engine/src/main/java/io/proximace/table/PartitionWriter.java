package io.proximace.table;

import io.proximace.fs.DiskFull;
import io.proximace.fs.StagedDirectory;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Writes a partition's rows, as CSV or Parquet as the table's format says, under a staging folder;
 * {@link #commit()} puts them in place of the partition in one rename (overwrite), or moves the one new
 * part file into the partition (append).
 * Closing without committing leaves the old partition untouched.
 */
public final class PartitionWriter implements Closeable {
  private final Table table;
  private final String value;
  private final StagedDirectory staged;
  private final RowWriter out;
  private final String file;
  private final boolean append;
  private boolean closed;

  PartitionWriter(Table table, String value, boolean append) throws IOException {
    this.table = table;
    this.value = value;
    this.append = append;
    TableFormat format = table.schema().format();
    this.file = (append ? "part-" + java.util.UUID.randomUUID().toString().substring(0, 8) : "part-00000") + format.extension();
    this.staged = StagedDirectory.create(table.fs(), table.partitionDir(value));
    RowWriter w;
    try {
      Path part = new Path(staged.path(), file);
      OutputStream stream = DiskFull.watch(table.fs().create(part, true), table.partitionDir(value));
      w = format.writer(stream, table.schema(), table.fs().getConf());
    } catch (IOException | RuntimeException e) {
      staged.close();
      throw e;
    }
    this.out = w;
  }

  /** The row writer; end each row with {@link RowWriter#endRow()}. */
  public RowWriter writer() {
    return out;
  }

  /** Rows written so far. */
  public long rows() {
    return out.rows();
  }

  /** Replaces the partition with what was written, or adds it to the partition. */
  public Partition commit() throws IOException {
    closed = true;
    out.close();
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
        out.close();
      } finally {
        staged.close();
      }
    }
  }
}
