package io.proximace.job;

import io.proximace.ProximaException;
import io.proximace.kernel.Distance;
import io.proximace.table.TableName;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A run's options, parsed and checked: what the runner's command line means, independent of how it
 * was given (command line, {@code jar ... ProximaCERunner}, a Hadoop Tool).
 *
 * @param topk the {@code -topk} values, ascending and distinct; the output keeps the largest
 * @param cleanBuildVolume {@code -clean_build_volume}, or null when not given
 * @param threads search and build threads
 * @param recallSample queries sampled by the recall stage
 */
public record JobSpec(
    TableName docTable, String docPartition,
    TableName queryTable, String queryPartition,
    TableName outputTable, String outputPartition,
    DataType dataType, int dimension, int[] topk, JobMode mode, PkType pkType, char vectorSeparator,
    Algorithm algorithm, Distance distance, String volume, String ownerId, Boolean cleanBuildVolume,
    int threads, int recallSample) {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_\\-]{1,128}");

  public JobSpec {
    if (dimension <= 0) {
      throw new ProximaException("-dimension must be a positive number, not " + dimension);
    }
    if (dataType != DataType.FLOAT) {
      throw new ProximaException("not supported yet: -data_type " + dataType.optionName() + " (supported: float)");
    }
    if (topk.length == 0) {
      throw new ProximaException("-topk needs at least one value");
    }
    if (threads < 1 || threads > 1024) {
      throw new ProximaException("-threads must be between 1 and 1024, not " + threads);
    }
    if (recallSample < 1) {
      throw new ProximaException("-recall_sample must be positive, not " + recallSample);
    }
    if (ownerId == null || !OWNER.matcher(ownerId).matches()) {
      throw new ProximaException("-owner_id '" + ownerId + "' must be 1 to 128 letters, digits, '_' or '-' (it names a folder on the volume)");
    }
    if (volume == null || volume.isBlank()) {
      throw new ProximaException("-external_volume is required");
    }
    topk = topk.clone();
  }

  /** Parses {@code -topk}: one value or a comma-separated list such as {@code 10,20,30}. */
  public static int[] parseTopk(String text) {
    TreeSet<Integer> values = new TreeSet<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      int k;
      try {
        k = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new ProximaException("-topk '" + text + "': '" + p + "' is not a whole number");
      }
      if (k <= 0 || k > 100_000) {
        throw new ProximaException("-topk '" + text + "': " + k + " is outside 1..100000");
      }
      values.add(k);
    }
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Parses {@code -vector_separator}: one character, or the word {@code blank} for a space. */
  public static char parseSeparator(String text) {
    if (text.equalsIgnoreCase("blank") || text.equals(" ")) {
      return ' ';
    }
    if (text.length() != 1 || text.charAt(0) > 127 || Character.isLetterOrDigit(text.charAt(0))
        || "\"+-.".indexOf(text.charAt(0)) >= 0) {
      throw new ProximaException("-vector_separator '" + text + "' must be one ASCII punctuation character, or the word blank");
    }
    return text.charAt(0);
  }

  /** The largest {@code -topk}: rows kept per query. */
  public int maxTopk() {
    return topk[topk.length - 1];
  }

  @Override
  public String toString() {
    return "JobSpec[" + docTable + "/" + docPartition + " x " + queryTable + "/" + queryPartition + " -> "
        + outputTable + "/" + outputPartition + ", " + algorithm.optionName() + ", " + distance.optionName()
        + ", topk=" + Arrays.toString(topk) + ", mode=" + mode + "]";
  }
}
