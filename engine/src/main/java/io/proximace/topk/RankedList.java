package io.proximace.topk;

import io.proximace.vector.PkType;
import io.proximace.vector.Pks;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * One query's neighbours, best first in {@link Ranking}'s order, each with its rank, the score written to the
 * output, and its pk copied into the list's own key column: a list that outlives the index or block it was
 * found in, so lists from several shards, categories or blocks can be merged.
 */
public final class RankedList {
  private float[] ranks = new float[16];
  private float[] scores = new float[16];
  private Pks keys;
  private int size;

  /** An empty list of {@code type} keys. */
  public RankedList(PkType type) {
    this.keys = type.newColumn();
  }

  public int size() {
    return size;
  }

  /** Entry {@code i}'s rank (smaller is closer). */
  public float rank(int i) {
    return ranks[i];
  }

  /** Entry {@code i}'s output score. */
  public float score(int i) {
    return scores[i];
  }

  /** The entries' keys: entry {@code i}'s is key {@code i}. */
  public Pks keys() {
    return keys;
  }

  public PkType type() {
    return keys.type();
  }

  /** Empties the list for reuse. */
  public void clear() {
    size = 0;
    keys.clear();
  }

  /** Appends an entry keyed by key {@code i} of {@code from}; callers append best first. */
  public void add(float rank, float score, Pks from, int i) {
    grow();
    keys.add(from, i);
    ranks[size] = rank;
    scores[size] = score;
    size++;
  }

  /** Appends an entry keyed as a row reader parsed it ({@link Pks#addParsed}); callers append best first. */
  public void add(float rank, float score, byte[] text, int from, int to, long value) {
    grow();
    keys.addParsed(text, from, to, value);
    ranks[size] = rank;
    scores[size] = score;
    size++;
  }

  private void grow() {
    if (size == ranks.length) {
      ranks = Arrays.copyOf(ranks, size * 2);
      scores = Arrays.copyOf(scores, size * 2);
    }
  }

  /** Sets this list to the best {@code k} entries of {@code lists} (each best first; this list not among them). */
  public void merge(List<RankedList> lists, int k) {
    int[] list = new int[k];
    int[] index = new int[k];
    int[] sizes = new int[lists.size()];
    for (int l = 0; l < sizes.length; l++) {
      sizes[l] = lists.get(l).size;
    }
    int n = Ranking.merge(sizes, (a, i, b, j) -> compare(lists.get(a), i, lists.get(b), j), k, list, index);
    clear();
    for (int m = 0; m < n; m++) {
      RankedList from = lists.get(list[m]);
      add(from.ranks[index[m]], from.scores[index[m]], from.keys, index[m]);
    }
  }

  /** Orders entry {@code i} of {@code a} against entry {@code j} of {@code b}. */
  public static int compare(RankedList a, int i, RankedList b, int j) {
    return Ranking.compare(a.ranks[i], a.keys, i, b.ranks[j], b.keys, j);
  }

  /** Writes the list in a binary form that {@link #readFields} reads back. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeFloat(ranks[i]);
      out.writeFloat(scores[i]);
    }
    keys.write(out);
  }

  /** Replaces this list with one written by {@link #write}. */
  public void readFields(DataInput in) throws IOException {
    int n = in.readInt();
    if (ranks.length < n) {
      ranks = new float[n];
      scores = new float[n];
    }
    for (int i = 0; i < n; i++) {
      ranks[i] = in.readFloat();
      scores[i] = in.readFloat();
    }
    keys = Pks.read(in);
    if (keys.size() != n) {
      throw new IOException(n + " entries but " + keys.size() + " keys");
    }
    size = n;
  }
}
