package io.proximace.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The executors' index cache: bounded by count, least recently used evicted, closed once no search uses it. */
class IndexCacheTest {
  /** A value that counts its closes. */
  private static final class Value implements AutoCloseable {
    final String name;
    int closed;

    Value(String name) {
      this.name = name;
    }

    @Override
    public void close() {
      closed++;
    }
  }

  @Test
  void evictsTheLeastRecentlyUsedAndClosesIt() throws IOException {
    IndexCache<Value> cache = new IndexCache<>(2);
    List<Value> loaded = new ArrayList<>();
    IndexCache.Loader<Value> a = () -> add(loaded, "a");
    assertEquals("a", cache.use("a", a, v -> v.name));
    cache.use("b", () -> add(loaded, "b"), v -> v.name);
    assertEquals("a", cache.use("a", a, v -> v.name), "cached: not loaded again");
    assertEquals(2, loaded.size());
    cache.use("c", () -> add(loaded, "c"), v -> v.name); // b is the least recently used
    assertEquals(2, cache.size());
    assertEquals(List.of(0, 1, 0), loaded.stream().map(v -> v.closed).toList());
    cache.capacity(1);
    assertEquals(List.of(1, 1, 0), loaded.stream().map(v -> v.closed).toList());
  }

  @Test
  void anIndexInUseIsClosedWhenItsSearchEnds() throws IOException {
    IndexCache<Value> cache = new IndexCache<>(1);
    Value a = new Value("a");
    int closedDuring = cache.use("a", () -> a, v -> {
      cache.use("b", () -> new Value("b"), w -> w.name); // evicts a while it is in use
      return v.closed;
    });
    assertEquals(0, closedDuring);
    assertEquals(1, a.closed);
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // with one lock for every load, the second use would wait for ever
  void aSlowLoadHoldsUpOnlyTheTasksThatNeedItsIndex() throws Exception {
    IndexCache<Value> cache = new IndexCache<>(4);
    java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread slow = new Thread(() -> {
      try {
        cache.use("slow", () -> {
          loading.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          return new Value("slow");
        }, v -> v.name);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    slow.start();
    loading.await();
    assertEquals("fast", cache.use("fast", () -> new Value("fast"), v -> v.name), "loaded while the other load waits");
    release.countDown();
    slow.join();
    assertEquals(2, cache.size());
  }

  private static Value add(List<Value> loaded, String name) {
    Value v = new Value(name);
    loaded.add(v);
    return v;
  }
}
