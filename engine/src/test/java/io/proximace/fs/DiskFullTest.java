package io.proximace.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proximace.Failures;
import io.proximace.ProximaException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A full disk, as Linux's /dev/full is one for every write: the message names what was being written. */
class DiskFullTest {
  @Test
  void aWriteToAFullDiskNamesWhatItWasWriting() {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "Linux's /dev/full");
    ProximaException e = assertThrows(ProximaException.class, () -> {
      try (OutputStream out = DiskFull.watch(Files.newOutputStream(full), "odps://p/vol/idx")) {
        out.write(new byte[1 << 16]);
        out.flush();
      }
    });
    assertEquals("no space left on device writing odps://p/vol/idx; free some space and run the command again (what it was "
        + "replacing is unchanged)", e.getMessage());
    IOException raw = assertThrows(IOException.class, () -> {
      try (OutputStream out = Files.newOutputStream(full)) {
        out.write(new byte[1 << 16]);
      }
    });
    assertEquals("no space left on device; free some space and run the command again (what it was replacing is unchanged)",
        Failures.explain(raw));
  }
}
