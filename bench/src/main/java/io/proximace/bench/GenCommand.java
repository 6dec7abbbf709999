package io.proximace.bench;

import io.proximace.ProximaException;
import io.proximace.vector.FloatVectors;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proxima-bench gen}: writes synthetic vectors to an {@code .fvecs} file. */
@Command(name = "gen", mixinStandardHelpOptions = true,
    description = {"Write synthetic vectors to an .fvecs file.",
        "Docs and queries from one mixture: the same --centers-seed, different --seed."})
final class GenCommand implements Callable<Integer> {
  @Option(names = "--kind", required = true, paramLabel = "KIND", description = "gmm (Gaussian mixture: easy, like embeddings), uniform or normal (hard: no structure).")
  Generator.Kind kind;

  @Option(names = "--n", required = true, paramLabel = "N", description = "Number of vectors.")
  int n;

  @Option(names = "--dim", required = true, paramLabel = "N", description = "Dimension.")
  int dim;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the points (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--clusters", paramLabel = "N", defaultValue = "1000", description = "gmm: number of clusters (default: ${DEFAULT-VALUE}).")
  int clusters;

  @Option(names = "--centers-seed", paramLabel = "SEED", defaultValue = "42", description = "gmm: seed of the cluster centres (default: ${DEFAULT-VALUE}).")
  long centersSeed;

  @Option(names = "--spread", paramLabel = "SD", defaultValue = "0.5", description = "gmm: standard deviation around a centre (default: ${DEFAULT-VALUE}).")
  double spread;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .fvecs file to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (n <= 0 || dim <= 0 || clusters <= 0) {
      throw new ProximaException("--n, --dim and --clusters must be positive");
    }
    long t0 = System.nanoTime();
    FloatVectors v = Generator.generate(kind, n, dim, seed, clusters, centersSeed, spread);
    Fvecs.writeFloats(out, v);
    System.err.printf("wrote %d x %d %s vectors to %s in %.1f s%n", n, dim, kind, out, (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
