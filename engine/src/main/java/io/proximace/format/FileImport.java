package io.proximace.format;

import io.proximace.ProximaException;
import io.proximace.Progress;
import io.proximace.fs.PausePoint;
import io.proximace.table.Column;
import io.proximace.table.CsvImport;
import io.proximace.table.CsvWriter;
import io.proximace.table.RowWriter;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads files of any {@link FileFormat} into a table partition through the table's own
 * {@link PartitionWriter}: nothing is visible until every record of every file is good. CSV goes to
 * {@link CsvImport} as before; the other formats are read here, record by record.
 */
public final class FileImport {
  private FileImport() {}

  /**
   * How to read the files: {@code format} null means by each file's extension; {@code pks} names a file of
   * pks, one a line, for formats without them (else row numbers from 0); delimiter and header are CSV's.
   */
  public record Options(FileFormat format, Source pks, char delimiter, boolean header) {}

  /** Reads every source, in order, into partition {@code value}: replacing it when {@code overwrite}, else adding to it. */
  public static long load(Table table, String value, List<Source> sources, Options options, boolean overwrite) throws IOException {
    FileFormat format = formatOf(sources, options.format());
    if (format.hasPks() && options.pks() != null) {
      throw new ProximaException("--pks is for formats without pks (npy, fvecs, bvecs, ivecs); " + format.optionName()
          + " rows carry their own pk");
    }
    if (format != FileFormat.CSV && options.header()) {
      throw new ProximaException("--header is for CSV files, not " + format.optionName());
    }
    if (format == FileFormat.CSV) {
      List<CsvImport.Source> csv = sources.stream().map(s -> new CsvImport.Source(s.name(), () -> s.open().open())).toList();
      return CsvImport.load(table, value, csv, options.delimiter(), options.header(), overwrite);
    }
    List<Column> columns = table.schema().columns();
    int pkColumn = table.schema().indexOf("pk");
    int vectorColumn = table.schema().indexOf("vector");
    if (pkColumn < 0 || vectorColumn < 0 || !columns.get(vectorColumn).type().holdsVectors()) {
      throw new ProximaException(table.name() + " (" + table.schema().columnsDdl() + ") needs a pk column and a STRING or ARRAY<FLOAT> vector column to import "
          + format.optionName() + " files");
    }
    if (!format.hasPks() && columns.size() > 2) {
      throw new ProximaException(table.name() + " has columns a " + format.extension() + " file cannot fill ("
          + columns.stream().filter(c -> !c.name().equalsIgnoreCase("pk") && !c.name().equalsIgnoreCase("vector"))
              .map(Column::toString).collect(Collectors.joining(", ")) + "); import JSON lines or CSV");
    }
    try (PartitionWriter w = overwrite ? table.overwrite(value) : table.append(value);
        BufferedReader pks = options.pks() == null ? null
            : new BufferedReader(new InputStreamReader(options.pks().open().open(), StandardCharsets.UTF_8), 1 << 16);
        Progress progress = Progress.start("import", "rows", 0)) {
      RowWriter out = w.writer();
      long row = 0;
      int dim = -1;
      String firstWhere = null;
      for (Source s : sources) {
        try (VectorSource in = VectorSource.open(s, format, table.schema())) {
          while (in.next()) {
            if (dim < 0) {
              dim = in.dim();
              firstWhere = in.where();
            } else if (in.dim() != dim) {
              throw new ProximaException(in.where() + " has " + in.dim() + " components; " + firstWhere + " had " + dim);
            }
            for (int c = 0; c < columns.size(); c++) {
              Column col = columns.get(c);
              if (c == vectorColumn) {
                try {
                  in.writeVector(out);
                } catch (IllegalArgumentException e) { // a NaN or an infinity, or components a Parquet column cannot take
                  throw new ProximaException(in.where() + ", column " + col.name() + ": " + e.getMessage());
                }
                continue;
              }
              String text;
              try {
                text = c == pkColumn ? in.pk() : in.field(col.name());
              } catch (IllegalArgumentException e) { // a value the source cannot give as text
                throw new ProximaException(in.where() + ", column " + col.name() + ": " + e.getMessage());
              }
              if (c == pkColumn && !format.hasPks()) {
                text = pks == null ? Long.toString(row) : nextPk(pks, options.pks(), row);
              }
              if (text == null) {
                throw new ProximaException(in.where() + ": no value for column " + col.name() + " of " + table.name() + " (missing or null)");
              }
              check(col, text, in.where());
              try {
                out.field(text);
              } catch (IllegalArgumentException e) {
                throw new ProximaException(in.where() + ", column " + col.name() + ": " + e.getMessage());
              }
            }
            out.endRow();
            row++;
            progress.add(1);
          }
        }
      }
      if (pks != null) {
        String extra = pks.readLine();
        if (extra != null && !extra.isEmpty()) {
          throw new ProximaException(options.pks().name() + " has more pks than the " + row + " vectors (line " + (row + 1) + ": " + extra + ")");
        }
      }
      long rows = w.rows();
      PausePoint.here("import.written");
      w.commit();
      return rows;
    }
  }

  /** The one format of all the files: {@code forced} when given, else by extension, which must agree. */
  static FileFormat formatOf(List<Source> sources, FileFormat forced) {
    if (sources.isEmpty()) {
      throw new ProximaException("no data files to import");
    }
    if (forced != null) {
      return forced;
    }
    FileFormat first = sources.getFirst().format();
    for (Source s : sources) {
      if (s.format() != first) {
        throw new ProximaException("the files are of more than one format: " + sources.getFirst().name() + " (" + first.optionName()
            + ") and " + s.name() + " (" + s.format().optionName() + "); import them separately, or name one with --format");
      }
    }
    return first;
  }

  private static String nextPk(BufferedReader pks, Source file, long row) throws IOException {
    String pk = pks.readLine();
    if (pk == null) {
      throw new ProximaException(file.name() + " has " + row + " pks, fewer than the vectors");
    }
    if (row == 0 && pk.startsWith("\uFEFF")) {
      pk = pk.substring(1);
    }
    if (pk.isEmpty()) {
      throw new ProximaException(file.name() + " line " + (row + 1) + " is empty: one pk a line");
    }
    return pk;
  }

  private static void check(Column column, String text, String where) {
    if (!column.type().fits(text)) {
      throw new ProximaException(where + ", column " + column.name() + ": '" + text + "' is not a " + column.type());
    }
  }
}
