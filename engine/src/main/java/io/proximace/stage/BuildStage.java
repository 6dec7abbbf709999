package io.proximace.stage;

import io.proximace.Progress;
import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.fs.Fingerprint;
import io.proximace.index.BinaryIndex;
import io.proximace.index.ClusterIndex;
import io.proximace.index.HnswIndex;
import io.proximace.index.IndexManifest;
import io.proximace.index.IndexStore;
import io.proximace.index.LinearIndex;
import io.proximace.index.PkOrder;
import io.proximace.index.VectorIndex;
import io.proximace.input.RowFormat;
import io.proximace.input.Docs;
import io.proximace.input.VectorInput;
import io.proximace.kernel.Distance;
import io.proximace.model.Model;
import io.proximace.model.Transform;
import io.proximace.plan.Algorithm;
import io.proximace.plan.Converter;
import io.proximace.plan.IndexPlan;
import io.proximace.plan.RunPlan;
import io.proximace.table.Partition;
import io.proximace.vector.BlockedVectors;
import io.proximace.vector.FloatVectors;
import io.proximace.vector.Int8BlockedVectors;
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

  static Built run(Workspace ws, RunPlan plan, Model trained) throws IOException {
    IndexPlan ip = plan.index();
    RowFormat format = plan.inputs().format();
    Partition p = ws.partition(plan.inputs().docs());
    String where = "doc table " + p.table().name() + ", partition " + plan.inputs().docs().column() + "=" + p.value();
    long t0 = System.nanoTime();
    Fingerprint fingerprint = p.fingerprint(); // before reading it: a later seek compares the partition with it
    Model model = trained != null ? trained : TrainStage.kept(ws, plan);
    Docs docs;
    try (Progress progress = Progress.about("build", "docs", plan.inputs().docs().rows())) {
      docs = VectorInput.readDocs(p, format, newDocs(plan), progress);
    }
    logRead(docs.size(), format, p, t0);
    empty(docs.pks(), where);
    if (model == null) {
      model = learnNow(ip, plan, docs, ws.indexUrl());
    }
    VectorIndex index = index(ip, format, plan.threads(), model, docs, where, ws.indexUrl());
    IndexManifest previous = IndexStore.manifest(ws.fs(), ws.indexDir());
    if (previous != null) {
      LOG.info("build: replacing the index built {} at {}", previous.created(), ws.indexUrl());
    }
    long t2 = System.nanoTime();
    IndexManifest m = save(ws.fs(), ws.indexDir(), index, ip, format, model, p.toString(), fingerprint);
    long written = m.files().values().stream().mapToLong(IndexManifest.FileEntry::bytes).sum();
    LOG.info("build: wrote the {} index of {} docs to {} ({}) in {}", ip.algorithm().optionName(), index.size(),
        ws.indexUrl(), Units.bytes(written), Units.seconds(t2));
    long n = index.size();
    index.close();
    return new Built(ws.indexUrl(), n, 1, 0, null);
  }

  /** An empty doc collection in the layout the plan's index wants: the batch kernel's blocks for exact search. */
  public static Docs newDocs(RunPlan plan) {
    return new Docs(plan.inputs().format(), plan.index().algorithm() == Algorithm.LINEAR && !plan.index().transforms());
  }

  /** Learns from all of {@code docs} what a run without a train stage needs. */
  static Model learnNow(IndexPlan ip, RunPlan plan, Docs docs, String indexUrl) {
    LOG.info("build: no trained model at {}.train (the job mode has no train stage): training now", indexUrl);
    Model model = Model.learn(ip, plan.dimension(), plan.threads(), sampleOf(docs.rows(), ip));
    LOG.info("build: learned {}", model.describe());
    return model;
  }

  /**
   * Builds the index of {@code docs} as {@code ip} asks, with what train learned ({@code model},
   * {@link Model#NONE} when nothing is needed). {@code where} names the docs for messages, {@code indexUrl}
   * the index.
   */
  public static VectorIndex index(IndexPlan ip, RowFormat format, int threads, Model model, Docs docs,
      String where, String indexUrl) {
    empty(docs.pks(), where);
    Distance distance = ip.distance().indexDistance(ip.algorithm());
    int[] order = PkOrder.ranks(docs.pks(), where, docs.rowNames());
    if (docs.bits() != null) {
      return new BinaryIndex(docs.bits(), docs.pks(), order);
    }
    if (docs.blocked() != null) {
      return new LinearIndex(docs.blocked(), docs.pks(), order, distance);
    }
    if (docs.int8() != null) {
      return new LinearIndex(docs.int8(), docs.pks(), order, distance);
    }
    Transform t = model.transform(ip, format.dimension());
    FloatVectors space = t.docs(docs.rows());
    long t1 = System.nanoTime();
    VectorIndex index = switch (ip.algorithm()) {
      case LINEAR -> {
        // Int8QuantizerConverter's docs are int8 levels: kept as bytes (its float queries rank as the float kernel's)
        Int8BlockedVectors levels = ip.converter() == Converter.INT8_QUANTIZER ? Int8BlockedVectors.of(space) : null;
        yield levels != null ? new LinearIndex(levels, docs.pks(), order, distance)
            : new LinearIndex(BlockedVectors.of(space), docs.pks(), order, distance);
      }
      case HNSW -> HnswIndex.build(space, docs.pks(), order, distance, ip.builder(), threads);
      case QC -> {
        if (model.centroids() == null || model.centroids().dim() != space.dim()) {
          throw new ProximaException("the trained model at " + indexUrl + ".train does not fit this run: train again");
        }
        yield ClusterIndex.build(space, model.centroids(), docs.pks(), order, distance, ip.builder(), threads);
      }
    };
    LOG.info("build: built the {} index of {} docs in {}{}", ip.algorithm().optionName(), index.size(),
        Units.seconds(t1), index instanceof ClusterIndex c ? " (" + c.clusters() + " clusters)" : "");
    return index;
  }

  /**
   * Writes {@code index} to {@code dir} with a manifest of how it was built; {@code source} names the docs
   * and {@code fingerprint} records their files (null for a shard or category, whose set records it).
   */
  public static IndexManifest save(FileSystem fs, Path dir, VectorIndex index, IndexPlan ip, RowFormat format, Model model,
      String source, Fingerprint fingerprint) throws IOException {
    return IndexStore.save(fs, dir, index, new IndexManifest(IndexManifest.FORMAT,
        ip.algorithm().optionName(), format.dataType().optionName(), ip.distance().optionName(), format.dimension(),
        index.size(), format.pkType().name().toLowerCase(Locale.ROOT), source, Instant.now().toString(),
        manifestParams(ip, model), Map.of(), fingerprint));
  }

  /** The builder keys in effect, and what the seek stage needs to prepare queries the same way. */
  private static Map<String, Object> manifestParams(IndexPlan ip, Model model) {
    Map<String, Object> params = new LinkedHashMap<>(ip.builder().values());
    params.put("converter", ip.converter().optionName());
    if (model.scale() > 0) {
      params.put("int8_offset", model.offset());
      params.put("int8_scale", model.scale());
    }
    if (model.mipsNorm() > 0) {
      params.put("mips_norm", model.mipsNorm());
    }
    return params;
  }

  private static VectorInput.Sample sampleOf(FloatVectors docs, IndexPlan ip) {
    FloatVectors copy = FloatVectors.wrap(docs.data().clone(), docs.dim());
    double maxAbs = 0;
    double maxNorm = 0;
    for (int i = 0; i < copy.size(); i++) {
      if (ip.converter() == Converter.NORMALIZE) {
        FloatVectors.normalize(copy.data(), i * copy.dim(), copy.dim());
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

  private static void logRead(int n, RowFormat format, Partition p, long t0) {
    long bytes = p.bytes();
    double s = (System.nanoTime() - t0) / 1e9;
    LOG.info("build: read {} docs of dimension {} ({}) from {} in {}{}", n, format.dimension(), Units.bytes(bytes), p,
        Units.seconds(t0), s < 0.05 ? "" : String.format(Locale.ROOT, " (%.0f MB/s)", bytes / 1e6 / s));
  }
}
