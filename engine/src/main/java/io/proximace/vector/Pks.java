package io.proximace.vector;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The primary keys of a set of vectors, stored without one object per key. */
public sealed interface Pks permits StringPks, LongPks {
  /** Number of keys. */
  int size();

  /** Compares keys {@code a} and {@code b}: strings by UTF-8 bytes (code point order), longs numerically. */
  int compare(int a, int b);

  /** Key {@code i} as text. */
  String text(int i);

  /** Writes the keys in a compact binary form that {@link #read} reads back. */
  void write(DataOutputStream out) throws IOException;

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
  static Pks read(DataInputStream in) throws IOException {
    int kind = in.readByte();
    return switch (kind) {
      case StringPks.KIND -> StringPks.readBody(in);
      case LongPks.KIND -> LongPks.readBody(in);
      default -> throw new IOException("unknown pk column kind " + kind);
    };
  }
}
