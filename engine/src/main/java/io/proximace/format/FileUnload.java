package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
    try (UnloadFiles files = new UnloadFiles(fs, dir)) {
      long rows;
      if (isOutput(s)) {
        rows = ResultArrays.write(p, files, prefix, format);
      } else if (s.indexOf("pk") >= 0 && s.indexOf("vector") >= 0 && s.columns().get(s.indexOf("vector")).type().holdsVectors()) {
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

  private static long vectors(Partition p, UnloadFiles files, String prefix, FileFormat format) throws IOException {
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
      // start() first: it makes an ARRAY<FLOAT> field's text, which may grow the buffer buffer() returns
      int from = in.start(field);
      int to = in.end(field);
      return parser.parseFloats(in.buffer(), from, to, v, 0, 1, v.length);
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
}
