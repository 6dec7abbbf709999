package io.proximace.fs;

import io.proximace.Failures;
import io.proximace.ProximaException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Names the file being written when the disk fills up: Hadoop's local file system reports a full disk as
 * an {@code FSError} without a path, and the user needs to know which disk it was.
 */
public final class DiskFull {
  private DiskFull() {}

  /** {@code out}, failing with "no space left on device writing {@code where}" when the disk is full. */
  public static OutputStream watch(OutputStream out, Object where) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          out.write(b, off, len);
        } catch (IOException | Error e) {
          throw rethrow(e, where);
        }
      }

      @Override
      public void flush() throws IOException {
        try {
          out.flush();
        } catch (IOException | Error e) {
          throw rethrow(e, where);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          out.close();
        } catch (IOException | Error e) {
          throw rethrow(e, where);
        }
      }
    };
  }

  /** Throws {@code e}, or a {@link ProximaException} naming {@code where} when {@code e} is a full disk. */
  private static IOException rethrow(Throwable e, Object where) {
    if (Failures.noSpace(e)) {
      throw new ProximaException("no space left on device writing " + where
          + "; free some space and run the command again (what it was replacing is unchanged)", e);
    }
    if (e instanceof Error err) {
      throw err;
    }
    return (IOException) e;
  }
}
