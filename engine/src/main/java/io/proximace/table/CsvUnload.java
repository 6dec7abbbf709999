package io.proximace.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a table partition (CSV or Parquet) as CSV files into a folder of any file system (a volume, for UNLOAD): the
 * data columns only, no header, a new file every {@code splitBytes}. Each file is written under a
 * hidden name and renamed into place, so a reader never sees half a file.
 */
public final class CsvUnload {
  private CsvUnload() {}

  /** What an unload wrote. */
  public record Result(long rows, List<Path> files) {}

  /** Writes {@code p} into {@code dir} on {@code fs}, fields split by {@code delimiter}. */
  public static Result to(Partition p, FileSystem fs, Path dir, char delimiter, long splitBytes) throws IOException {
    fs.mkdirs(dir);
    String prefix = "unload-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<Path> files = new ArrayList<>();
    int columns = p.table().schema().columns().size();
    long rows = 0;
    CsvWriter out = null;
    Path tmp = null;
    try (PartitionReader in = p.open()) {
      while (in.next()) {
        if (out == null) {
          tmp = new Path(dir, "_" + prefix + String.format("%05d", files.size()) + ".csv.tmp");
          out = new CsvWriter(fs.create(tmp, false), delimiter);
        }
        for (int f = 0; f < columns; f++) {
          int s = in.start(f);
          int e = in.end(f);
          out.field(in.buffer(), s, e);
        }
        out.endRow();
        rows++;
        if (out.bytes() >= splitBytes) {
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

  private static Path finish(FileSystem fs, CsvWriter out, Path tmp) throws IOException {
    out.close();
    Path done = new Path(tmp.getParent(), tmp.getName().substring(1).replace(".csv.tmp", ".csv"));
    if (!fs.rename(tmp, done)) {
      throw new IOException("cannot rename " + tmp + " to " + done);
    }
    return done;
  }
}
