package io.proximace;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * What a failure means to a user: a one-line message for their mistakes and their environment's (bad
 * input, a full disk, an unreachable host, a missing file), or null for a bug, which front ends report as
 * an internal error. Also makes any message safe to print: control characters in user data are escaped.
 */
public final class Failures {
  private Failures() {}

  /** The failure inside wrappers that add nothing: unchecked I/O, reflection, a front end's execution wrapper. */
  public static Throwable cause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c && (c instanceof UncheckedIOException || c instanceof InvocationTargetException
        || c.getClass().getName().endsWith("CommandLine$ExecutionException"))) {
      c = c.getCause();
    }
    return c;
  }

  /** The user's message for {@code t}, or null when it is a bug. */
  public static String explain(Throwable t) {
    Throwable c = cause(t);
    if (c instanceof ProximaException) {
      return c.getMessage();
    }
    if (c instanceof FSError e && e.getCause() != null) {
      c = e.getCause(); // Hadoop's local file system wraps a failed write this way
    }
    if (c instanceof OutOfMemoryError) {
      return "out of memory (" + c.getMessage() + "): give the JVM more (PROXIMA_JAVA_OPTS=-Xmx...) or set -memory_budget_mb lower";
    }
    for (Throwable x = c.getCause(); !(c instanceof IOException) && x != null; x = x.getCause()) {
      if (x instanceof UnknownHostException || x instanceof ConnectException) {
        c = x; // Hadoop's clients wrap the network failure that says what is wrong
      }
    }
    if (!(c instanceof IOException)) {
      return null;
    }
    String m = String.valueOf(c.getMessage());
    if (noSpace(c)) {
      return "no space left on device" + (c instanceof FileSystemException f && f.getFile() != null ? " writing " + f.getFile() : "")
          + "; free some space and run the command again (what it was replacing is unchanged)";
    }
    if (c instanceof UnknownHostException) {
      return "unknown host " + m;
    }
    if (c instanceof ConnectException) {
      return "cannot connect: " + firstLine(c);
    }
    if (c instanceof UnsupportedFileSystemException) {
      return firstLine(c);
    }
    if (c instanceof AccessDeniedException e) {
      return "the file system denies access to " + e.getFile();
    }
    if (c instanceof NoSuchFileException e) {
      return "no such file: " + e.getFile();
    }
    if (c instanceof FileNotFoundException) {
      return "no such file: " + m;
    }
    return firstLine(c);
  }

  /** Whether {@code t} (or a cause) is a write that found the disk full. */
  public static boolean noSpace(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("no space left on device")) {
        return true;
      }
    }
    return false;
  }

  /** The first line of {@code t}'s message (Hadoop appends wiki links on later lines), or its class when it has none. */
  public static String firstLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).trim();
  }

  /**
   * {@code text} with control characters escaped ({@code \n}, {@code \t}, {@code \u001b}, ...), as are the
   * bidirectional overrides that could make a terminal show text other than what is there.
   */
  public static String printable(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean control = ch < 0x20 || ch >= 0x7f && ch <= 0x9f || ch >= 0x202a && ch <= 0x202e || ch >= 0x2066 && ch <= 0x2069;
      if (control && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (!control) {
          out.append(ch);
        } else if (ch == '\n') {
          out.append("\\n");
        } else if (ch == '\t') {
          out.append("\\t");
        } else if (ch == '\r') {
          out.append("\\r");
        } else {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
        }
      }
    }
    return out == null ? text : out.toString();
  }
}
