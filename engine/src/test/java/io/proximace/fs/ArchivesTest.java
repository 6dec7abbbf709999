package io.proximace.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking startup archives: what is accepted, what is refused, and that a refusal leaves nothing behind. */
class ArchivesTest {
  @TempDir
  Path tmp;

  /** One entry of a test archive: a file, a folder ("x/"), a symbolic link or a hard link. */
  private record E(String name, byte[] content, String symlink, String hardLink) {
    static E file(String name, String content) {
      return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static E file(String name, byte[] content) {
      return new E(name, content, null, null);
    }

    static E dir(String name) {
      return new E(name, null, null, null);
    }

    static E symlink(String name, String target) {
      return new E(name, null, target, null);
    }

    static E hardLink(String name, String target) {
      return new E(name, null, null, target);
    }
  }

  private static byte[] tgz(E... entries) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(tar(entries));
    }
    return b.toByteArray();
  }

  private static byte[] tar(E... entries) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (E e : entries) {
        TarArchiveEntry te = e.symlink() != null ? new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true)
            : e.hardLink() != null ? new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true)
            : new TarArchiveEntry(e.name(), true);
        if (e.symlink() != null || e.hardLink() != null) {
          te.setLinkName(e.symlink() != null ? e.symlink() : e.hardLink());
        }
        byte[] data = e.content() == null ? new byte[0] : e.content();
        te.setSize(data.length);
        t.putArchiveEntry(te);
        t.write(data);
        t.closeArchiveEntry();
      }
    }
    return b.toByteArray();
  }

  private static byte[] zip(E... entries) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(b)) {
      for (E e : entries) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
        byte[] data = e.content();
        if (e.symlink() != null) {
          ze.setUnixMode(UnixStat.LINK_FLAG | 0777);
          data = e.symlink().getBytes(StandardCharsets.UTF_8);
        }
        z.putArchiveEntry(ze);
        if (data != null) {
          z.write(data);
        }
        z.closeArchiveEntry();
      }
    }
    return b.toByteArray();
  }

  private int unpack(byte[] archive, String name) throws IOException {
    return Archives.unpack(new ByteArrayInputStream(archive), name, tmp.resolve("work/" + name), Archives.Limits.DEFAULT);
  }

  /** Unpacking fails with {@code message}, and nothing of it stays in the work folder. */
  private void refused(byte[] archive, String name, String message) throws IOException {
    refused(archive, name, Archives.Limits.DEFAULT, message);
  }

  private void refused(byte[] archive, String name, Archives.Limits limits, String message) throws IOException {
    ProximaException e = assertThrows(ProximaException.class,
        () -> Archives.unpack(new ByteArrayInputStream(archive), name, tmp.resolve("work/" + name), limits));
    assertEquals(message, e.getMessage());
    assertFalse(Files.exists(tmp.resolve("work/" + name)), "nothing half-unpacked");
    try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".download")).toList(), "no downloaded copy");
    }
  }

  private Path out(String name) {
    return tmp.resolve("work/" + name);
  }

  @Test
  void dotEntriesAsTarDashCWritesThemAreAccepted() throws Exception {
    byte[] py = tgz(E.dir("./"), E.dir("./bin/"), E.file("./bin/run.py", "print(1)"), E.file("lib/./util.py", "u"), E.file("a/../b.txt", "b"));
    assertEquals(3, unpack(py, "py.tar.gz"));
    assertEquals("print(1)", Files.readString(out("py.tar.gz/bin/run.py")));
    assertEquals("u", Files.readString(out("py.tar.gz/lib/util.py")));
    assertEquals("b", Files.readString(out("py.tar.gz/b.txt")));
    assertEquals(1, unpack(zip(E.dir("./"), E.file("./m/w.bin", "w")), "model.zip"));
    assertEquals("w", Files.readString(out("model.zip/m/w.bin")));
  }

  /** The newcomer's case: {@code tar czf py.tar.gz -C py .} with GNU tar, links and all. */
  @Test
  void anArchiveMadeByTarDashCDotUnpacks() throws Exception {
    Path py = tmp.resolve("py");
    Files.createDirectories(py.resolve("bin"));
    Files.writeString(py.resolve("bin/python3.11"), "#!elf");
    Files.createSymbolicLink(py.resolve("bin/python"), Path.of("python3.11"));
    Files.createLink(py.resolve("bin/python3"), py.resolve("bin/python3.11"));
    Path archive = tmp.resolve("py.tar.gz");
    Process tar;
    try {
      tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", py.toString(), ".").inheritIO().start();
    } catch (IOException e) {
      Assumptions.abort("no tar command here: " + e.getMessage());
      return;
    }
    assertEquals(0, tar.waitFor());
    try (var in = Files.newInputStream(archive)) {
      assertEquals(1, Archives.unpack(in, "py.tar.gz", out("py.tar.gz"), Archives.Limits.DEFAULT), "one file, two links to it");
    }
    assertEquals("#!elf", Files.readString(out("py.tar.gz/bin/python")));
    assertTrue(Files.isSymbolicLink(out("py.tar.gz/bin/python")));
    assertTrue(Files.isSameFile(out("py.tar.gz/bin/python3"), out("py.tar.gz/bin/python3.11")));
  }

  @Test
  void namesThatLeaveTheFolderAreRefused() throws Exception {
    for (String bad : List.of("../x", "a/../../x", "/etc/x", "a\\..\\..\\x", "a/b\\c")) {
      String message = ": entry '" + bad + "' would be written outside the working directory; refused";
      refused(tgz(E.file("ok.txt", "fine"), E.file(bad, "evil")), "t.tgz", "archive t.tgz" + message);
      refused(tar(E.file(bad, "evil")), "t.tar", "archive t.tar" + message);
      // commons-compress reads a Windows zip's backslashes as slashes
      String zipName = bad.contains("/") ? bad : bad.replace('\\', '/');
      refused(zip(E.file("ok.txt", "fine"), E.file(bad, "evil")), "z.zip", "archive z.zip" + message.replace(bad, zipName));
    }
    assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("work/x")));
  }

  @Test
  void linksThatStayInsideAreMadeAsLinks() throws Exception {
    byte[] env = tgz(E.dir("./"), E.file("./bin/python3.11", "#!elf"), E.symlink("./bin/python", "python3.11"),
        E.dir("./lib/"), E.file("./lib/site.py", "s"), E.symlink("./lib64", "lib"), E.hardLink("./bin/python3", "./bin/python3.11"),
        E.symlink("./bin/up", ".."), E.file("./lib64/via-link.py", "v"));
    assertEquals(3, unpack(env, "env.tgz"), "files; links are not counted");
    Path root = out("env.tgz");
    assertTrue(Files.isSymbolicLink(root.resolve("bin/python")));
    assertEquals(Path.of("python3.11"), Files.readSymbolicLink(root.resolve("bin/python")));
    assertEquals("#!elf", Files.readString(root.resolve("bin/python")));
    assertEquals("s", Files.readString(root.resolve("lib64/site.py")));
    assertEquals("v", Files.readString(root.resolve("lib/via-link.py")), "a file under an inside link lands inside");
    assertFalse(Files.isSymbolicLink(root.resolve("bin/python3")));
    assertTrue(Files.isSameFile(root.resolve("bin/python3"), root.resolve("bin/python3.11")), "a hard link stays one");
    assertTrue(Files.isSameFile(root, root.resolve("bin/up")));

    assertEquals(1, unpack(zip(E.file("real/data.txt", "d"), E.symlink("link", "real/data.txt"), E.symlink("dirlink", "real")), "l.zip"));
    Path z = out("l.zip");
    assertTrue(Files.isSymbolicLink(z.resolve("link")), "a zip symlink is a link, never a file holding its target");
    assertEquals("d", Files.readString(z.resolve("link")));
    assertEquals("d", Files.readString(z.resolve("dirlink/data.txt")));
  }

  @Test
  void linksThatLeaveTheFolderAreRefused() throws Exception {
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside);
    Files.writeString(outside.resolve("secret.txt"), "s");
    String leads = "', which leads outside the working directory; refused";
    refused(tgz(E.file("a.txt", "a"), E.symlink("passwd", "/etc/passwd")), "a.tgz", "archive a.tgz: entry 'passwd' is a link to '/etc/passwd" + leads);
    refused(tgz(E.symlink("d/up", "../../../outside")), "b.tgz", "archive b.tgz: entry 'd/up' is a link to '../../../outside" + leads);
    refused(tar(E.hardLink("h", "../outside/secret.txt")), "c.tar", "archive c.tar: entry 'h' is a link to '../outside/secret.txt" + leads);
    refused(zip(E.file("a.txt", "a"), E.symlink("up", "../../outside")), "d.zip", "archive d.zip: entry 'up' is a link to '../../outside" + leads);
    // by name each stays inside, but d1/d2/x leads to the folder itself, so 'esc' really leads to its parent
    refused(tgz(E.symlink("d1/d2/x", "../.."), E.symlink("esc", "d1/d2/x/..")), "e.tgz",
        "archive e.tgz: entry 'esc' is a link to 'd1/d2/x/.." + leads);
    // and nothing is written through such a link before that is found out
    refused(tgz(E.symlink("d1/d2/x", "../.."), E.symlink("esc", "d1/d2/x/.."), E.file("esc/planted.txt", "p")), "f.tgz",
        "archive f.tgz: entry 'esc/planted.txt' would be written outside the working directory through a link; refused");
    // a dangling link is judged by where it would really lead: 'd' is the folder itself, so d/../x is beside it
    refused(tgz(E.symlink("d", "."), E.symlink("c", "d/../x")), "h.tgz", "archive h.tgz: entry 'c' is a link to 'd/../x" + leads);
    refused(tgz(E.file("a.txt", "a"), E.hardLink("h", "missing.txt")), "g.tgz",
        "archive g.tgz: entry 'h' is a hard link to 'missing.txt', which is not a file earlier in the archive; refused");
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(List.of(outside.resolve("secret.txt")), all.filter(Files::isRegularFile).toList());
    }
  }

  @Test
  void aZipSymlinkFollowedByAnEntryUnderItIsRefusedNotWrittenAsAFile() throws Exception {
    // U12: 'link' was written as a plain file and 'link/x' then failed with FileAlreadyExistsException
    refused(zip(E.symlink("link", "nowhere"), E.file("link/x", "x")), "u12.zip",
        "archive u12.zip: entry 'link/x' goes through 'link', which is not a folder; refused");
  }

  @Test
  void aLaterEntryOfTheSameNameReplacesTheEarlierOne() throws Exception {
    assertEquals(2, unpack(tar(E.file("a.txt", "old"), E.file("a.txt", "new")), "dup.tar"));
    assertEquals("new", Files.readString(out("dup.tar/a.txt")));
    refused(tar(E.dir("d/"), E.file("d", "x")), "clash.tar",
        "archive clash.tar: entry 'd' is not a folder, but an earlier entry made it one; refused");
  }

  @Test
  void aDamagedArchiveSaysWhatIsWrong() throws Exception {
    byte[] zip = zip(E.file("m/weights.bin", "w".repeat(10_000)), E.file("m/b.bin", "b"));
    refused(Arrays.copyOf(zip, zip.length / 2), "damaged.zip", "archive damaged.zip is damaged: unexpected end of file "
        + "(the zip's central directory is missing: truncated?)");
    refused("hello, not an archive\n".getBytes(StandardCharsets.UTF_8), "text.zip", "archive text.zip is damaged: not a zip file");
    byte[] random = new byte[20_000];
    new Random(3).nextBytes(random);
    byte[] tgz = tgz(E.file("data.bin", random));
    refused(Arrays.copyOf(tgz, tgz.length / 2), "damaged.tgz", "archive damaged.tgz is damaged: unexpected end of file (truncated?)");
    refused("hello".getBytes(StandardCharsets.UTF_8), "text.tar.gz", "archive text.tar.gz is damaged: not a gzip file");
    refused("hello, not a tar file at all".repeat(40).getBytes(StandardCharsets.UTF_8), "text.tar",
        "archive text.tar is damaged: not a tar file");
    byte[] tar = tar(E.file("data.bin", random));
    refused(Arrays.copyOf(tar, 5_000), "cut.tar", "archive cut.tar is damaged: unexpected end of file (truncated?)");
    refused(new byte[0], "empty.zip", "archive empty.zip is damaged: the file is empty");
  }

  @Test
  void theByteLimitStopsAnArchiveAndCleansUp() throws Exception {
    byte[] random = new byte[3 << 20];
    new Random(4).nextBytes(random);
    byte[] big = tar(E.file("a.bin", "a"), E.file("big.bin", random));
    refused(big, "big.tar", new Archives.Limits(1 << 20, 100), "archive big.tar unpacks to more than 1048576 bytes, the limit "
        + "(proxima.archive.max.bytes); refused");
    assertEquals(2, Archives.unpack(new ByteArrayInputStream(big), "big.tar", out("big.tar"), new Archives.Limits(4 << 20, 100)));
    Configuration conf = new Configuration(false);
    assertEquals(Archives.Limits.DEFAULT, Archives.Limits.of(conf));
    conf.set(Archives.MAX_BYTES, "12345");
    conf.set(Archives.MAX_RATIO, "7.5");
    assertEquals(new Archives.Limits(12345, 7.5), Archives.Limits.of(conf));
  }

  /** D21: 200 MB of zeros in a zip of about 200 KB. */
  @Test
  void aZipBombIsRefusedByItsRatio() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(b)) {
      z.setLevel(Deflater.BEST_COMPRESSION);
      z.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
      byte[] mb = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        z.write(mb);
      }
      z.closeArchiveEntry();
    }
    byte[] bomb = b.toByteArray();
    assertTrue(bomb.length < 300_000, "a bomb: " + bomb.length);
    ProximaException e = assertThrows(ProximaException.class,
        () -> Archives.unpack(new ByteArrayInputStream(bomb), "bomb.zip", out("bomb.zip"), Archives.Limits.DEFAULT));
    assertTrue(e.getMessage().startsWith("archive bomb.zip unpacks to more than 100 times its size ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("so far), the limit (proxima.archive.max.ratio); refused as a likely zip bomb"), e.getMessage());
    assertFalse(Files.exists(out("bomb.zip")));
    // a small archive of a very repetitive file stays below the grace and is unpacked
    byte[] small = zip(E.file("zeros.txt", "0".repeat(5 << 20)));
    assertTrue(small.length * 100 < 5 << 20);
    assertEquals(1, unpack(small, "small.zip"));
    assertArrayEquals("0".repeat(5 << 20).getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(out("small.zip/zeros.txt")));
  }
}
