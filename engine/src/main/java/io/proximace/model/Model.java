package io.proximace.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import io.proximace.fs.StagedDirectory;
import io.proximace.index.ClusterIndex;
import io.proximace.input.VectorInput;
import io.proximace.plan.Converter;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.IndexPlan;
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
 * stage: the int8 quantizer's offset and scale, the MIPS norm, and the k-means centroids of qc.
 *
 * @param offset subtracted from every component before quantizing (squared euclidean only), or 0
 * @param scale int8 levels per unit, or 0
 * @param mipsNorm the MIPS augmentation's M, or 0
 * @param centroids qc's centroids in the index's space, or null
 * @param routing the centroids of {@code -sharding_mode cluster}, one per doc shard, in the index's space, or null
 */
public record Model(float offset, float scale, double mipsNorm, FloatVectors centroids, FloatVectors routing) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Nothing learned: what runs that need no training build with. */
  public static final Model NONE = new Model(0, 0, 0, null, null);

  /** Learns what {@code index} needs from a sample of the docs (normalized already when the run normalizes). */
  public static Model learn(IndexPlan index, int dim, int threads, VectorInput.Sample sample) {
    float offset = 0;
    float scale = 0;
    if (index.converter() == Converter.INT8_QUANTIZER) {
      // Squared euclidean distances ignore a shift: centre the range (pixel-like data in [0, 255] then
      // keeps every level). Inner products and cosines do not, so they quantize around 0.
      double[] range = range(sample, index.distance() == DistanceMethod.SQUARED_EUCLIDEAN);
      offset = (float) ((range[0] + range[1]) / 2);
      double half = (range[1] - range[0]) / 2;
      scale = half > 0 ? (float) (127 / half) : 1f;
    }
    double mipsNorm = 0;
    if (index.distance().augments(index.algorithm())) {
      // quantizing moves each component by at most half a level: bound the norm after it
      mipsNorm = scale > 0 ? scale * sample.maxNorm() + 0.5 * Math.sqrt(dim) : sample.maxNorm();
      mipsNorm = Math.max(mipsNorm, Float.MIN_NORMAL);
    }
    FloatVectors centroids = null;
    if (index.algorithm().trains()) {
      // the sample is normalized already: transform the rest of the way
      Transform t = new Transform(dim, false, offset, scale, mipsNorm, index.distance() == DistanceMethod.COSINE);
      FloatVectors space = t.docs(sample.vectors());
      centroids = ClusterIndex.train(space, (int) Math.min(Integer.MAX_VALUE, sample.rows()), index.builder(), threads);
    }
    return new Model(offset, scale, mipsNorm, centroids, null);
  }

  /** This model with the centroids of cluster sharding. */
  public Model withRouting(FloatVectors r) {
    return new Model(offset, scale, mipsNorm, centroids, r);
  }

  /** The transform docs and queries of {@code dim} components go through before {@code index} sees them. */
  public Transform transform(IndexPlan index, int dim) {
    return Transform.of(index, dim, offset, scale, mipsNorm);
  }

  /**
   * The int8 quantizer's range {@code [low, high]}: without a shift, the 99.99th percentile of the
   * sample's absolute components, symmetric around 0; with one, the 0.005th and 99.995th percentiles.
   * Read off a histogram, so that a handful of outliers, clipped to +-127, do not coarsen the rest.
   */
  public static double[] range(VectorInput.Sample sample, boolean shift) {
    float[] v = sample.vectors().data();
    int n = sample.vectors().size() * sample.vectors().dim();
    if (n == 0) {
      return new double[] {0, 0};
    }
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      double x = shift ? v[i] : Math.abs(v[i]);
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (!shift) {
      lo = 0;
    }
    if (hi <= lo) {
      return shift ? new double[] {lo, hi} : new double[] {-hi, hi};
    }
    int bins = 4096;
    long[] counts = new long[bins];
    for (int i = 0; i < n; i++) {
      double x = shift ? v[i] : Math.abs(v[i]);
      counts[(int) Math.min(bins - 1, (x - lo) / (hi - lo) * bins)]++;
    }
    double tail = shift ? 0.00005 : 0.0001;
    double low = lo;
    if (shift) {
      long seen = 0;
      for (int b = 0; b < bins; b++) {
        seen += counts[b];
        if (seen > n * tail) {
          low = lo + (hi - lo) * b / bins;
          break;
        }
      }
    }
    double high = hi;
    long seen = 0;
    for (int b = 0; b < bins; b++) {
      seen += counts[b];
      if (seen >= Math.ceil(n * (1 - tail))) {
        high = lo + (hi - lo) * (b + 1) / bins;
        break;
      }
    }
    return shift ? new double[] {low, high} : new double[] {-high, high};
  }

  /** What was learned, for logs: {@code 64 k-means centroids, int8 scale 12.5 around 0.0}. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (centroids != null) {
      s.append(centroids.size()).append(" k-means centroids");
    }
    if (scale > 0) {
      s.append(s.length() > 0 ? ", " : "").append("int8 scale ").append(scale).append(" around ").append(offset);
    }
    if (mipsNorm > 0) {
      s.append(s.length() > 0 ? ", " : "").append("MIPS norm ").append((float) mipsNorm);
    }
    if (routing != null) {
      s.append(s.length() > 0 ? ", " : "").append(routing.size()).append(" shard centroids (-sharding_mode cluster)");
    }
    return s.toString();
  }

  /** Writes the model to {@code dir}, replacing what was there. */
  public void save(FileSystem fs, Path dir) throws IOException {
    try (StagedDirectory staged = StagedDirectory.create(fs, dir)) {
      ObjectNode root = JSON.createObjectNode();
      root.put("offset", offset);
      root.put("scale", scale);
      root.put("mipsNorm", mipsNorm);
      if (centroids != null) {
        root.put("centroids", centroids.size());
        root.put("dimension", centroids.dim());
        writeFloats(fs, new Path(staged.path(), "centroids.f32"), centroids);
      }
      if (routing != null) {
        root.put("routing", routing.size());
        root.put("routingDimension", routing.dim());
        writeFloats(fs, new Path(staged.path(), "routing.f32"), routing);
      }
      try (OutputStream out = fs.create(new Path(staged.path(), "model.json"), false)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      }
      staged.commit();
    }
  }

  private static void writeFloats(FileSystem fs, Path p, FloatVectors v) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(p, false)))) {
      for (int i = 0; i < v.size() * v.dim(); i++) {
        out.writeFloat(v.data()[i]);
      }
    }
  }

  private static FloatVectors readFloats(FileSystem fs, Path p, int k, int dim) throws IOException {
    float[] c = new float[k * dim];
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(p)))) {
      for (int i = 0; i < c.length; i++) {
        c[i] = in.readFloat();
      }
    } catch (java.io.EOFException e) {
      throw new ProximaException("the trained model at " + p.getParent() + " is damaged: " + p.getName() + " is short");
    }
    return FloatVectors.wrap(c, dim);
  }

  /** Reads a model written by {@link #save}, or null when there is none. */
  public static Model load(FileSystem fs, Path dir) throws IOException {
    Path json = new Path(dir, "model.json");
    if (!fs.exists(json)) {
      return null;
    }
    JsonNode root;
    try (InputStream in = fs.open(json)) {
      root = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    FloatVectors centroids = root.has("centroids")
        ? readFloats(fs, new Path(dir, "centroids.f32"), root.get("centroids").asInt(), root.get("dimension").asInt()) : null;
    FloatVectors routing = root.has("routing")
        ? readFloats(fs, new Path(dir, "routing.f32"), root.get("routing").asInt(), root.get("routingDimension").asInt()) : null;
    return new Model((float) root.path("offset").asDouble(0), (float) root.get("scale").asDouble(),
        root.get("mipsNorm").asDouble(), centroids, routing);
  }
}
