package io.proximace.fs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Which process writes: its host, pid and start time. It is part of every staging folder's name and of
 * every lock file, so the next writer can tell what a killed process left (swept) from a live writer's
 * work (left alone). The start time is there because pids are reused.
 *
 * <p>Liveness is known only on the writer's own host; work of another host is never judged dead.
 *
 * @param host the host name, reduced to letters, digits, {@code .} and {@code -}
 * @param pid the process id
 * @param startMillis the process's start time, epoch milliseconds
 */
public record WriterId(String host, long pid, long startMillis) {
  /** This process. */
  public static final WriterId SELF = new WriterId(localHost(), ProcessHandle.current().pid(), startOf(ProcessHandle.current()));

  /** {@code host~pid~start}: safe in file names. */
  public String text() {
    return host + "~" + pid + "~" + startMillis;
  }

  /** Parses {@link #text()}; null when {@code text} is not one. */
  public static WriterId parse(String text) {
    String[] p = text.split("~", -1);
    if (p.length != 3 || p[0].isEmpty()) {
      return null;
    }
    try {
      return new WriterId(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Whether the writer is certainly gone: it ran on this host and no process with its pid lives, or the one
   * that does started at another time (the pid was reused). A start time that cannot be read counts as alive.
   */
  public boolean dead() {
    if (!host.equals(SELF.host)) {
      return false;
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(WriterId::startOf)
        .map(s -> s != 0 && startMillis != 0 && s != startMillis).orElse(true);
  }

  /** For messages: {@code pid 123 on host h, started at 2026-11-30T07:41:19Z}. */
  public String describe() {
    return "pid " + pid + " on host " + host + ", started at " + Instant.ofEpochMilli(startMillis);
  }

  private static long startOf(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** The kernel's host name without a DNS lookup (which can take a second); the JDK's as a fallback. */
  private static String localHost() {
    String name = null;
    try {
      Path proc = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(proc)) {
        name = Files.readString(proc).trim();
      }
    } catch (IOException e) {
      // not Linux: ask the JDK below
    }
    if (name == null || name.isEmpty()) {
      name = System.getenv("HOSTNAME");
    }
    if (name == null || name.isEmpty()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        name = "localhost";
      }
    }
    String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return safe.isEmpty() ? "localhost" : safe;
  }
}
