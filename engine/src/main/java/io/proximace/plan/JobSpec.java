package io.proximace.plan;

import io.proximace.ProximaException;
import io.proximace.index.Params;
import io.proximace.table.TableName;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import io.proximace.volume.Volume;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A run's options, parsed and checked together: what the runner's command line means, however it was
 * given (command line, {@code jar ... ProximaCERunner}, a Hadoop Tool). Build one with {@link #builder()}.
 *
 * @param topk the {@code -topk} values, ascending and distinct; the output keeps the largest
 * @param builderParams {@code -builder_params}, checked against the algorithm's keys, defaults filled in
 * @param searcherParams {@code -searcher_params}, likewise
 * @param cleanBuildVolume {@code -clean_build_volume}, or null when not given
 * @param threads search and build threads
 * @param recallSample queries sampled by the recall stage
 * @param volumeFiles {@code odps://} files to copy into the job's working directory before the stages
 * @param volumeArchives {@code odps://} archives to unpack there
 * @param sharding {@code -mode}, shard counts and the memory budget
 * @param thresholdScore {@code -threshold_score}: results scoring worse are dropped; null for none
 * @param targetRecall {@code -target_recall} (ours): the search effort is tuned to reach it; null for none
 * @param recallWarnBelow {@code -recall_warn_below} (ours): a sampled Recall@topk below it is a warning; 0 for no check
 * @param categories multi-category settings
 * @param acceptStaleIndex {@code -accept_stale_index} (ours): seek an index although its doc partition changed since the build
 * @param resume {@code -resume} (ours): reuse what an interrupted run of the same command finished
 */
public record JobSpec(
    TableName docTable, String docPartition,
    TableName queryTable, String queryPartition,
    TableName outputTable, String outputPartition,
    DataType dataType, boolean binaryToInt, int dimension, int[] topk, JobMode mode, PkType pkType,
    char vectorSeparator, Algorithm algorithm, Params builderParams, Params searcherParams,
    DistanceMethod distance, Converter converter, String volume, String ownerId, Boolean cleanBuildVolume,
    int threads, int recallSample, List<String> volumeFiles, List<String> volumeArchives, Sharding sharding,
    Double thresholdScore, Double targetRecall, double recallWarnBelow, Categories categories, boolean acceptStaleIndex,
    boolean resume) {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_\\-]{1,128}");
  /** The largest {@code -dimension}: a million components, 4 MB a vector. */
  public static final int MAX_DIMENSION = 1 << 20;

  public JobSpec {
    topk = topk.clone();
    volumeFiles = List.copyOf(volumeFiles);
    volumeArchives = List.copyOf(volumeArchives);
  }

  /** NormalizeConverter's {@code -converter_params} key: half-float unit vectors (only false is supported). */
  static final Params.Key FORCED_HALF_FLOAT = Params.Key.bool("proxima.normalize.reformer.forced_half_float", false,
      "store unit vectors as half floats (only false: proxima-ce keeps 32-bit floats)");
  /** mips_squared_euclidean's {@code -measure_params} key: which MIPS transform (only 0). */
  static final Params.Key INJECTION_TYPE = Params.Key.integer("proxima.mips_euclidean.measure.injection_type", 0,
      Integer.MAX_VALUE, 0L, "the MIPS transform (only 0: docs gain sqrt(M^2 - |d|^2), queries a 0)");

  /** The default of {@code -recall_warn_below}. */
  public static final double RECALL_WARN_BELOW = 0.9;

  /** A new builder with Proxima CE's defaults. */
  public static Builder builder() {
    return new Builder();
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

  /** Collects options, then {@link #build()} checks them together. */
  public static final class Builder {
    private TableName docTable;
    private String docPartition;
    private TableName queryTable;
    private String queryPartition;
    private TableName outputTable;
    private String outputPartition;
    private DataType dataType = DataType.FLOAT;
    private boolean binaryToInt;
    private int dimension;
    private int[] topk = {200};
    private JobMode mode = JobMode.parse("train:build:seek");
    private PkType pkType = PkType.STRING;
    private char vectorSeparator = '~';
    private Algorithm algorithm = Algorithm.HNSW;
    private String builderParams;
    private String searcherParams;
    private DistanceMethod distance = DistanceMethod.SQUARED_EUCLIDEAN;
    private Converter converter = Converter.NONE;
    private String volume;
    private String ownerId;
    private Boolean cleanBuildVolume;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int recallSample = 100;
    private List<String> volumeFiles = List.of();
    private List<String> volumeArchives = List.of();
    private Sharding sharding = Sharding.DEFAULT;
    private Double thresholdScore;
    private Double targetRecall;
    private double recallWarnBelow = RECALL_WARN_BELOW;
    private Categories categories = Categories.DEFAULT;
    private boolean acceptStaleIndex;
    private boolean resume = true;
    private String converterParams;
    private String measureParams;

    public Builder docs(TableName table, String partition) {
      docTable = table;
      docPartition = partition;
      return this;
    }

    public Builder queries(TableName table, String partition) {
      queryTable = table;
      queryPartition = partition;
      return this;
    }

    public Builder output(TableName table, String partition) {
      outputTable = table;
      outputPartition = partition;
      return this;
    }

    public Builder dataType(DataType t) {
      dataType = t;
      return this;
    }

    public Builder binaryToInt(boolean b) {
      binaryToInt = b;
      return this;
    }

    public Builder dimension(int d) {
      dimension = d;
      return this;
    }

    public Builder topk(int... k) {
      topk = k.clone();
      return this;
    }

    public Builder mode(JobMode m) {
      mode = m;
      return this;
    }

    public Builder pkType(PkType t) {
      pkType = t;
      return this;
    }

    public Builder vectorSeparator(char c) {
      vectorSeparator = c;
      return this;
    }

    public Builder algorithm(Algorithm a) {
      algorithm = a;
      return this;
    }

    /** {@code -builder_params} JSON, or null. */
    public Builder builderParams(String json) {
      builderParams = json;
      return this;
    }

    /** {@code -searcher_params} JSON, or null. */
    public Builder searcherParams(String json) {
      searcherParams = json;
      return this;
    }

    public Builder distance(DistanceMethod d) {
      distance = d;
      return this;
    }

    public Builder converter(Converter c) {
      converter = c;
      return this;
    }

    public Builder volume(String name, String owner) {
      volume = name;
      ownerId = owner;
      return this;
    }

    public Builder cleanBuildVolume(Boolean b) {
      cleanBuildVolume = b;
      return this;
    }

    public Builder threads(int t) {
      threads = t;
      return this;
    }

    public Builder recallSample(int n) {
      recallSample = n;
      return this;
    }

    /** {@code -volume_files}: comma-separated {@code odps://} files, or null. */
    public Builder volumeFiles(String list) {
      volumeFiles = split(list);
      return this;
    }

    /** {@code -volume_archives}: comma-separated {@code odps://} archives, or null. */
    public Builder volumeArchives(String list) {
      volumeArchives = split(list);
      return this;
    }

    public Builder sharding(Sharding s) {
      sharding = s;
      return this;
    }

    /** {@code -threshold_score}, or null. */
    public Builder thresholdScore(Double t) {
      thresholdScore = t;
      return this;
    }

    /** {@code -target_recall}, or null. */
    public Builder targetRecall(Double r) {
      targetRecall = r;
      return this;
    }

    /** {@code -recall_warn_below}: 0 turns the check off. */
    public Builder recallWarnBelow(double r) {
      recallWarnBelow = r;
      return this;
    }

    public Builder categories(Categories c) {
      categories = c;
      return this;
    }

    /** {@code -accept_stale_index} (ours). */
    public Builder acceptStaleIndex(boolean b) {
      acceptStaleIndex = b;
      return this;
    }

    /** {@code -resume} (ours): false starts afresh, discarding what an interrupted run left. */
    public Builder resume(boolean b) {
      resume = b;
      return this;
    }

    /** {@code -converter_params} JSON, or null: checked, and only values that change nothing are accepted. */
    public Builder converterParams(String json) {
      converterParams = json;
      return this;
    }

    /** {@code -measure_params} JSON, or null: checked, and only values that change nothing are accepted. */
    public Builder measureParams(String json) {
      measureParams = json;
      return this;
    }

    private static List<String> split(String list) {
      if (list == null || list.isBlank()) {
        return List.of();
      }
      return Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** The spec, or an error naming the first option that is wrong or does not fit the others. */
    public JobSpec build() {
      if (dimension <= 0 || dimension > MAX_DIMENSION) {
        throw new ProximaException("-dimension must be between 1 and " + MAX_DIMENSION + ", not " + dimension);
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
      checkTypes();
      if (thresholdScore != null && (thresholdScore.isNaN() || thresholdScore.isInfinite())) {
        throw new ProximaException("-threshold_score must be a finite number, not " + thresholdScore);
      }
      if (!(recallWarnBelow >= 0 && recallWarnBelow <= 1)) {
        throw new ProximaException("-recall_warn_below must be in [0, 1] (0: no check), not " + recallWarnBelow);
      }
      if (targetRecall != null) {
        if (!(targetRecall > 0 && targetRecall <= 1)) {
          throw new ProximaException("-target_recall must be in (0, 1], not " + targetRecall);
        }
        if (algorithm == Algorithm.LINEAR) {
          throw new ProximaException("-target_recall tunes an approximate search: -algo_model linear is exact already");
        }
        String knob = algorithm.effortKey();
        if (searcherParams != null && searcherParams.contains(knob)) {
          throw new ProximaException("-target_recall chooses " + knob + " itself: leave it out of -searcher_params");
        }
      }
      if (sharding.byCluster() && dataType == DataType.BINARY) {
        throw new ProximaException("-sharding_mode cluster runs k-means on float vectors; binary docs shard by hash");
      }
      for (String f : volumeFiles) {
        Volume.checkFileUrl(f, "-volume_files", false);
      }
      for (String f : volumeArchives) {
        Volume.checkFileUrl(f, "-volume_archives", true);
      }
      checkKernelParams();
      Params build = Params.parse(builderParams, "-builder_params", algorithm.buildKeys());
      Params search = Params.parse(searcherParams, "-searcher_params", algorithm.searchKeys());
      int maxK = topk[topk.length - 1];
      if (algorithm == Algorithm.HNSW && search.given(algorithm.effortKey()) && search.getInt(algorithm.effortKey()) < maxK) {
        throw new ProximaException("-searcher_params: " + algorithm.effortKey() + " " + search.getInt(algorithm.effortKey())
            + " is below -topk " + maxK + "; it must be at least topk");
      }
      return new JobSpec(docTable, docPartition, queryTable, queryPartition, outputTable, outputPartition, dataType,
          binaryToInt, dimension, topk, mode, pkType, vectorSeparator, algorithm, build, search, distance, converter,
          volume, ownerId, cleanBuildVolume, threads, recallSample, volumeFiles, volumeArchives, sharding,
          thresholdScore, targetRecall, recallWarnBelow, categories, acceptStaleIndex, resume);
    }

    /**
     * {@code -converter_params} and {@code -measure_params}: their documented keys, each accepted with the value that
     * is what proxima-ce does (float32 unit vectors; the MIPS transform of {@code model.Transform}); any other value,
     * or any other key, fails naming what is supported. So nothing given is silently ignored.
     */
    private void checkKernelParams() {
      List<Params.Key> converterKeys = converter == Converter.NORMALIZE ? List.of(FORCED_HALF_FLOAT) : List.of();
      Params c = Params.parse(converterParams, "-converter_params", converterKeys,
          "with -converter " + (converter == Converter.NONE ? "(none)" : converter.optionName()));
      if (c.given(FORCED_HALF_FLOAT.name()) && c.getBoolean(FORCED_HALF_FLOAT.name())) {
        throw new ProximaException("-converter_params: " + FORCED_HALF_FLOAT.name() + " true is not supported: proxima-ce "
            + "keeps unit vectors as 32-bit floats; leave it out or give false");
      }
      List<Params.Key> measureKeys = distance == DistanceMethod.MIPS_SQUARED_EUCLIDEAN ? List.of(INJECTION_TYPE) : List.of();
      Params m = Params.parse(measureParams, "-measure_params", measureKeys, "with -distance_method " + distance);
      if (m.given(INJECTION_TYPE.name()) && m.getInt(INJECTION_TYPE.name()) != 0) {
        throw new ProximaException("-measure_params: " + INJECTION_TYPE.name() + " " + m.getInt(INJECTION_TYPE.name())
            + " is not supported: proxima-ce has one MIPS transform, 0 (docs gain sqrt(M^2 - |d|^2), queries a 0)");
      }
    }

    /** Data type, distance, converter and algorithm must fit together. */
    private void checkTypes() {
      String algo = "-algo_model " + algorithm.optionName();
      if (dataType == DataType.BINARY) {
        if (dimension % 32 != 0) {
          throw new ProximaException("-data_type binary needs a -dimension that is a multiple of 32, not " + dimension);
        }
        if (distance != DistanceMethod.HAMMING) {
          throw new ProximaException("-data_type binary is searched by -distance_method hamming, not " + distance);
        }
        if (algorithm != Algorithm.LINEAR) {
          throw new ProximaException(algo + " does not search binary vectors; use -algo_model linear (exact hamming)");
        }
        if (converter != Converter.NONE) {
          throw new ProximaException("-converter " + converter.optionName() + " converts float input, not binary");
        }
        return;
      }
      if (binaryToInt) {
        throw new ProximaException("-binary_to_int true needs -data_type binary");
      }
      if (distance == DistanceMethod.HAMMING) {
        throw new ProximaException("-distance_method hamming needs -data_type binary");
      }
      if (dataType == DataType.INT8 && converter != Converter.NONE) {
        throw new ProximaException("-converter " + converter.optionName() + " converts float input; -data_type int8 is already integers");
      }
      if (converter == Converter.NORMALIZE && distance == DistanceMethod.MIPS_SQUARED_EUCLIDEAN) {
        throw new ProximaException("-converter NormalizeConverter with mips_squared_euclidean: unit vectors need no MIPS "
            + "transform; use inner_product");
      }
    }
  }

  @Override
  public String toString() {
    return "JobSpec[" + docTable + "/" + docPartition + " x " + queryTable + "/" + queryPartition + " -> "
        + outputTable + "/" + outputPartition + ", " + algorithm.optionName() + ", " + distance + ", topk="
        + Arrays.toString(topk) + ", mode=" + mode + "]";
  }
}
