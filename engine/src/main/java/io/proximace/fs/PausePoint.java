package io.proximace.fs;

/**
 * Named instants of a write (between two renames, after the rows of an import, ...) where a test can
 * stop this process, to kill it there with {@code kill -9} and check what the next command sees. The
 * system property {@value #PROPERTY} lists the names; a process that reaches one prints
 * {@code proxima-ce paused at <name>} on stderr and sleeps. Without the property this costs one field read.
 */
public final class PausePoint {
  /** The system property naming the points to stop at, comma-separated. */
  public static final String PROPERTY = "proxima.test.pause";
  private static final String WANTED = System.getProperty(PROPERTY);

  private PausePoint() {}

  /** Stops here for good if {@code name} is one of the wanted points. */
  public static void here(String name) {
    if (WANTED == null || !(',' + WANTED + ',').contains(',' + name + ',')) {
      return;
    }
    System.err.println("proxima-ce paused at " + name);
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // a test kills this process; nothing else wakes it
      }
    }
  }
}
