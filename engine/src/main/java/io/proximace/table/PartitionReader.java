package io.proximace.table;

import io.proximace.ProximaException;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;

/**
 * Streams a partition's rows, file after file, one record at a time: a partition larger than the heap
 * reads as well as a small one. Each row is checked to have the schema's number of columns.
 */
public final class PartitionReader implements Closeable {
  private final Partition partition;
  private final Iterator<FileStatus> files;
  private final int columns;
  private final boolean whole;
  private CsvReader csv;
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
      if (csv == null) {
        if (!files.hasNext()) {
          return false;
        }
        FileStatus f = files.next();
        file = f.getPath().getName();
        csv = new CsvReader(partition.table().fs().open(f.getPath()), partition.table().delimiter());
      }
      try {
        if (nextRecord()) {
          row++;
          if (csv.fieldCount() != columns) {
            throw new ProximaException(where() + ": expected " + columns + " columns ("
                + partition.table().schema().columnsDdl() + "), found " + csv.fieldCount());
          }
          return true;
        }
      } catch (CsvFormatException e) {
        throw new ProximaException("table " + partition.table().name() + ", partition "
            + partition.table().schema().partition().name() + "=" + partition.value() + ", file " + file + ": " + e.getMessage());
      }
      csv.close();
      csv = null;
    }
  }

  /** The CSV reader's next record; a file edited by hand after import (its {@code .crc} differs) is named. */
  private boolean nextRecord() throws IOException, CsvFormatException {
    try {
      return csv.next();
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw new ProximaException("table " + partition.table().name() + ", partition " + partition.table().schema().partition().name()
          + "=" + partition.value() + ": " + file + " was changed outside proxima-ce (it no longer matches its checksum file ."
          + file + ".crc): import the partition again, or delete ." + file + ".crc to keep the edit");
    }
  }

  /** Row number within the partition (or the one file read), from 1. */
  public long row() {
    return row;
  }

  /** Where the current row is, for messages: table, partition, row, file and line. */
  public String where() {
    return "table " + partition.table().name() + ", partition " + partition.table().schema().partition().name()
        + "=" + partition.value() + (whole ? ", row " + row + " (" + file + " line " + csv.line() + ")"
        : ", file " + file + " line " + csv.line());
  }

  /** Fields in the current row. */
  public int fieldCount() {
    return csv.fieldCount();
  }

  public byte[] buffer() {
    return csv.buffer();
  }

  public int start(int field) {
    return csv.start(field);
  }

  public int end(int field) {
    return csv.end(field);
  }

  public String field(int field) {
    return csv.field(field);
  }

  @Override
  public void close() throws IOException {
    if (csv != null) {
      csv.close();
      csv = null;
    }
  }
}
