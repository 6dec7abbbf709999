package io.proximace.spark;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An executor's loaded indexes, kept for later batches and jobs: at most {@code capacity} of them, the least recently
 * used evicted first and closed as soon as no search is using it. A value is loaded under its own entry's lock: two
 * tasks never load the same index twice, and a slow load (an index on OSS) holds up only the tasks that need it.
 */
final class IndexCache<T extends AutoCloseable> {
  /** Loads a value that is not cached. */
  @FunctionalInterface
  interface Loader<T> {
    /** The value to cache. */
    T load() throws IOException;
  }

  /** Work done with a cached value, which stays open while it runs. */
  @FunctionalInterface
  interface Work<T, R> {
    /** The work's result. */
    R apply(T value) throws IOException;
  }

  private static final class Entry<T extends AutoCloseable> {
    T value; // null until loaded; written under the entry's lock, read under the cache's
    int users;
    boolean evicted;
  }

  private final Map<String, Entry<T>> entries = new LinkedHashMap<>(16, 0.75f, true);
  private int capacity;

  IndexCache(int capacity) {
    capacity(capacity);
  }

  /** Sets how many values are kept (at least 1), evicting the least recently used beyond it. */
  synchronized void capacity(int n) {
    capacity = Math.max(1, n);
    evict();
  }

  /** How many values are kept now. */
  synchronized int size() {
    return entries.size();
  }

  /** Runs {@code work} on the value of {@code key}, loaded first if not cached. */
  <R> R use(String key, Loader<T> loader, Work<T, R> work) throws IOException {
    Entry<T> e;
    synchronized (this) {
      e = entries.get(key);
      if (e == null) {
        e = new Entry<>();
        entries.put(key, e);
        evict(); // never the new entry: it is the most recently used
      }
      e.users++;
    }
    try {
      T value;
      synchronized (e) {
        if (e.value == null) { // a failed load leaves it null: the next use tries again
          T loaded = loader.load();
          synchronized (this) {
            e.value = loaded;
          }
        }
        value = e.value;
      }
      return work.apply(value);
    } finally {
      synchronized (this) {
        e.users--;
        closeIfDone(e);
      }
    }
  }

  private void evict() {
    for (Iterator<Entry<T>> it = entries.values().iterator(); entries.size() > capacity && it.hasNext(); ) {
      Entry<T> e = it.next();
      it.remove();
      e.evicted = true;
      closeIfDone(e);
    }
  }

  private static void closeIfDone(Entry<? extends AutoCloseable> e) {
    if (e.evicted && e.users == 0 && e.value != null) {
      try {
        e.value.close();
      } catch (Exception ex) {
        throw new IllegalStateException("cannot close an evicted index: " + ex.getMessage(), ex);
      }
    }
  }
}
