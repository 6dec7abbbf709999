package io.proximace.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a table partition (CSV or Parquet) as CSV or Parquet files into a folder of any file system (a volume, for
 * UNLOAD): the data columns only, no header. CSV starts a new file every {@code splitBytes}; Parquet writes one file
 * (its size is known only once it is closed). Each file is written under a hidden name and renamed into place, so a
 * reader never sees half a file.
 */
public final class TableUnload {
  private TableUnload() {}

  /** What an unload wrote. */
  public record Result(long rows, List<Path> files) {}

  /** Writes {@code p} into {@code dir} on {@code fs} as {@code format} files; CSV fields split by {@code delimiter}. */
  public static Result to(Partition p, FileSystem fs, Path dir, TableFormat format, char delimiter, long splitBytes)
      throws IOException {
    fs.mkdirs(dir);
    String prefix = "unload-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    Schema schema = p.table().schema();
    List<Path> files = new ArrayList<>();
    int columns = schema.columns().size();
    long rows = 0;
    RowWriter out = null;
    Path tmp = null;
    try (PartitionReader in = p.open()) {
      while (in.next()) {
        if (out == null) {
          tmp = new Path(dir, "_" + prefix + String.format("%05d", files.size()) + format.extension() + ".tmp");
          out = format == TableFormat.CSV ? new CsvWriter(fs.create(tmp, false), delimiter)
              : format.writer(fs.create(tmp, false), schema, fs.getConf());
        }
        for (int f = 0; f < columns; f++) {
          int s = in.start(f); // before buffer(): an ARRAY<FLOAT> field's text is made, and the buffer may grow, here
          int e = in.end(f);
          out.field(in.buffer(), s, e);
        }
        out.endRow();
        rows++;
        if (out instanceof CsvWriter csv && csv.bytes() >= splitBytes) {
          files.add(finish(fs, out, tmp));
          out = null;
        }
      }
      if (out != null) {
        files.add(finish(fs, out, tmp));
        out = null;
      }
    } finally {
      if (out != null) {
        out.close();
        fs.delete(tmp, false);
      }
    }
    return new Result(rows, files);
  }

  private static Path finish(FileSystem fs, RowWriter out, Path tmp) throws IOException {
    out.close();
    Path done = new Path(tmp.getParent(), tmp.getName().substring(1).replaceFirst("\\.tmp$", ""));
    if (!fs.rename(tmp, done)) {
      throw new IOException("cannot rename " + tmp + " to " + done);
    }
    return done;
  }
}
