package io.proximace.table;

import io.proximace.ProximaException;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;

/**
 * Streams a partition's rows, file after file, one record at a time: a partition larger than the heap
 * reads as well as a small one. Each row is checked to have the schema's number of columns. CSV and
 * Parquet files read alike: each field as UTF-8 text in {@link #buffer()}, and an ARRAY&lt;FLOAT&gt;
 * column also as floats ({@link #floats}), never through text.
 */
public final class PartitionReader implements Closeable {
  private final Partition partition;
  private final Iterator<FileStatus> files;
  private final int columns;
  private final boolean whole;
  private Table.OpenFs fs; // opened with the first file, closed with the reader
  private CsvReader csv;
  private ParquetRowReader parquet;
  private String file;
  private long row;

  PartitionReader(Partition partition, List<FileStatus> files, boolean whole) {
    this.partition = partition;
    this.files = files.iterator();
    this.columns = partition.table().schema().columns().size();
    this.whole = whole;
  }

  /** Advances to the next row; false after the last. A malformed row is a {@link ProximaException}. */
  public boolean next() throws IOException {
    while (true) {
      if (csv == null && parquet == null) {
        if (!files.hasNext()) {
          return false;
        }
        open(files.next());
      }
      try {
        if (parquet != null ? parquet.next() : csv.next()) {
          row++;
          if (fieldCount() != columns) {
            throw new ProximaException(where() + ": expected " + columns + " columns ("
                + partition.table().schema().columnsDdl() + "), found " + fieldCount());
          }
          return true;
        }
      } catch (CsvFormatException e) {
        throw new ProximaException(inFile() + ": " + e.getMessage());
      } catch (ParquetRowReader.BadValue e) {
        throw new ProximaException(inFile() + ", row " + (row + 1) + ": " + e.getMessage());
      } catch (IOException | RuntimeException e) {
        if (e instanceof ProximaException) {
          throw e;
        }
        throw failure(e);
      }
      closeFile();
    }
  }

  private void open(FileStatus f) throws IOException {
    file = f.getPath().getName();
    if (fs == null) {
      fs = partition.table().openFs();
    }
    Schema schema = partition.table().schema();
    if (schema.format() == TableFormat.PARQUET) {
      try {
        parquet = new ParquetRowReader(fs.fs(), f, schema, inFile());
      } catch (IOException | RuntimeException e) {
        if (e instanceof ProximaException) {
          throw e;
        }
        throw failure(e);
      }
    } else {
      csv = new CsvReader(fs.fs().open(f.getPath()), partition.table().delimiter());
    }
  }

  /**
   * A file that cannot be read: edited by hand after import (its {@code .crc} differs), or, in a Parquet table,
   * any failure to read it (parquet reports a damaged file as an I/O error), named with the file; a CSV
   * table's I/O errors stay what they are.
   */
  private RuntimeException failure(Exception e) throws IOException {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChecksumException) {
        return new ProximaException(named() + ": " + file + " was changed outside proxima-ce (it no longer matches its checksum file ."
            + file + ".crc): import the partition again, or delete ." + file + ".crc to keep the edit");
      }
    }
    if (parquet != null || partition.table().schema().format() == TableFormat.PARQUET) {
      return new ProximaException(inFile() + ": not a readable Parquet file (" + e.getMessage() + ")", e);
    }
    if (e instanceof IOException io) {
      throw io;
    }
    return (RuntimeException) e;
  }

  private String inFile() {
    return named() + ", file " + file;
  }

  /** {@code table t, partition pt=v}, or {@code table t (all files)} for an external table without partitions. */
  private String named() {
    Table t = partition.table();
    return "table " + t.name() + (t.partitioned() ? ", partition " + t.schema().partition().name() + "=" + partition.value() : " (all files)");
  }

  /** Row number within the partition (or the one file read), from 1. */
  public long row() {
    return row;
  }

  /** Where the current row is, for messages: table, partition, row, file and line (a Parquet file's row). */
  public String where() {
    String at = parquet != null ? " row " + parquet.row() : " line " + csv.line();
    return named() + (whole ? ", row " + row + " (" + file + at + ")" : ", file " + file + at);
  }

  /** Fields in the current row. */
  public int fieldCount() {
    return parquet != null ? parquet.fieldCount() : csv.fieldCount();
  }

  /**
   * The current row's text, each field at {@code [start(f), end(f))}. Take it after {@code start} and {@code end}:
   * a Parquet ARRAY column's text is made when first asked for, which may move the buffer.
   */
  public byte[] buffer() {
    return parquet != null ? parquet.buffer() : csv.buffer();
  }

  public int start(int field) {
    return parquet != null ? parquet.start(field) : csv.start(field);
  }

  public int end(int field) {
    return parquet != null ? parquet.end(field) : csv.end(field);
  }

  public String field(int field) {
    return parquet != null ? parquet.field(field) : csv.field(field);
  }

  /** Whether field {@code field} is null in the current row: only a Parquet file holds one; CSV has empty text. */
  public boolean isNull(int field) {
    return parquet != null && parquet.isNull(field);
  }

  /**
   * Copies up to {@code max} components of ARRAY&lt;FLOAT&gt; column {@code field} into {@code out}; returns how
   * many the row holds, which the caller compares with what it expects.
   */
  public int floats(int field, float[] out, int max) {
    return parquet.floats(field, out, max);
  }

  private void closeFile() throws IOException {
    try {
      if (csv != null) {
        csv.close();
      }
      if (parquet != null) {
        parquet.close();
      }
    } finally {
      csv = null;
      parquet = null;
    }
  }

  /** Closes the file being read and the file system it came from. */
  @Override
  public void close() throws IOException {
    try {
      closeFile();
    } finally {
      if (fs != null) {
        fs.close();
        fs = null;
      }
    }
  }
}
