package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** table import, load and unload in the binary and JSON formats, as a user types them. */
class FormatsCliTest {
  @TempDir
  Path tmp;
  Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(tmp.resolve("home"));
    ok("table", "create", "doc", "pk BIGINT, vector STRING");
    ok("vfs", "-create", "vol", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  private String fails(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(1, r.code(), String.join(" ", args) + "\n" + r.out());
    return r.err();
  }

  static byte[] fvecs(int n, int dim, int seed) {
    ByteBuffer b = ByteBuffer.allocate(n * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      b.putInt(dim);
      for (int j = 0; j < dim; j++) {
        b.putFloat((float) r.nextGaussian());
      }
    }
    return b.array();
  }

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void vectorsGoInAndOutAsNpyAndFvecs() throws IOException {
    byte[] base = fvecs(20, 8, 1);
    Files.write(tmp.resolve("base.fvecs.gz"), gzip(base));
    assertEquals("imported 20 rows into default.doc/pt=1\n", ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("base.fvecs.gz").toString()));
    Files.write(tmp.resolve("base.bin"), base);
    Files.writeString(tmp.resolve("pks.txt"), "100\n101\n102\n103\n104\n105\n106\n107\n108\n109\n110\n111\n112\n113\n114\n115\n116\n117\n118\n119\n");
    ok("table", "import", "doc", "pt=2", "--file", tmp.resolve("base.bin").toString(), "--format", "fvecs", "--pks", tmp.resolve("pks.txt").toString());
    assertTrue(ok("table", "show", "doc", "pt=2", "--format", "csv").startsWith("pk,vector,pt\n100,"));

    String unloaded = ok("unload", "from", "doc", "partition (pt='1')", "into", "location", "odps://default/vol/npy/", "--format", "npy");
    assertEquals("unloaded 20 rows of default.doc/pt=1 into 2 files under odps://default/vol/npy\n", unloaded);
    ok("unload", "from", "doc", "partition (pt='2')", "into", "location", "odps://default/vol/fv/", "--format", "fvecs");
    List<Path> fv = Files.list(tmp.resolve("vol/fv")).filter(p -> p.toString().endsWith(".fvecs")).toList();
    assertArrayEquals(base, Files.readAllBytes(fv.getFirst()), "fvecs out is the fvecs that went in");
    String pks = Files.list(tmp.resolve("vol/fv")).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pks")).findFirst().orElseThrow();

    // the unloaded folder loads back: the _ pk file is not data, --pks names it
    assertEquals("loaded 20 rows from 1 file under odps://default/vol/fv into default.doc/pt=3 (overwritten)\n",
        ok("load", "overwrite", "table", "doc", "partition (pt='3')", "from", "location", "odps://default/vol/fv/", "--pks", "odps://default/vol/fv/" + pks));
    assertEquals(ok("table", "show", "doc", "pt=2", "--format", "csv").replace(",2\n", ",3\n"), ok("table", "show", "doc", "pt=3", "--format", "csv"));
    ok("load", "overwrite", "table", "doc", "partition (pt='4')", "from", "location", "odps://default/vol/npy/");
    assertEquals(ok("table", "show", "doc", "pt=1", "--format", "csv").replace(",1\n", ",4\n"), ok("table", "show", "doc", "pt=4", "--format", "csv"));
  }

  @Test
  void parquetGoesOutAndComesBackByLoadAndImport() throws IOException {
    ok("table", "create", "emb", "pk BIGINT, vector ARRAY<FLOAT>", "--format", "parquet");
    Files.write(tmp.resolve("base.fvecs"), fvecs(30, 16, 3));
    ok("table", "import", "emb", "pt=1", "--file", tmp.resolve("base.fvecs").toString());
    ok("unload", "from", "emb", "partition (pt='1')", "into", "location", "odps://default/vol/pq/", "--format", "parquet");
    Files.write(tmp.resolve("vol/pq/_SUCCESS"), new byte[0]);
    assertEquals("loaded 30 rows from 1 file under odps://default/vol/pq into default.doc/pt=1 (overwritten)\n",
        ok("load", "overwrite", "table", "doc", "partition (pt='1')", "from", "location", "odps://default/vol/pq/"));
    Path file = Files.list(tmp.resolve("vol/pq")).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    assertEquals("imported 30 rows into default.emb/pt=2\n", ok("table", "import", "emb", "pt=2", "--file", file.toString()));
    String rows = ok("table", "show", "emb", "pt=1", "--format", "csv");
    assertEquals(rows.replace(",1\n", ",2\n"), ok("table", "show", "emb", "pt=2", "--format", "csv"));
    assertEquals(rows, ok("table", "show", "doc", "pt=1", "--format", "csv"), "a STRING table holds the same vectors as text");
    assertTrue(fails("table", "import", "emb", "pt=3", "--file", "-", "--format", "parquet")
        .contains("standard input: a Parquet file is read by position"));
  }

  @Test
  void badFilesFailWithFileAndRecordAndChangeNothing() throws IOException {
    byte[] base = fvecs(3, 4, 2);
    Files.write(tmp.resolve("cut.fvecs"), java.util.Arrays.copyOf(base, base.length - 3));
    Files.writeString(tmp.resolve("ok.json"), "{\"pk\": 1, \"vector\": [1, 2.5, 3, 4]}\n{\"pk\": 2, \"vector\": [0, 0, 0, 1e-3]}\n");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("ok.json").toString());
    String before = ok("table", "show", "doc", "pt=1", "--format", "csv");
    assertEquals("pk,vector,pt\n1,1.0~2.5~3.0~4.0,1\n2,0.0~0.0~0.0~0.001,1\n", before);
    assertEquals("proxima-ce: error: " + tmp.resolve("cut.fvecs") + ": record 2 (counting from 0) is truncated: the file ends in its 4 values (13 of 16 bytes)\n",
        fails("table", "import", "doc", "pt=1", "--file", tmp.resolve("cut.fvecs").toString()));
    assertEquals(before, ok("table", "show", "doc", "pt=1", "--format", "csv"));
    assertTrue(fails("table", "import", "doc", "pt=1", "--file", tmp.resolve("cut.fvecs").toString(), "--format", "hdf5")
        .contains("unknown --format 'hdf5'"));
  }
}
