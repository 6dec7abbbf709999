package io.proximace.api;

import io.proximace.api.Hits;
import io.proximace.api.Index;
import io.proximace.api.IndexSpec;
import io.proximace.api.SearchParams;
import io.proximace.kernel.Distance;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The README's "Use it as a Java library" example, compiled: {@link IndexTest} checks that the README's java
 * block is this file's code, line for line, and {@link WithoutOssTest} runs it without the OSS SDK. The argument
 * is the folder to save the index in, as a Hadoop path ({@code file:///tmp/my-index}, {@code hdfs://...}).
 */
public final class LibraryExample {
  private LibraryExample() {}

  public static void main(String[] args) throws IOException {
    // 2,000 random vectors of dimension 32, with ids 1000, 1001, ...
    Random random = new Random(42);
    float[][] docs = new float[2_000][32];
    long[] ids = new long[docs.length];
    for (int i = 0; i < docs.length; i++) {
      for (int j = 0; j < 32; j++) {
        docs[i][j] = (float) random.nextGaussian();
      }
      ids[i] = 1000 + i;
    }

    IndexSpec spec = IndexSpec.hnsw(Distance.SQUARED_EUCLIDEAN).withMaxNeighbors(16).withEfConstruction(200);
    // or by name, every parameter at its default: IndexSpec.named("qc", "cosine")
    Path dir = new Path(args[0]);
    Configuration conf = new Configuration();
    try (Index index = Index.build(spec, docs, ids)) {
      Hits hits = index.search(docs[7], 5); // best first: ids[i] scored scores[i]
      System.out.println("nearest to 1007: " + hits.ids()[0] + " at " + hits.scores()[0]);
      index.save(dir, conf);
    }
    try (Index index = Index.load(dir, conf)) {
      float[][] queries = {docs[1], docs[2]};
      List<Hits> all = index.search(queries, 10, new SearchParams.Hnsw(300)); // ef: more is slower, closer to exact
      System.out.println("loaded " + index.algorithm() + " of " + index.size() + " docs; query 1 -> " + all.get(1).ids()[0]);
    }
  }
}
