package io.proximace.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.StagedDirectory;
import io.proximace.index.ClusterIndex;
import io.proximace.vector.FloatVectors;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the train stage learns, kept on the volume beside the index ({@code <algo>.train/}) for the build
 * stage: the int8 scale, the MIPS norm, and the k-means centroids of qc.
 *
 * @param scale int8 levels per unit, or 0
 * @param mipsNorm the MIPS augmentation's M, or 0
 * @param centroids qc's centroids in the index's space, or null
 */
record Model(float scale, double mipsNorm, FloatVectors centroids) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether a run needs training: clusters, a quantizer's scale or a MIPS norm. */
  static boolean needed(JobSpec spec) {
    return spec.algorithm().trains() || spec.converter() == Converter.INT8_QUANTIZER
        || spec.distance().augments(spec.algorithm());
  }

  /** Learns from a sample of the docs (normalized already when the run normalizes). */
  static Model learn(JobSpec spec, VectorInput.Sample sample) {
    int dim = spec.dimension();
    float scale = 0;
    if (spec.converter() == Converter.INT8_QUANTIZER) {
      double range = clipRange(sample);
      scale = range > 0 ? (float) (127 / range) : 1f;
    }
    double mipsNorm = 0;
    if (spec.distance().augments(spec.algorithm())) {
      // quantizing moves each component by at most half a level: bound the norm after it
      mipsNorm = scale > 0 ? scale * sample.maxNorm() + 0.5 * Math.sqrt(dim) : sample.maxNorm();
      mipsNorm = Math.max(mipsNorm, Float.MIN_NORMAL);
    }
    FloatVectors centroids = null;
    if (spec.algorithm().trains()) {
      // the sample is normalized already: transform the rest of the way
      Transform t = new Transform(dim, false, scale, mipsNorm, spec.distance() == DistanceMethod.COSINE);
      FloatVectors space = t.docs(sample.vectors());
      centroids = ClusterIndex.train(space, (int) Math.min(Integer.MAX_VALUE, sample.rows()), spec.builderParams(),
          spec.threads());
    }
    return new Model(scale, mipsNorm, centroids);
  }

  /**
   * The int8 quantizer's range: the 99.99th percentile of the sample's absolute components (read off a
   * histogram), so that a handful of outliers, clipped to +-127, do not coarsen every other component.
   */
  static double clipRange(VectorInput.Sample sample) {
    double max = sample.maxAbs();
    if (max <= 0) {
      return 0;
    }
    int bins = 4096;
    long[] counts = new long[bins];
    float[] v = sample.vectors().data();
    long n = (long) sample.vectors().size() * sample.vectors().dim();
    for (long i = 0; i < n; i++) {
      counts[(int) Math.min(bins - 1, Math.abs(v[(int) i]) / max * bins)]++;
    }
    long keep = (long) Math.ceil(n * 0.9999);
    long seen = 0;
    for (int b = 0; b < bins; b++) {
      seen += counts[b];
      if (seen >= keep) {
        return max * (b + 1) / bins;
      }
    }
    return max;
  }

  /** Writes the model to {@code dir}, replacing what was there. */
  void save(FileSystem fs, Path dir) throws IOException {
    try (StagedDirectory staged = StagedDirectory.create(fs, dir)) {
      ObjectNode root = JSON.createObjectNode();
      root.put("scale", scale);
      root.put("mipsNorm", mipsNorm);
      if (centroids != null) {
        root.put("centroids", centroids.size());
        root.put("dimension", centroids.dim());
        try (DataOutputStream out = new DataOutputStream(fs.create(new Path(staged.path(), "centroids.f32"), false))) {
          for (int i = 0; i < centroids.size() * centroids.dim(); i++) {
            out.writeFloat(centroids.data()[i]);
          }
        }
      }
      try (OutputStream out = fs.create(new Path(staged.path(), "model.json"), false)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      }
      staged.commit();
    }
  }

  /** Reads a model written by {@link #save}, or null when there is none. */
  static Model load(FileSystem fs, Path dir) throws IOException {
    Path json = new Path(dir, "model.json");
    if (!fs.exists(json)) {
      return null;
    }
    JsonNode root;
    try (InputStream in = fs.open(json)) {
      root = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    FloatVectors centroids = null;
    if (root.has("centroids")) {
      int k = root.get("centroids").asInt();
      int dim = root.get("dimension").asInt();
      float[] c = new float[k * dim];
      try (DataInputStream in = new DataInputStream(fs.open(new Path(dir, "centroids.f32")))) {
        for (int i = 0; i < c.length; i++) {
          c[i] = in.readFloat();
        }
      } catch (java.io.EOFException e) {
        throw new ProximaException("the trained model at " + dir + " is damaged: centroids.f32 is short");
      }
      centroids = FloatVectors.wrap(c, dim);
    }
    return new Model((float) root.get("scale").asDouble(), root.get("mipsNorm").asDouble(), centroids);
  }
}
