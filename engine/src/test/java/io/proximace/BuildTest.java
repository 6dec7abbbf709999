package io.proximace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildTest {
  @Test
  void theBuildRecordsTheVersionAndTheCommit() {
    Build b = Build.current();
    // the test runs on what Maven built (build.properties filtered); from a git checkout the commit is known
    assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), b.version());
    boolean checkout = Files.exists(Path.of("..", ".git"));
    assertTrue(b.commit().matches("[0-9a-f]{12}(-dirty)?") || !checkout && b.commit().equals("unknown"), b.commit());
    assertEquals("proxima-ce " + b.version() + ", commit " + b.commit(), b.describe("proxima-ce"));
  }
}
