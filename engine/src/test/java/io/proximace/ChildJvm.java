package io.proximace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run in a child JVM, so that a test can run processes in parallel or
 * kill one with {@code kill -9} ({@link Process#destroyForcibly}) at a chosen instant: the child is started
 * with {@code -Dproxima.test.pause=<point>} and stops there, printing {@code proxima-ce paused at <point>}.
 */
public final class ChildJvm {
  private final Process process;
  private final StringBuilder err = new StringBuilder();
  private final Thread drain;

  private ChildJvm(Process process) {
    this.process = process;
    this.drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (err) {
            err.append(line).append('\n');
            err.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the child is gone
      }
    });
    drain.setDaemon(true);
    drain.start();
  }

  /** Starts {@code main} with {@code args}; {@code pause} (or null) names the pause point; stdout goes to {@code out}. */
  public static ChildJvm start(Class<?> main, String pause, Path out, String... args) throws IOException {
    return start(System.getProperty("java.class.path"), main, pause, out, args);
  }

  /** {@link #start(Class, String, Path, String...)} on {@code classpath} instead of this JVM's. */
  public static ChildJvm start(String classpath, Class<?> main, String pause, Path out, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classpath));
    if (pause != null) {
      cmd.add("-Dproxima.test.pause=" + pause);
    }
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
    Process p = pb.start();
    // a test that fails before it kills its child must not leave it paused for good
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return new ChildJvm(p);
  }

  /** Waits until the child stops at its pause point; fails if it exits or takes longer than {@code timeout}. */
  public void awaitPause(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (err) {
      while (err.indexOf("proxima-ce paused at ") < 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !drain.isAlive()) {
          throw new AssertionError("the child did not reach its pause point; stderr:\n" + err);
        }
        err.wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
    }
  }

  /** Kills the child as {@code kill -9} does, and waits for it to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Waits for the child to end; returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child did not finish in " + timeout + "; stderr:\n" + stderr());
    }
    drain.join(5000);
    return process.exitValue();
  }

  /** What the child printed on stderr so far. */
  public String stderr() {
    synchronized (err) {
      return err.toString();
    }
  }
}
