package io.proximace.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * One input file: its name (for messages and for its format by extension), how to open it, decompressed,
 * and, for a file rather than a stream, where it lies ({@code fs} and {@code file}), which a format read by
 * position (Parquet's footer comes last) needs. {@link #under} lists a file, or every data file of a folder
 * of part files.
 */
public record Source(String name, Opener open, FileSystem fs, FileStatus file) {
  /** Opens a source's bytes. */
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** A stream with no file behind it (standard input): read from start to end only. */
  public Source(String name, Opener open) {
    this(name, open, null, null);
  }

  /** The file {@code status} on {@code fs}, named {@code name}, opened decompressed by its extension. */
  public static Source of(FileSystem fs, FileStatus status, String name) {
    return new Source(name, () -> Compression.decompress(fs.open(status.getPath()), name), fs, status);
  }

  /** The format this file's extension names. */
  public FileFormat format() {
    return FileFormat.of(name);
  }

  /**
   * {@code path} itself when it is a file; else every file under the folder, at any depth, sorted by path,
   * skipping names that start with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc}, side files).
   * Each opens decompressed by its extension.
   */
  public static List<Source> under(FileSystem fs, Path path) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    if (fs.getFileStatus(path).isFile()) {
      files.add(fs.getFileStatus(path));
    } else {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
      while (it.hasNext()) {
        FileStatus s = it.next();
        String n = s.getPath().getName();
        if (!n.startsWith("_") && !n.startsWith(".")) {
          files.add(s);
        }
      }
      files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    }
    List<Source> sources = new ArrayList<>();
    for (FileStatus s : files) {
      sources.add(of(fs, s, s.getPath().toString()));
    }
    return sources;
  }
}
