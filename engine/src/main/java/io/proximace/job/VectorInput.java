package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.table.Partition;
import io.proximace.table.PartitionReader;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.LongPks;
import io.proximace.vector.PkType;
import io.proximace.vector.Pks;
import io.proximace.vector.StringPks;
import io.proximace.vector.VectorFormatException;
import io.proximace.vector.VectorParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a runner input partition, {@code (pk, vector)}, into keys and contiguous vectors, checking
 * every row: a bad row fails the run naming the table, partition, row, pk and column.
 */
final class VectorInput {
  /** Docs read for indexing. */
  record Docs(BlockedVectors vectors, Pks pks) {}

  /** Queries read for searching. */
  record Queries(FloatVectors vectors, Pks pks) {}

  /** Where parsed components go: a row-major or a blocked store. */
  private interface Store {
    int appendRow();

    float[] array(int row);

    int offset(int row);

    int stride();
  }

  private VectorInput() {}

  /** Checks that {@code table} has the runner's input columns; {@code role} is "doc" or "query". */
  static void checkSchema(Table table, String role) {
    Schema s = table.schema();
    if (s.indexOf("pk") < 0 || s.indexOf("vector") < 0) {
      throw new ProximaException(role + " table " + table.name() + " has columns (" + s.columnsDdl()
          + "); the runner needs (pk STRING|BIGINT, vector STRING)");
    }
    for (String multi : new String[] {"category", "multicategory"}) {
      if (s.indexOf(multi) >= 0) {
        throw new ProximaException("not supported yet: multi-category search (" + role + " table " + table.name()
            + " has a " + multi + " column)");
      }
    }
  }

  static Docs readDocs(Partition p, JobSpec spec, String role) throws IOException {
    BlockedVectors v = new BlockedVectors(spec.dimension());
    Pks pks = read(p, spec, role, new Store() {
      @Override
      public int appendRow() {
        return v.appendRow();
      }

      @Override
      public float[] array(int row) {
        return v.chunkOf(row);
      }

      @Override
      public int offset(int row) {
        return v.offsetOf(row);
      }

      @Override
      public int stride() {
        return BlockedVectors.BLOCK;
      }
    });
    return new Docs(v, pks);
  }

  static Queries readQueries(Partition p, JobSpec spec, String role) throws IOException {
    int dim = spec.dimension();
    FloatVectors v = new FloatVectors(dim, 1024);
    Pks pks = read(p, spec, role, new Store() {
      @Override
      public int appendRow() {
        return v.appendRow();
      }

      @Override
      public float[] array(int row) {
        return v.data();
      }

      @Override
      public int offset(int row) {
        return row * dim;
      }

      @Override
      public int stride() {
        return 1;
      }
    });
    v.trim();
    return new Queries(v, pks);
  }

  private static Pks read(Partition p, JobSpec spec, String role, Store store) throws IOException {
    Schema schema = p.table().schema();
    int pkCol = schema.indexOf("pk");
    int vecCol = schema.indexOf("vector");
    int dim = spec.dimension();
    VectorParser parser = new VectorParser(spec.vectorSeparator());
    Pks pks = spec.pkType().newColumn();
    try (PartitionReader rows = p.open()) {
      while (rows.next()) {
        byte[] buf = rows.buffer();
        int ps = rows.start(pkCol);
        int pe = rows.end(pkCol);
        if (ps == pe) {
          throw new ProximaException(role + " " + rows.where() + ", column pk: the pk is empty");
        }
        if (pks instanceof StringPks s) {
          s.add(buf, ps, pe);
        } else {
          ((LongPks) pks).add(parseLong(buf, ps, pe, () -> role + " " + rows.where()));
        }
        int row = store.appendRow();
        int found;
        try {
          found = parser.parseFloats(buf, rows.start(vecCol), rows.end(vecCol), store.array(row), store.offset(row), store.stride(), dim);
        } catch (VectorFormatException e) {
          throw new ProximaException(role + " " + rows.where() + ", pk '" + text(buf, ps, pe) + "', column vector: " + e.getMessage());
        }
        if (found != dim) {
          throw new ProximaException(role + " " + rows.where() + ", pk '" + text(buf, ps, pe)
              + "', column vector: expected " + dim + " components (-dimension " + dim + "), found " + found
              + (found == 1 && dim > 1 ? " (is -vector_separator '" + spec.vectorSeparator() + "' right?)" : ""));
        }
      }
    }
    return pks;
  }

  private static long parseLong(byte[] b, int s, int e, java.util.function.Supplier<String> where) {
    try {
      return Long.parseLong(text(b, s, e).trim());
    } catch (NumberFormatException ex) {
      throw new ProximaException(where.get() + ", column pk: '" + text(b, s, e) + "' is not a BIGINT (-pk_type int64)");
    }
  }

  private static String text(byte[] b, int s, int e) {
    String t = new String(b, s, Math.min(e - s, 64), StandardCharsets.UTF_8);
    return e - s > 64 ? t + "..." : t;
  }
}
