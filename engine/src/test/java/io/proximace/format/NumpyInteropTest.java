package io.proximace.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.table.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a real numpy writes import, and what unload writes numpy reads back equal; skipped where python3 has no numpy. */
class NumpyInteropTest {
  @TempDir
  java.nio.file.Path tmp;

  private String python(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", "-c", script).directory(tmp.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
    return p.exitValue() + ":" + out.trim();
  }

  private boolean numpy() {
    try {
      return python("import numpy; print('ok')").equals("0:ok");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void numpyWritesWhatWeReadAndReadsWhatWeWrite() throws Exception {
    assumeTrue(numpy(), "python3 with numpy is not on this machine");
    assertEquals("0:", python("""
        import numpy as np
        r = np.random.default_rng(7)
        a = r.integers(0, 2**32, size=(64, 24), dtype=np.uint64).astype(np.uint32).view(np.float32)
        a[~np.isfinite(a)] = 1.0
        a[0, :3] = [-0.0, np.float32(1e-45), np.finfo(np.float32).max]
        np.save('a.npy', a)
        np.lib.format.write_array(open('v3.npy', 'wb'), a[:2], version=(3, 0))
        np.save('b.npy', r.integers(-128, 128, size=(9, 5)).astype(np.int8))
        """));
    FileSystem local = FileSystem.getLocal(new Configuration());
    Warehouse wh = new Warehouse(local, new Path(tmp.resolve("wh").toUri()));
    Table t = wh.create(new TableName("default", "v"), Schema.parse("pk BIGINT, vector STRING", "pt STRING"), false);
    Table i8 = wh.create(new TableName("default", "i"), Schema.parse("pk BIGINT, vector STRING", "pt STRING"), false);
    Table out = wh.create(new TableName("default", "o"), Schema.parse("pk BIGINT, knn_result BIGINT, score DOUBLE", "pt STRING"), false);
    FileImport.Options byExtension = new FileImport.Options(null, null, ',', false);
    assertEquals(64, FileImport.load(t, "1", Source.under(local, new Path(tmp.resolve("a.npy").toUri())), byExtension, true));
    assertEquals(2, FileImport.load(t, "3", Source.under(local, new Path(tmp.resolve("v3.npy").toUri())), byExtension, true));
    assertEquals(9, FileImport.load(i8, "1", Source.under(local, new Path(tmp.resolve("b.npy").toUri())), byExtension, true));
    Files.writeString(tmp.resolve("o.csv"), "5,8,0.25\n5,9,1.5\n6,1,2\n");
    FileImport.load(out, "1", Source.under(local, new Path(tmp.resolve("o.csv").toUri())), byExtension, true);
    FileUnload.to(t.partition("1"), local, new Path(tmp.resolve("back").toUri()), FileFormat.NPY);
    FileUnload.to(i8.partition("1"), local, new Path(tmp.resolve("back8").toUri()), FileFormat.NPY);
    FileUnload.to(out.partition("1"), local, new Path(tmp.resolve("res").toUri()), FileFormat.NPY);
    List<String> names = Files.list(tmp.resolve("res")).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().toList();
    assertEquals(3, names.size());
    assertEquals("0:ok", python("""
        import numpy as np, glob
        a = np.load('a.npy'); b = np.load(glob.glob('back/unload-*.npy')[0])
        assert b.dtype == np.float32 and b.shape == a.shape and np.array_equal(a.view(np.uint32), b.view(np.uint32))
        assert open('a.npy', 'rb').read() == open(glob.glob('back/unload-*.npy')[0], 'rb').read()
        assert [l.strip() for l in open(glob.glob('back/_unload-*.pks')[0])] == [str(i) for i in range(64)]
        c = np.load(glob.glob('back8/unload-*.npy')[0])
        assert np.array_equal(c, np.load('b.npy').astype(np.float32))
        ids = np.load(glob.glob('res/*.ids.npy')[0]); d = np.load(glob.glob('res/*.distances.npy')[0])
        q = np.load(glob.glob('res/*.queries.npy')[0])
        assert q.tolist() == [5, 6] and ids.tolist() == [[8, 9], [1, -1]] and ids.dtype == np.int64
        assert d.dtype == np.float32 and d[0].tolist() == [0.25, 1.5] and d[1, 0] == 2 and np.isnan(d[1, 1])
        print('ok')
        """));
  }
}
