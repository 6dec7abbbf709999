package io.proximace.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import io.proximace.volume.OdpsFileSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's {@code odps.cupid.volume.paths} in the runner's configuration ({@code proxima-ce run -D ...} sets it there):
 * the runner reaches its index volume through {@code odps://}, so a limit that leaves that volume out refuses the run
 * before any index is written, naming the setting; one that lists it changes nothing.
 */
class VolumePathsRunTest {
  @TempDir
  Path tmp;

  @Test
  void theRunnerKeepsToTheVolumePathsItIsGiven() throws Exception {
    TestHome h = new TestHome(tmp);
    h.home.volumes().create("other", "local", tmp.resolve("volumes/other").toUri().toString(), true, null);
    h.table("doc", "pk STRING, vector STRING", "1", TestHome.SEED_DOCS);
    h.table("query", "pk STRING, vector STRING", "1", TestHome.SEED_QUERIES);
    h.run(h.spec("doc", "query", "free", 8, "3", "build:seek"));
    List<String> expected = h.rows("free", "1");

    h.home.conf().set(OdpsFileSystem.PATHS, "odps://default/vol/");
    h.run(h.spec("doc", "query", "listed", 8, "3", "build:seek"));
    assertEquals(expected, h.rows("listed", "1"), "a limit that lists the index volume changes nothing");

    h.home.conf().set(OdpsFileSystem.PATHS, "odps://default/other/");
    String m = assertThrows(ProximaException.class, () -> h.run(h.spec("doc", "query", "refused", 8, "3", "build:seek")))
        .getMessage();
    assertTrue(m.contains("is outside the volume paths this job may reach (odps.cupid.volume.paths=odps://default/other/)"), m);
    assertTrue(m.contains("odps://default/vol/"), "names the index volume: " + m);
    assertFalse(h.home.warehouse().exists(h.home.table("refused")) && h.home.warehouse().table(h.home.table("refused"))
        .hasPartition("1"), "no output partition");
  }
}
