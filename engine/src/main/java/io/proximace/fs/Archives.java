package io.proximace.fs;

import io.proximace.ProximaException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.hadoop.conf.Configuration;

/**
 * Unpacks {@code .zip}, {@code .tar}, {@code .tar.gz} and {@code .tgz} archives into a new folder.
 *
 * <p>Entries may be named {@code ./x} or {@code dir/./x} (what {@code tar -C dir .} writes); a name that
 * leaves the folder ({@code ../}, absolute, backslashes) is refused. Symbolic and hard links (tar's, and
 * zip entries marked as Unix symlinks) are made as links, as the archive has them (a Python environment
 * relies on {@code python -> python3.11}); one whose target leaves the folder is refused, judged both by
 * its name and, once everything is unpacked, by where it really leads, and nothing is ever written
 * through a link to outside. {@link Limits} stop a zip bomb. A damaged archive is named with what is
 * wrong. On any failure the folder is removed: nothing half-unpacked stays behind.
 *
 * <p>The archive is first copied next to the folder, so that a zip is read through its central directory
 * (the only place that says which entries are links) and so that a read error while unpacking is the
 * archive's damage, not the source's.
 */
public final class Archives {
  /** Configuration key: the most bytes one archive may unpack to. */
  public static final String MAX_BYTES = "proxima.archive.max.bytes";
  /** Configuration key: the most unpacked bytes per archive byte, once past {@link Limits#GRACE_BYTES}. */
  public static final String MAX_RATIO = "proxima.archive.max.ratio";

  private Archives() {}

  /**
   * How much an archive may unpack to. The defaults: 10 GiB in all, far above a model or a Python
   * environment and below filling a work disk; and 100 bytes per archive byte (the bound Apache POI
   * uses), far above what text, CSV or float data compress to (2-20x), while deflate reaches about 1000x
   * only on runs of one byte, which is what a zip bomb is made of. The ratio counts only past
   * {@link #GRACE_BYTES}, so a small archive of very repetitive files is never refused.
   */
  public record Limits(long maxBytes, double maxRatio) {
    /** Unpacked bytes below which the ratio is not checked. */
    public static final long GRACE_BYTES = 100L << 20;
    /** 10 GiB, 100 times. */
    public static final Limits DEFAULT = new Limits(10L << 30, 100);

    /** The limits {@code conf} sets ({@value #MAX_BYTES}, {@value #MAX_RATIO}), else the defaults. */
    public static Limits of(Configuration conf) {
      return new Limits(conf.getLong(MAX_BYTES, DEFAULT.maxBytes), conf.getDouble(MAX_RATIO, DEFAULT.maxRatio));
    }
  }

  /** Whether {@code name} ends like an archive this class unpacks. */
  public static boolean isArchive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".zip") || n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz");
  }

  /**
   * Unpacks {@code in} (named {@code name}, whose ending picks the format) into {@code dir}, which must
   * not exist yet; returns the files written (links not counted).
   */
  public static int unpack(InputStream in, String name, Path dir, Limits limits) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path packed = Files.createTempFile(parent, ".archive-", ".download");
    boolean created = false;
    boolean done = false;
    try {
      try (OutputStream out = Files.newOutputStream(packed)) {
        in.transferTo(out);
      }
      Files.createDirectory(dir);
      created = true;
      int files = new Unpacker(name, dir, limits, Files.size(packed)).unpack(packed);
      done = true;
      return files;
    } finally {
      Files.deleteIfExists(packed);
      if (created && !done) {
        WorkDirectory.deleteTree(dir);
      }
    }
  }

  /** One archive's unpacking: where it goes, what it wrote so far. */
  private static final class Unpacker {
    private final String name;
    private final Path root;
    private final Limits limits;
    private final long packedBytes;
    private final List<Link> symlinks = new ArrayList<>();
    private Path realRoot;
    /** The tar being read, to tell a read error at its end (truncated) from others. */
    private Ends tarFile;
    private long written;
    private int files;

    Unpacker(String name, Path dir, Limits limits, long packedBytes) {
      this.name = name;
      this.root = dir.toAbsolutePath().normalize();
      this.limits = limits;
      this.packedBytes = packedBytes;
    }

    int unpack(Path packed) throws IOException {
      realRoot = root.toRealPath();
      if (packedBytes == 0) {
        throw damaged("the file is empty");
      }
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".zip")) {
        unzip(packed);
      } else {
        untar(packed, !n.endsWith(".tar"));
      }
      // a link may lead elsewhere through links made after it: judge where each really leads, now; one that
      // leads nowhere is judged by the deepest folder on its way that exists
      for (Link l : symlinks) {
        if (!leadsInside(l.at())) {
          throw linkLeaves(l.entry(), Files.readSymbolicLink(l.at()).toString());
        }
      }
      return files;
    }

    /** Whether the link {@code at} really leads inside the folder, links along the way followed. */
    private boolean leadsInside(Path at) throws IOException {
      if (Files.exists(at)) {
        return at.toRealPath().startsWith(realRoot);
      }
      Path target = at.getParent().resolve(Files.readSymbolicLink(at)); // not normalized: a link before a .. counts
      Path existing = target;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      return existing != null && existing.toRealPath().resolve(existing.relativize(target)).normalize().startsWith(realRoot);
    }

    /** A symbolic link made for an entry. */
    private record Link(Path at, String entry) {}

    private void unzip(Path packed) throws IOException {
      ZipFile zip;
      try {
        zip = ZipFile.builder().setPath(packed).get();
      } catch (IOException e) {
        byte[] head = head(packed, 4);
        boolean zipStart = head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        throw damaged(zipStart ? "unexpected end of file (the zip's central directory is missing: truncated?)" : "not a zip file");
      }
      try (zip) {
        Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
        while (entries.hasMoreElements()) {
          ZipArchiveEntry e = entries.nextElement();
          if (!zip.canReadEntryData(e)) {
            throw new ProximaException("archive " + name + ": entry '" + e.getName() + "' is encrypted or compressed in a way "
                + "that cannot be read; refused");
          }
          if (e.isUnixSymlink()) {
            String target;
            try {
              target = zip.getUnixSymlink(e);
            } catch (IOException x) {
              throw damaged(x);
            }
            symlink(e.getName(), target);
          } else if (e.isDirectory()) {
            directory(e.getName());
          } else {
            InputStream data;
            try {
              data = zip.getInputStream(e);
            } catch (IOException x) {
              throw damaged(x);
            }
            try (data) {
              file(e.getName(), data);
            }
          }
        }
      }
    }

    private void untar(Path packed, boolean gzip) throws IOException {
      if (gzip) {
        byte[] head = head(packed, 2);
        if (head.length < 2 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
          throw damaged("not a gzip file");
        }
      }
      try (Ends file = new Ends(Files.newInputStream(packed)); BufferedInputStream in = new BufferedInputStream(gzip ? gunzip(file) : file)) {
        tarFile = file;
        checkTarHeader(in);
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        while (true) {
          TarArchiveEntry e;
          try {
            e = tar.getNextEntry();
          } catch (IOException x) {
            throw damaged(x);
          } catch (IllegalArgumentException x) { // a header field that does not parse
            throw damaged(x.getMessage());
          }
          if (e == null) {
            break;
          }
          if (e.isSymbolicLink()) {
            symlink(e.getName(), e.getLinkName());
          } else if (e.isLink()) {
            hardLink(e.getName(), e.getLinkName());
          } else if (e.isDirectory()) {
            directory(e.getName());
          } else if (e.isFile()) {
            file(e.getName(), tar);
          } // devices and fifos are not startup files
        }
      }
    }

    private InputStream gunzip(InputStream in) {
      try {
        return new GZIPInputStream(in, 64 << 10);
      } catch (IOException e) {
        throw damaged(e);
      }
    }

    /** Refuses what does not start with a tar header (an all-zero block is an empty archive's end). */
    private void checkTarHeader(BufferedInputStream in) {
      byte[] header;
      try {
        in.mark(512);
        header = in.readNBytes(512);
        in.reset();
      } catch (IOException e) {
        throw damaged(e);
      }
      if (header.length > 0 && header.length < 512) {
        throw damaged(new EOFException());
      }
      boolean zeros = true;
      for (byte b : header) {
        zeros &= b == 0;
      }
      if (!zeros && !tarHeader(header)) {
        throw damaged("not a tar file");
      }
    }

    private static boolean tarHeader(byte[] block) {
      try {
        return TarUtils.verifyCheckSum(block);
      } catch (IllegalArgumentException e) { // the checksum field is not even a number
        return false;
      }
    }

    /** Where entry {@code entry} goes, or an error when that would leave the folder; the folder itself for {@code ./}. */
    private Path place(String entry) {
      Path target = root.resolve(entry).normalize();
      if (entry.startsWith("/") || entry.contains("\\") || !target.startsWith(root)) {
        throw new ProximaException("archive " + name + ": entry '" + entry + "' would be written outside the working directory; refused");
      }
      return target;
    }

    private void directory(String entry) throws IOException {
      mkdirs(place(entry), entry);
    }

    /** Where a file or link entry goes, its folder made and an earlier entry of that name cleared. */
    private Path placeNonFolder(String entry) throws IOException {
      Path at = place(entry);
      if (at.equals(root)) {
        throw new ProximaException("archive " + name + ": entry '" + entry + "' is not a folder, but named like the folder itself; refused");
      }
      mkdirs(at.getParent(), entry);
      // a later entry of the same name replaces an earlier one, as with tar; a folder refuses it
      if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
        throw new ProximaException("archive " + name + ": entry '" + entry + "' is not a folder, but an earlier entry made it one; refused");
      }
      Files.deleteIfExists(at); // a link itself, never its target
      return at;
    }

    private void file(String entry, InputStream data) throws IOException {
      Path target = placeNonFolder(entry);
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        byte[] buf = new byte[64 << 10];
        while (true) {
          int n;
          try {
            n = data.read(buf);
          } catch (IOException e) {
            throw damaged(e);
          }
          if (n < 0) {
            break;
          }
          count(n);
          out.write(buf, 0, n);
        }
      }
      files++;
    }

    private void symlink(String entry, String target) throws IOException {
      Path parent = place(entry).getParent();
      if (target.isEmpty() || target.startsWith("/") || target.contains("\\") || parent == null
          || !parent.resolve(target).normalize().startsWith(root)) {
        throw linkLeaves(entry, target);
      }
      Path at = placeNonFolder(entry);
      Files.createSymbolicLink(at, Path.of(target));
      symlinks.add(new Link(at, entry));
    }

    /** A tar hard link: another name for a file earlier in the archive, named from the archive's root. */
    private void hardLink(String entry, String target) throws IOException {
      Path existing = root.resolve(target).normalize();
      if (target.startsWith("/") || target.contains("\\") || !existing.startsWith(root)) {
        throw linkLeaves(entry, target);
      }
      if (existing.equals(place(entry)) || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)
          || !existing.toRealPath().startsWith(realRoot)) {
        throw new ProximaException("archive " + name + ": entry '" + entry + "' is a hard link to '" + target
            + "', which is not a file earlier in the archive; refused");
      }
      Files.createLink(placeNonFolder(entry), existing);
    }

    /** Makes folder {@code dir} for {@code entry}, never through a link that leaves the folder. */
    private void mkdirs(Path dir, String entry) throws IOException {
      Path existing = dir;
      while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (!Files.isDirectory(existing)) {
        throw new ProximaException("archive " + name + ": entry '" + entry + "' goes through '" + root.relativize(existing)
            + "', which is not a folder; refused");
      }
      if (!existing.toRealPath().startsWith(realRoot)) {
        throw new ProximaException("archive " + name + ": entry '" + entry + "' would be written outside the working directory "
            + "through a link; refused");
      }
      if (!existing.equals(dir)) {
        Files.createDirectories(dir);
      }
    }

    private void count(int n) {
      written += n;
      if (written > limits.maxBytes()) {
        throw new ProximaException("archive " + name + " unpacks to more than " + limits.maxBytes() + " bytes, the limit ("
            + MAX_BYTES + "); refused");
      }
      if (written > Limits.GRACE_BYTES && written > limits.maxRatio() * packedBytes) {
        throw new ProximaException("archive " + name + " unpacks to more than " + fmt(limits.maxRatio()) + " times its size ("
            + written + " bytes from " + packedBytes + " so far), the limit (" + MAX_RATIO + "); refused as a likely zip bomb");
      }
    }

    private ProximaException linkLeaves(String entry, String target) {
      return new ProximaException("archive " + name + ": entry '" + entry + "' is a link to '" + target
          + "', which leads outside the working directory; refused");
    }

    private ProximaException damaged(IOException e) {
      boolean ended = e instanceof EOFException || tarFile != null && tarFile.ended;
      return damaged(ended ? "unexpected end of file (truncated?)"
          : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    private ProximaException damaged(String what) {
      return new ProximaException("archive " + name + " is damaged: " + what);
    }

    /** A stream that remembers having reached its end. */
    private static final class Ends extends FilterInputStream {
      boolean ended;

      Ends(InputStream in) {
        super(in);
      }

      @Override
      public int read() throws IOException {
        int b = super.read();
        ended |= b < 0;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        ended |= n < 0;
        return n;
      }
    }

    private static byte[] head(Path file, int n) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes(n);
      }
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
  }
}
