package io.proximace.index;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs numbered tasks on a fixed number of threads; the first failure is rethrown. */
public final class Parallel {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private Parallel() {}

  /** Runs {@code task(0) .. task(tasks - 1)} on {@code threads} threads, handing out tasks in order. */
  public static void forEach(int tasks, int threads, IntConsumer task) {
    int workers = Math.min(tasks, threads);
    if (workers <= 1) {
      for (int i = 0; i < tasks; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    String name = "proxima-worker-" + POOLS.incrementAndGet() + "-";
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, name + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
            task.accept(i);
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          next.set(tasks); // stop handing out work
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
