package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.table.Partition;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the doc partition, builds its index and writes it to the volume under the owner's folder. */
final class BuildStage {
  private static final Logger LOG = LoggerFactory.getLogger(BuildStage.class);

  private BuildStage() {}

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    Partition p = ctx.docPartition();
    long t0 = System.nanoTime();
    VectorInput.Docs docs = VectorInput.readDocs(p, spec, "doc");
    int n = docs.vectors().size();
    if (n == 0) {
      throw new ProximaException("doc table " + p.table().name() + ", partition pt=" + p.value() + " has no rows: nothing to index");
    }
    long bytes = p.bytes();
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    LOG.info("build: read {} docs of dimension {} ({}) from {} in {}{}", n, spec.dimension(), Runner.bytes(bytes), p,
        Runner.seconds(t0), readSeconds < 0.05 ? "" : String.format(Locale.ROOT, " (%.0f MB/s)", bytes / 1e6 / readSeconds));
    int[] order = PkOrder.ranks(docs.pks(), "doc table " + p.table().name() + ", partition pt=" + p.value());
    LinearIndex index = new LinearIndex(docs.vectors(), docs.pks(), order, spec.distance());
    IndexManifest previous = IndexStore.manifest(ctx.indexFs, ctx.indexDir);
    if (previous != null) {
      LOG.info("build: replacing the index built {} at {}", previous.created(), ctx.indexUrl);
    }
    long t1 = System.nanoTime();
    IndexManifest m = IndexStore.save(ctx.indexFs, ctx.indexDir, index, new IndexManifest(IndexManifest.FORMAT,
        spec.algorithm().optionName(), spec.dataType().optionName(), spec.distance().optionName(), spec.dimension(), n,
        spec.pkType().name().toLowerCase(Locale.ROOT), p.toString(), Instant.now().toString(), Map.of()));
    long written = m.files().values().stream().mapToLong(IndexManifest.FileEntry::bytes).sum();
    LOG.info("build: wrote the {} index of {} docs to {} ({}) in {}", spec.algorithm().optionName(), n, ctx.indexUrl,
        Runner.bytes(written), Runner.seconds(t1));
    ctx.docs = n;
  }
}
