package io.proximace.bench;

import io.proximace.home.Home;
import io.proximace.table.RowWriter;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.table.TableName;
import io.proximace.volume.Privilege;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code proxima-bench import-table}: an {@code .fvecs} file as a table partition {@code (pk BIGINT,
 * vector STRING)}, pk = record number, so the same data runs through the real runner.
 */
@Command(name = "import-table", mixinStandardHelpOptions = true,
    description = "Write an .fvecs file into a table partition (pk BIGINT = record number, vector STRING), replacing it.")
final class ImportTableCommand implements Callable<Integer> {
  @Option(names = "--fvecs", required = true, paramLabel = "FILE", description = "Vectors to import.")
  Path fvecs;

  @Option(names = "--table", required = true, paramLabel = "TABLE", description = "Table (created when missing).")
  String table;

  @Option(names = "--partition", paramLabel = "VALUE", defaultValue = "1", description = "Partition value (default: ${DEFAULT-VALUE}).")
  String partition;

  @Option(names = "--home", paramLabel = "DIR", description = "proxima-ce home (default: $PROXIMA_HOME, else ~/.proxima-ce).")
  Path home;

  @Option(names = "--project", paramLabel = "NAME", defaultValue = "default", description = "Project (default: ${DEFAULT-VALUE}).")
  String project;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "2147483647", description = "Import at most this many vectors.")
  int limit;

  @Override
  public Integer call() throws Exception {
    Path dir = home != null ? home : Home.defaultDir();
    Home h = new Home(new Configuration(), new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toUri()), project);
    TableName name = h.table(table);
    Table t = h.warehouse().exists(name) ? h.open(name, Privilege.UPDATE)
        : h.create(name, Schema.parse("pk BIGINT, vector STRING", "pt STRING"), true);
    long t0 = System.nanoTime();
    try (PartitionWriter w = t.overwrite(t.parseSpec(partition))) {
      RowWriter csv = w.writer();
      float[][] row = new float[1][];
      Fvecs.read(fvecs, limit, (i, values) -> {
        var floats = values.asFloatBuffer();
        if (row[0] == null) {
          row[0] = new float[floats.remaining()];
        }
        floats.get(row[0]);
        try {
          csv.field(i);
          csv.vector(row[0], row[0].length, '~');
          csv.endRow();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      long rows = w.rows();
      w.commit();
      System.err.printf("imported %d vectors from %s into %s/pt=%s in %.1f s%n", rows, fvecs, name, partition,
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
