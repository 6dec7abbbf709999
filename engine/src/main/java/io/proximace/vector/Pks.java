package io.proximace.vector;

import io.proximace.table.RowWriter;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The primary keys of a set of vectors, stored without one object per key. */
public sealed interface Pks permits StringPks, LongPks {
  /** Number of keys. */
  int size();

  /** The column's key type. */
  PkType type();

  /** Compares keys {@code a} and {@code b}: strings by UTF-8 bytes (code point order), longs numerically. */
  default int compare(int a, int b) {
    return compare(a, this, b);
  }

  /** Compares key {@code i} with key {@code j} of {@code other}, a column of the same type, as {@link #compare(int, int)}. */
  int compare(int i, Pks other, int j);

  /** Key {@code i} as text. */
  String text(int i);

  /** Appends key {@code i} of {@code from}, a column of the same type. */
  void add(Pks from, int i);

  /**
   * Appends a key as a row reader parsed it: its text {@code text[from, to)}, kept by string columns, and its
   * value {@code value}, kept by BIGINT columns.
   */
  void addParsed(byte[] text, int from, int to, long value);

  /** Drops every key, keeping the storage for reuse. */
  void clear();

  /** Writes key {@code i} as one field of an output row: the string's bytes, or the number. */
  void writeField(RowWriter csv, int i) throws IOException;

  /** Writes the keys in a compact binary form that {@link #read} reads back. */
  void write(DataOutput out) throws IOException;

  /** Positions {@code 0..size-1} sorted by key; equal keys end up next to each other. */
  default int[] sortedPositions() {
    int[] order = new int[size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    IntArrays.parallelQuickSort(order, this::compare);
    return order;
  }

  /** Reads keys written by {@link #write}. */
  static Pks read(DataInput in) throws IOException {
    int kind = in.readByte();
    return switch (kind) {
      case StringPks.KIND -> StringPks.readBody(in);
      case LongPks.KIND -> LongPks.readBody(in);
      default -> throw new IOException("unknown pk column kind " + kind);
    };
  }
}
