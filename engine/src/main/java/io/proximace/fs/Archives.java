package io.proximace.fs;

import io.proximace.ProximaException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks {@code .zip}, {@code .tar}, {@code .tar.gz} and {@code .tgz} archives into a folder, refusing
 * any entry that would land outside it ({@code ../}, absolute names, links) and naming a damaged archive.
 */
public final class Archives {
  private Archives() {}

  /** Whether {@code name} ends like an archive this class unpacks. */
  public static boolean isArchive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".zip") || n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
  }

  /** Unpacks {@code in} (named {@code name}, whose ending picks the format) into {@code dir}; returns the entries written. */
  public static int unpack(InputStream in, String name, Path dir) throws IOException {
    Files.createDirectories(dir);
    String n = name.toLowerCase(Locale.ROOT);
    try {
      if (n.endsWith(".zip")) {
        return unzip(new ZipInputStream(new BufferedInputStream(in)), name, dir);
      }
      InputStream raw = n.endsWith(".tar") ? new BufferedInputStream(in) : new GZIPInputStream(new BufferedInputStream(in));
      return untar(new TarArchiveInputStream(raw), name, dir);
    } catch (ZipException | java.io.EOFException e) {
      throw new ProximaException("archive " + name + " is damaged: " + e.getMessage());
    } catch (IOException e) {
      if (e.getMessage() != null && (e.getMessage().contains("Not in GZIP format") || e.getMessage().contains("corrupt")
          || e.getMessage().contains("parse") || e.getMessage().contains("Truncated"))) {
        throw new ProximaException("archive " + name + " is damaged: " + e.getMessage());
      }
      throw e;
    }
  }

  private static int unzip(ZipInputStream zip, String name, Path dir) throws IOException {
    int count = 0;
    boolean any = false;
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      any = true;
      Path target = inside(dir, e.getName(), name);
      if (e.isDirectory()) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        count++;
      }
    }
    if (!any) {
      throw new ProximaException("archive " + name + " is damaged or empty: no zip entries found");
    }
    return count;
  }

  private static int untar(TarArchiveInputStream tar, String name, Path dir) throws IOException {
    int count = 0;
    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
      if (e.isSymbolicLink() || e.isLink()) {
        throw new ProximaException("archive " + name + ": entry " + e.getName() + " is a link; links are refused");
      }
      Path target = inside(dir, e.getName(), name);
      if (e.isDirectory()) {
        Files.createDirectories(target);
      } else if (e.isFile()) {
        Files.createDirectories(target.getParent());
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        count++;
      }
    }
    return count;
  }

  /** Where entry {@code entry} goes, or an error when that would leave {@code dir}. */
  private static Path inside(Path dir, String entry, String archive) {
    Path root = dir.toAbsolutePath().normalize();
    Path target = root.resolve(entry).normalize();
    if (entry.startsWith("/") || entry.contains("\\") || !target.startsWith(root) || target.equals(root)) {
      throw new ProximaException("archive " + archive + ": entry '" + entry + "' would be written outside the working directory; refused");
    }
    return target;
  }
}
