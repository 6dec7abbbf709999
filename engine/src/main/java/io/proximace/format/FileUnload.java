package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a partition as {@code .npy} or {@code .fvecs} files into a folder (a volume, for UNLOAD). Two
 * kinds of table have a binary form:
 * <ul>
 *   <li>a vector table {@code (pk, vector STRING)}: {@code unload-<id>.npy} (float32, shape (rows, dim)) or
 *       {@code unload-<id>.fvecs}, with the pks in row order in {@code _unload-<id>.pks}, one a line (the
 *       {@code _} keeps {@code load} from reading it as data; {@code --pks} reads it back);
 *   <li>an output table {@code (pk, knn_result, score)} with integer keys: {@code unload-<id>.queries.npy}
 *       (int64, (queries,)), {@code unload-<id>.ids.npy} (int64, (queries, topk)) and
 *       {@code unload-<id>.distances.npy} (float32, (queries, topk)), a query with fewer than topk results
 *       padded with id -1 and distance NaN; or as vecs, {@code .queries.ivecs} (one value a record),
 *       {@code .ids.ivecs} and {@code .distances.fvecs}, a record per query as long as its results.
 * </ul>
 * Queries are the runs of equal {@code pk} in the partition's order, results in the order stored (by rank).
 * Files are written under hidden names and renamed into place.
 */
public final class FileUnload {
  private FileUnload() {}

  /** What an unload wrote. */
  public record Result(long rows, List<Path> files) {}

  /** Writes {@code p} into {@code dir} on {@code fs} as {@code format} (npy or fvecs). */
  public static Result to(Partition p, FileSystem fs, Path dir, FileFormat format) throws IOException {
    if (format != FileFormat.NPY && format != FileFormat.FVECS) {
      throw new ProximaException("unload writes csv, npy or fvecs, not " + format.optionName());
    }
    Schema s = p.table().schema();
    fs.mkdirs(dir);
    String prefix = "unload-" + UUID.randomUUID().toString().substring(0, 8);
    try (Files files = new Files(fs, dir)) {
      long rows;
      if (isOutput(s)) {
        rows = results(p, files, prefix, format);
      } else if (s.indexOf("pk") >= 0 && s.indexOf("vector") >= 0 && s.columns().get(s.indexOf("vector")).type() == ColumnType.STRING) {
        rows = vectors(p, files, prefix, format);
      } else {
        throw new ProximaException(p.table().name() + " (" + s.columnsDdl() + ") is neither a vector table (pk, vector STRING) nor an"
            + " output table (pk, knn_result, score): unload it as csv");
      }
      return new Result(rows, files.commit());
    }
  }

  private static boolean isOutput(Schema s) {
    List<String> names = s.columns().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList();
    return names.equals(List.of("pk", "knn_result", "score"));
  }

  private static long vectors(Partition p, Files files, String prefix, FileFormat format) throws IOException {
    int pkField = p.table().schema().indexOf("pk");
    int vectorField = p.table().schema().indexOf("vector");
    VectorParser parser = new VectorParser('~');
    float[] v = new float[256];
    long rows = 0;
    int dim = -1;
    if (format == FileFormat.NPY) {
      // the header holds the shape, so count first
      try (PartitionReader in = p.open()) {
        while (in.next()) {
          int n = parse(parser, in, vectorField, v);
          if (n > v.length) {
            v = new float[n];
          }
          dim = checkDim(dim, n, in);
          rows++;
        }
      }
      if (rows == 0) {
        throw new ProximaException(p + " is empty: an .npy needs at least one row to know the dimension");
      }
    }
    try (PartitionReader in = p.open();
        Writer pks = new BufferedWriter(new OutputStreamWriter(files.create("_" + prefix + ".pks"), StandardCharsets.UTF_8), 1 << 16);
        NpyWriter npy = format == FileFormat.NPY ? NpyWriter.float32(files.create(prefix + ".npy"), rows, dim) : null;
        VecsWriter vecs = format == FileFormat.FVECS ? new VecsWriter(files.create(prefix + ".fvecs")) : null) {
      long written = 0;
      while (in.next()) {
        int n = parse(parser, in, vectorField, v);
        if (n > v.length) {
          v = new float[n];
          parse(parser, in, vectorField, v);
        }
        dim = checkDim(dim, n, in);
        String pk = in.field(pkField);
        if (pk.indexOf('\n') >= 0 || pk.indexOf('\r') >= 0) {
          throw new ProximaException(in.where() + ": the pk holds a line break, which a pk file (one a line) cannot keep; unload as csv");
        }
        pks.write(pk);
        pks.write('\n');
        if (npy != null) {
          for (int i = 0; i < n; i++) {
            npy.add(v[i]);
          }
        } else {
          vecs.record(v, n);
        }
        written++;
      }
      if (npy != null && written != rows) {
        throw new ProximaException(p + " changed while it was unloaded (" + rows + " rows, then " + written + ")");
      }
      return written;
    }
  }

  private static int parse(VectorParser parser, PartitionReader in, int field, float[] v) {
    try {
      return parser.parseFloats(in.buffer(), in.start(field), in.end(field), v, 0, 1, v.length);
    } catch (VectorFormatException e) {
      throw new ProximaException(in.where() + ", column vector: " + e.getMessage());
    }
  }

  private static int checkDim(int dim, int n, PartitionReader in) {
    if (dim >= 0 && n != dim) {
      throw new ProximaException(in.where() + ": the vector has " + n + " components, earlier rows " + dim);
    }
    return n;
  }

  private static long results(Partition p, Files files, String prefix, FileFormat format) throws IOException {
    for (Column c : p.table().schema().columns().subList(0, 2)) {
      if (c.type() == ColumnType.DOUBLE) {
        throw new ProximaException(p.table().name() + ": column " + c.name() + " is DOUBLE; ids must be integers");
      }
    }
    // pass 1: the number of queries and the longest result list, and that keys are integers
    LongOpenHashSet seen = new LongOpenHashSet();
    long queries = 0;
    int topk = 0;
    long rows = 0;
    try (PartitionReader in = p.open()) {
      long query = 0;
      int run = 0;
      while (in.next()) {
        long q = id(in, 0, format);
        id(in, 1, format);
        if (rows == 0 || q != query) {
          if (!seen.add(q)) {
            throw new ProximaException(in.where() + ": query " + q + " appears again after other queries; its results must be together");
          }
          queries++;
          query = q;
          run = 0;
        }
        topk = Math.max(topk, ++run);
        rows++;
      }
    }
    String ext = format == FileFormat.NPY ? ".npy" : ".ivecs";
    try (PartitionReader in = p.open();
        Closeable qOut = format == FileFormat.NPY ? NpyWriter.int64(files.create(prefix + ".queries.npy"), queries)
            : new VecsWriter(files.create(prefix + ".queries" + ext));
        Closeable idOut = format == FileFormat.NPY ? NpyWriter.int64(files.create(prefix + ".ids.npy"), queries, topk)
            : new VecsWriter(files.create(prefix + ".ids" + ext));
        Closeable dOut = format == FileFormat.NPY ? NpyWriter.float32(files.create(prefix + ".distances.npy"), queries, topk)
            : new VecsWriter(files.create(prefix + ".distances.fvecs"))) {
      long[] ids = new long[topk];
      float[] dist = new float[topk];
      long query = 0;
      int run = 0;
      long row = 0;
      while (in.next()) {
        long q = id(in, 0, format);
        if (row > 0 && q != query) {
          flush(query, ids, dist, run, qOut, idOut, dOut);
          run = 0;
        }
        query = q;
        if (run == topk) {
          throw new ProximaException(p + " changed while it was unloaded");
        }
        ids[run] = id(in, 1, format);
        dist[run] = score(in);
        run++;
        row++;
      }
      if (row > 0) {
        flush(query, ids, dist, run, qOut, idOut, dOut);
      }
      if (row != rows) {
        throw new ProximaException(p + " changed while it was unloaded (" + rows + " rows, then " + row + ")");
      }
      return row;
    }
  }

  private static void flush(long query, long[] ids, float[] dist, int run, Closeable qOut, Closeable idOut, Closeable dOut)
      throws IOException {
    if (qOut instanceof NpyWriter q) {
      q.add(query);
      NpyWriter i = (NpyWriter) idOut;
      NpyWriter d = (NpyWriter) dOut;
      for (int r = 0; r < ids.length; r++) {
        i.add(r < run ? ids[r] : -1L);
        d.add(r < run ? dist[r] : Float.NaN);
      }
    } else {
      ((VecsWriter) qOut).record(new int[] {(int) query}, 1);
      int[] i32 = new int[run];
      for (int r = 0; r < run; r++) {
        i32[r] = (int) ids[r];
      }
      ((VecsWriter) idOut).record(i32, run);
      ((VecsWriter) dOut).record(dist, run);
    }
  }

  private static long id(PartitionReader in, int field, FileFormat format) {
    String text = in.field(field).trim();
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ProximaException(in.where() + ": '" + text + "' is not an integer id; " + format.extension()
          + " holds integer ids only (run with -pk_type int64, or unload as csv)");
    }
    if (format == FileFormat.FVECS && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw new ProximaException(in.where() + ": id " + v + " does not fit .ivecs' int32; unload as npy (int64)");
    }
    return v;
  }

  private static float score(PartitionReader in) {
    String text = in.field(2).trim();
    try {
      return (float) Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new ProximaException(in.where() + ": score '" + text + "' is not a number");
    }
  }

  /** The files of one unload: created under hidden names, renamed into place by {@link #commit}, deleted otherwise. */
  private static final class Files implements Closeable {
    private final FileSystem fs;
    private final Path dir;
    private final List<Path> temporary = new ArrayList<>();
    private boolean committed;

    Files(FileSystem fs, Path dir) {
      this.fs = fs;
      this.dir = dir;
    }

    java.io.OutputStream create(String name) throws IOException {
      Path tmp = new Path(dir, "_tmp-" + name);
      temporary.add(tmp);
      return fs.create(tmp, false);
    }

    List<Path> commit() throws IOException {
      List<Path> done = new ArrayList<>();
      for (Path tmp : temporary) {
        Path to = new Path(dir, tmp.getName().substring("_tmp-".length()));
        if (!fs.rename(tmp, to)) {
          throw new IOException("cannot rename " + tmp + " to " + to);
        }
        done.add(to);
      }
      committed = true;
      return done;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        for (Path tmp : temporary) {
          fs.delete(tmp, false);
        }
      }
    }
  }
}
