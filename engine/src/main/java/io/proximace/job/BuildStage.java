package io.proximace.job;

import io.proximace.Progress;
import io.proximace.ProximaException;
import io.proximace.fs.Fingerprint;
import io.proximace.index.BinaryIndex;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.kernel.Distance;
import io.proximace.table.Partition;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Pks;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the doc partition, builds the index the run asks for (with what train learned) and writes it
 * to the volume under the owner's folder, with a manifest recording how it was built.
 */
public final class BuildStage {
  private static final Logger LOG = LoggerFactory.getLogger(BuildStage.class);

  private BuildStage() {}

  static void run(RunContext ctx) throws IOException {
    JobSpec spec = ctx.spec;
    Partition p = ctx.docPartition();
    String where = "doc table " + p.table().name() + ", partition pt=" + p.value();
    long t0 = System.nanoTime();
    Fingerprint fingerprint = p.fingerprint(); // before reading it: a later seek compares the partition with it
    Model model = Model.needed(spec) ? Model.load(ctx.indexFs, ctx.modelDir) : Model.NONE;
    VectorInput.Docs docs;
    try (Progress progress = Progress.start("build", "docs", ctx.plan == null ? 0 : ctx.plan.docRows())) {
      docs = VectorInput.readDocs(p, spec, progress);
    }
    logRead(docs.size(), spec, p, t0);
    empty(docs.pks(), where);
    if (model == null) {
      model = learnNow(spec, docs, ctx.indexUrl);
    }
    VectorIndex index = index(spec, model, docs, where, ctx.indexUrl);
    IndexManifest previous = IndexStore.manifest(ctx.indexFs, ctx.indexDir);
    if (previous != null) {
      LOG.info("build: replacing the index built {} at {}", previous.created(), ctx.indexUrl);
    }
    long t2 = System.nanoTime();
    IndexManifest m = save(ctx.indexFs, ctx.indexDir, index, spec, model, p.toString(), fingerprint);
    long written = m.files().values().stream().mapToLong(IndexManifest.FileEntry::bytes).sum();
    LOG.info("build: wrote the {} index of {} docs to {} ({}) in {}", spec.algorithm().optionName(), index.size(),
        ctx.indexUrl, Runner.bytes(written), Runner.seconds(t2));
    ctx.docs = index.size();
    index.close();
  }

  /** Learns from all of {@code docs} what a run without a train stage needs. */
  static Model learnNow(JobSpec spec, VectorInput.Docs docs, String indexUrl) {
    LOG.info("build: no trained model at {}.train (the job mode has no train stage): training now", indexUrl);
    Model model = Model.learn(spec, sampleOf(docs.rows(), spec));
    LOG.info("build: learned {}", TrainStage.describe(model));
    return model;
  }

  /**
   * Builds the index of {@code docs} as {@code spec} asks, with what train learned ({@code model},
   * {@link Model#NONE} when nothing is needed). {@code where} names the docs for messages, {@code indexUrl}
   * the index.
   */
  public static VectorIndex index(JobSpec spec, Model model, VectorInput.Docs docs, String where, String indexUrl) {
    empty(docs.pks(), where);
    Distance distance = spec.distance().indexDistance(spec.algorithm());
    int[] order = PkOrder.ranks(docs.pks(), where, docs.rowNames());
    if (docs.bits() != null) {
      return new BinaryIndex(docs.bits(), docs.pks(), order);
    }
    if (docs.blocked() != null) {
      return new LinearIndex(docs.blocked(), docs.pks(), order, distance);
    }
    Transform t = Transform.of(spec, model.offset(), model.scale(), model.mipsNorm());
    FloatVectors space = t.docs(docs.rows());
    long t1 = System.nanoTime();
    VectorIndex index = switch (spec.algorithm()) {
      case LINEAR -> new LinearIndex(BlockedVectors.of(space), docs.pks(), order, distance);
      case HNSW -> HnswIndex.build(space, docs.pks(), order, distance, spec.builderParams(), spec.threads());
      case QC -> {
        if (model.centroids() == null || model.centroids().dim() != space.dim()) {
          throw new ProximaException("the trained model at " + indexUrl + ".train does not fit this run: train again");
        }
        yield ClusterIndex.build(space, model.centroids(), docs.pks(), order, distance, spec.threads());
      }
    };
    LOG.info("build: built the {} index of {} docs in {}{}", spec.algorithm().optionName(), index.size(),
        Runner.seconds(t1), index instanceof ClusterIndex c ? " (" + c.clusters() + " clusters)" : "");
    return index;
  }

  /**
   * Writes {@code index} to {@code dir} with a manifest of how it was built; {@code source} names the docs
   * and {@code fingerprint} records their files (null for a shard or category, whose set records it).
   */
  public static IndexManifest save(FileSystem fs, Path dir, VectorIndex index, JobSpec spec, Model model, String source,
      Fingerprint fingerprint) throws IOException {
    return IndexStore.save(fs, dir, index, new IndexManifest(IndexManifest.FORMAT,
        spec.algorithm().optionName(), spec.dataType().optionName(), spec.distance().optionName(), spec.dimension(),
        index.size(), spec.pkType().name().toLowerCase(Locale.ROOT), source, Instant.now().toString(),
        manifestParams(spec, model), Map.of(), fingerprint));
  }

  /** Whether float vectors change before indexing (a converter, or the MIPS augmentation). */
  static boolean needsTransform(JobSpec spec) {
    return spec.converter() != Converter.NONE || spec.distance().augments(spec.algorithm());
  }

  /** The builder keys in effect, and what the seek stage needs to prepare queries the same way. */
  private static Map<String, Object> manifestParams(JobSpec spec, Model model) {
    Map<String, Object> params = new LinkedHashMap<>(spec.builderParams().values());
    params.put("converter", spec.converter().optionName());
    if (model.scale() > 0) {
      params.put("int8_offset", model.offset());
      params.put("int8_scale", model.scale());
    }
    if (model.mipsNorm() > 0) {
      params.put("mips_norm", model.mipsNorm());
    }
    return params;
  }

  private static VectorInput.Sample sampleOf(FloatVectors docs, JobSpec spec) {
    FloatVectors copy = FloatVectors.wrap(docs.data().clone(), docs.dim());
    double maxAbs = 0;
    double maxNorm = 0;
    for (int i = 0; i < copy.size(); i++) {
      if (spec.converter() == Converter.NORMALIZE) {
        Transform.normalize(copy.data(), i * copy.dim(), copy.dim());
      }
      double norm = 0;
      for (int j = 0; j < copy.dim(); j++) {
        float x = copy.data()[i * copy.dim() + j];
        maxAbs = Math.max(maxAbs, Math.abs(x));
        norm += (double) x * x;
      }
      maxNorm = Math.max(maxNorm, Math.sqrt(norm));
    }
    return new VectorInput.Sample(copy, copy.size(), maxAbs, maxNorm);
  }

  private static void empty(Pks pks, String where) {
    if (pks.size() == 0) {
      throw new ProximaException(where + " has no rows: nothing to index");
    }
  }

  private static void logRead(int n, JobSpec spec, Partition p, long t0) {
    long bytes = p.bytes();
    double s = (System.nanoTime() - t0) / 1e9;
    LOG.info("build: read {} docs of dimension {} ({}) from {} in {}{}", n, spec.dimension(), Runner.bytes(bytes), p,
        Runner.seconds(t0), s < 0.05 ? "" : String.format(Locale.ROOT, " (%.0f MB/s)", bytes / 1e6 / s));
  }
}
