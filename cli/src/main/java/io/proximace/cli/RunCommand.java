package io.proximace.cli;

import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.UsageException;
import io.proximace.mapreduce.MapReduceExecutor;
import io.proximace.plan.Algorithm;
import io.proximace.plan.Categories;
import io.proximace.plan.Converter;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.ExecutionMode;
import io.proximace.plan.JobMode;
import io.proximace.plan.JobSpec;
import io.proximace.plan.Sharding;
import io.proximace.run.RunResult;
import io.proximace.run.Runner;
import io.proximace.run.StageRun;
import io.proximace.table.TableName;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import io.proximace.volume.VolumeCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParseResult.GroupMatch;
import picocli.CommandLine.Spec;

/** {@code proxima-ce run}: the ProximaCERunner, with Proxima CE's single-dash options. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, separator = " ",
    optionListHeading = "%nRequired (and global) options:%n",
    customSynopsis = {"proxima-ce run -doc_table TABLE -doc_table_partition PT",
        "               -query_table TABLE -query_table_partition PT",
        "               -output_table TABLE -output_table_partition PT",
        "               -data_type TYPE -dimension N -external_volume VOLUME",
        "               -owner_id ID [OPTIONS]"},
    description = {"Build an index of the doc partition, find the top-k docs of every query, write them to the output partition.",
        "Stages (-job_mode): train, build (index to the volume), seek (output table), recall (Recall@k on sampled queries)."},
    footer = {"", "Example (the seed walkthrough):",
        "  proxima-ce run \\",
        "    -doc_table doc_table_float_smoke -doc_table_partition 20230116 \\",
        "    -query_table query_table_float_smoke -query_table_partition 20230116 \\",
        "    -output_table output_table_float_smoke \\",
        "    -output_table_partition 20230116 \\",
        "    -data_type float -dimension 8 -topk 3 \\",
        "    -job_mode train:build:seek:recall \\",
        "    -external_volume demo_vol -owner_id 1248953xxx",
        "",
        "Search keys, for example:",
        "  -searcher_params '{\"proxima.hnsw.searcher.ef\":200}'",
        "  -searcher_params '{\"proxima.qc.searcher.scan_ratio\":0.05}'",
        "Build keys, for example:",
        "  -builder_params '{\"proxima.hnsw.builder.max_neighbor_count\":32}'"})
public final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Mixin
  final Required required = new Required();

  @ArgGroup(validate = false, heading = "%nOptional:%n", order = 2)
  final Optional optional = new Optional();

  @ArgGroup(validate = false, heading = "%nLarge partitions (MapReduce):%n", order = 3)
  final Execution execution = new Execution();

  @ArgGroup(validate = false, heading = "%nCategories, thresholds and tuning:%n", order = 4)
  final Selection selection = new Selection();

  @ArgGroup(validate = false, heading = "%nOSS without a volume (Proxima CE's AccessKey mode; RAM-role mode is refused):%n", order = 5)
  final OssModes ossModes = new OssModes();

  /** Words picocli does not know: Hadoop's generic options (-conf FILE, -Dk=v, -files ...), else mistakes. */
  @picocli.CommandLine.Unmatched
  java.util.List<String> unmatched = new java.util.ArrayList<>();


  /** The options every run needs. */
  static final class Required {
    @Option(names = "-doc_table", required = true, paramLabel = "TABLE", description = "Doc table (pk, vector): table or project.table.")
    String docTable;

    @Option(names = "-doc_table_partition", required = true, paramLabel = "PT", description = "Doc partition: a value (20230116) or pt=value.")
    String docPartition;

    @Option(names = "-query_table", required = true, paramLabel = "TABLE", description = "Query table (pk, vector).")
    String queryTable;

    @Option(names = "-query_table_partition", required = true, paramLabel = "PT", description = "Query partition.")
    String queryPartition;

    @Option(names = "-output_table", required = true, paramLabel = "TABLE",
        description = "Output table (pk, knn_result, score); created when missing.")
    String outputTable;

    @Option(names = "-output_table_partition", required = true, paramLabel = "PT", description = "Output partition; replaced when the run succeeds.")
    String outputPartition;

    @Option(names = "-data_type", required = true, paramLabel = "TYPE",
        description = "float, int8 (integers in [-128, 127]) or binary (0/1 components, dimension a multiple of 32).")
    String dataType;

    @Option(names = "-dimension", required = true, paramLabel = "N", description = "Vector dimension; every row must have it.")
    int dimension;

    @Option(names = {"-external_volume", "-external_volume_name"}, paramLabel = "VOLUME",
        description = "Volume for the index files (create it with vfs -create); or AccessKey mode's -oss_* options.")
    String volume;

    @Option(names = "-owner_id", required = true, paramLabel = "ID", description = "Folder on the volume that keeps this owner's files apart.")
    String ownerId;
  }

  /** Options with Proxima CE's defaults. */
  static final class Optional {
    @Option(names = "-topk", paramLabel = "K[,K...]", defaultValue = "200",
        description = "Neighbours per query; a list (10,20,30) keeps the largest and reports Recall@k for each (default: ${DEFAULT-VALUE}).")
    String topk;

    @Option(names = "-job_mode", paramLabel = "MODE", defaultValue = "train:build:seek",
        description = "train:build:seek, build:seek, seek, train:build:seek:recall, build:seek:recall or seek:recall (default: ${DEFAULT-VALUE}).")
    String jobMode;

    @Option(names = "-algo_model", paramLabel = "ALGO", defaultValue = "hnsw",
        description = "hnsw (or graph): a navigable graph; qc: k-means clusters; linear: exact search (default: ${DEFAULT-VALUE}).")
    String algoModel;

    @Option(names = "-builder_params", paramLabel = "JSON",
        description = "Build keys as one-line JSON (an example below; the README lists each algorithm's keys).")
    String builderParams;

    @Option(names = "-searcher_params", paramLabel = "JSON",
        description = "Search keys as one-line JSON (examples below; the README lists each algorithm's keys).")
    String searcherParams;

    @Option(names = "-converter", paramLabel = "NAME",
        description = "NormalizeConverter (unit vectors: cosine through inner_product) or Int8QuantizerConverter (float input as int8).")
    String converter;

    @Option(names = "-converter_params", paramLabel = "JSON",
        description = {"NormalizeConverter's one key, false only (we keep 32-bit unit vectors):",
            "proxima.normalize.reformer.forced_half_float"})
    String converterParams;

    @Option(names = "-measure_params", paramLabel = "JSON",
        description = {"mips_squared_euclidean's one key, 0 only (our one MIPS transform):",
            "proxima.mips_euclidean.measure.injection_type"})
    String measureParams;

    @Option(names = "-binary_to_int", paramLabel = "BOOL", arity = "1", defaultValue = "false",
        description = "Binary vectors given as dimension/32 INT32 words, most significant bit first (default: ${DEFAULT-VALUE}).")
    boolean binaryToInt;

    @Option(names = "-distance_method", paramLabel = "METHOD", defaultValue = "squared_euclidean",
        description = "squared_euclidean (score: distance, smaller is closer), inner_product (score: dot product, larger is closer), "
            + "mips_squared_euclidean (inner product through the MIPS transform, any algorithm), hamming (binary; "
            + "score: differing bits) or cosine (ours; score: cosine similarity) (default: ${DEFAULT-VALUE}).")
    String distanceMethod;

    @Option(names = "-pk_type", paramLabel = "TYPE", defaultValue = "string",
        description = "string, or int64 when pks are BIGINT (default: ${DEFAULT-VALUE}).")
    String pkType;

    @Option(names = "-vector_separator", paramLabel = "CHAR", defaultValue = "~",
        description = "Separator of vector components; the word blank means a space (default: ${DEFAULT-VALUE}).")
    String vectorSeparator;

    @Option(names = "-clean_build_volume", paramLabel = "BOOL", arity = "1",
        description = "Remove the index from the volume after seek and on failure (default: true when this run builds; "
            + "a seek-only run removes the index only when given true).")
    Boolean cleanBuildVolume;

    @Option(names = "-threads", paramLabel = "N", description = "Threads for build and seek (ours; default: all cores).")
    Integer threads;

    @Option(names = "-accept_stale_index", paramLabel = "BOOL", arity = "1", defaultValue = "false",
        description = "Ours: a seek-only run searches a kept index even when its doc partition changed since the build "
            + "(default: ${DEFAULT-VALUE}: such a run is refused, naming both).")
    boolean acceptStaleIndex;

    @Option(names = "-resume", paramLabel = "BOOL", arity = "1", defaultValue = "true",
        description = "Ours: running a command again after it failed or was killed reuses the stages it finished (train, "
            + "build, tune, seek) when their inputs and options are unchanged; false starts afresh, and a failed run then "
            + "removes the index it built (default: ${DEFAULT-VALUE}).")
    boolean resume;

    @Option(names = "-recall_sample", paramLabel = "N", defaultValue = "100",
        description = "Queries the recall stage samples (ours; default: ${DEFAULT-VALUE}).")
    int recallSample;

    @Option(names = "-recall_warn_below", paramLabel = "R", defaultValue = "0.9", converter = UnitInterval.class,
        description = "Ours: a run of hnsw or qc without the recall stage measures Recall@topk on 32 sampled queries after "
            + "the seek, and warns with the figure when it is below R (so does the recall stage); 0 turns this off "
            + "(default: ${DEFAULT-VALUE}).")
    double recallWarnBelow;

    @Option(names = "-volume_files", paramLabel = "URLS",
        description = {"odps:// files copied into the job's working directory before the stages.",
            "Spark's setting: odps.cupid.volume.files."})
    String volumeFiles;

    @Option(names = "-volume_archives", paramLabel = "URLS",
        description = {"odps:// .zip/.tar/.tar.gz archives unpacked there.", "Spark's setting: odps.cupid.volume.archives."})
    String volumeArchives;

    @Option(names = "-D", paramLabel = "KEY=VALUE",
        description = {"A configuration setting for this run and its MapReduce jobs (fs.oss.* keys, for example).",
            "Examples: -Dmapreduce.job.queuename=etl", "-D odps.cupid.volume.files=odps://p/v/f",
            "Hadoop's other generic options are taken too: -conf FILE, -files, -libjars, -archives (as hadoop jar takes them); "
            + "bin/proxima-ce also reads the *-site.xml files in $HADOOP_CONF_DIR and $YARN_CONF_DIR."})
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
  }

  /**
   * Proxima CE's AccessKey and RAM-role modes, which put the index straight in an OSS bucket instead of a volume.
   * AccessKey mode is the run's direct volume ({@link VolumeCatalog#DIRECT}): the bucket's root, reached with the keys
   * given, which are its credential (no volume grant applies; table privileges still do). RAM-role mode needs STS
   * AssumeRole, which proxima-ce cannot call: refused, naming what to use.
   */
  static final class OssModes {
    @Option(names = "-oss_access_id", paramLabel = "ID", description = "AccessKey mode: the index goes to the bucket, no volume.")
    String accessId;

    @Option(names = "-oss_access_key", paramLabel = "SECRET",
        description = "AccessKey mode: the key's secret (on the command line, as Proxima CE takes it; a volume keeps it off).")
    String accessKey;

    @Option(names = "-oss_endpoint", paramLabel = "HOST", description = "AccessKey mode: the OSS endpoint (http://HOST for plain HTTP).")
    String endpoint;

    @Option(names = "-oss_bucket", paramLabel = "BUCKET",
        description = "AccessKey mode: the bucket; indexes go under <owner_id>/indexes/ in it.")
    String bucket;

    @Option(names = "-oss_role_arn", paramLabel = "ARN",
        description = "RAM-role mode: refused (it needs STS AssumeRole, which proxima-ce cannot call).")
    String roleArn;

    /** The volume the run uses: {@code -external_volume}, or the direct volume of AccessKey mode when complete. */
    String volume(String volume) {
      if (roleArn != null) {
        throw new UsageException("-oss_role_arn (RAM-role mode) is not supported: it needs STS AssumeRole, which proxima-ce "
            + "cannot call; use AccessKey mode (-oss_access_id, -oss_access_key, -oss_endpoint, -oss_bucket) or a volume: "
            + "'vfs -set_credentials <profile> -access_key_id <id>', 'vfs -create <volume> -url oss://<endpoint>/<bucket>/<path> "
            + "-role_arn <profile>', then -external_volume <volume>");
      }
      List<String> missing = new java.util.ArrayList<>();
      for (String[] o : new String[][] {{"-oss_access_id", accessId}, {"-oss_access_key", accessKey},
          {"-oss_endpoint", endpoint}, {"-oss_bucket", bucket}}) {
        if (o[1] == null || o[1].isBlank()) {
          missing.add(o[0]);
        }
      }
      if (missing.size() == 4) {
        if (volume == null) {
          throw new UsageException("Missing required option: '-external_volume=VOLUME' (or AccessKey mode's -oss_access_id, "
              + "-oss_access_key, -oss_endpoint and -oss_bucket)");
        }
        return volume;
      }
      if (volume != null) {
        throw new UsageException("give -external_volume " + volume + " or AccessKey mode's -oss_* options, not both");
      }
      if (!missing.isEmpty()) {
        throw new UsageException("AccessKey mode also needs " + String.join(", ", missing)
            + " (it takes -oss_access_id, -oss_access_key, -oss_endpoint and -oss_bucket)");
      }
      io.proximace.volume.Volume.checkBucketName(bucket, "-oss_bucket");
      return VolumeCatalog.DIRECT;
    }

    /** In AccessKey mode, sets up the run's direct volume in {@code conf}. */
    void apply(org.apache.hadoop.conf.Configuration conf) {
      if (accessId != null) {
        VolumeCatalog.direct(conf, endpoint, bucket, accessId, accessKey);
      }
    }
  }

  /** Where the run executes and how it splits. */
  static final class Execution {
    @Option(names = "-mode", paramLabel = "MODE", defaultValue = "auto",
        description = "auto: MapReduce when the run would not fit the memory budget, else this JVM; local; mapreduce "
            + "(ours; default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "-column_num", paramLabel = "N", defaultValue = "0",
        description = "Doc shards, one index each; 0: sized to the memory budget (default: ${DEFAULT-VALUE}).")
    int columnNum;

    @Option(names = "-row_num", paramLabel = "N", defaultValue = "0",
        description = "Query shards; seek runs row_num x column_num tasks (below 99,999); 0: sized to the budget (default: ${DEFAULT-VALUE}).")
    int rowNum;

    @Option(names = "-sharding_mode", paramLabel = "MODE", defaultValue = "hash",
        description = "hash: docs go to shards by pk; cluster: by nearest k-means centroid, and each query visits only "
            + "its nearest shards (default: ${DEFAULT-VALUE}).")
    String shardingMode;

    @Option(names = "-kmeans_cluster_num", paramLabel = "N", defaultValue = "0",
        description = "Centroids (= doc shards) of cluster sharding; 0: -column_num (default: ${DEFAULT-VALUE}).")
    int kmeansClusterNum;

    @Option(names = "-kmeans_seek_ratio", paramLabel = "R", defaultValue = "0.2",
        description = "Cluster sharding: the fraction of nearest shards a query visits, at least one (default: ${DEFAULT-VALUE}).")
    double kmeansSeekRatio;

    @Option(names = "-kmeans_resource_name", paramLabel = "TABLE",
        description = "Cluster sharding from given centroids: refused; the train stage learns the centroids (use "
            + "-kmeans_cluster_num).")
    String kmeansResourceName;

    @Option(names = "-memory_budget_mb", paramLabel = "MB", defaultValue = "0",
        description = "Memory a JVM (or a task) may fill with docs and queries; decides local or MapReduce and sizes shards "
            + "(ours; 0: half the heap) (default: ${DEFAULT-VALUE}).")
    long memoryBudgetMb;

    Sharding toSharding() {
      if (kmeansResourceName != null) {
        throw new UsageException("-kmeans_resource_name " + kmeansResourceName + " is not supported: with -sharding_mode "
            + "cluster the train stage learns the shard centroids itself (k-means on a sample of the docs); give their "
            + "number with -kmeans_cluster_num");
      }
      return new Sharding(ExecutionMode.parse(mode), columnNum, rowNum, Sharding.parseByCluster(shardingMode), kmeansClusterNum,
          kmeansSeekRatio, memoryBudgetMb);
    }
  }

  /** Which results a run keeps, and how hard it searches. */
  static final class Selection {
    @Option(names = "-threshold_score", paramLabel = "SCORE",
        description = "Drop results worse than SCORE: larger distances (squared_euclidean, hamming), smaller products "
            + "or cosines (inner_product, mips_squared_euclidean, cosine).")
    Double thresholdScore;

    @Option(names = "-target_recall", paramLabel = "R",
        description = "Ours: before the seek, measure Recall@topk on the sampled queries for growing search effort (hnsw ef, "
            + "qc scan_ratio) and use the smallest that reaches R, in (0, 1].")
    Double targetRecall;

    @Option(names = "-category_threshold", paramLabel = "N", defaultValue = "1000000",
        description = "Multi-category: categories with fewer docs are searched by exact linear scan (default: ${DEFAULT-VALUE}).")
    long categoryThreshold;

    @Option(names = "-category_thread_num", paramLabel = "N", defaultValue = "0",
        description = "Multi-category: threads that build and search each category of -category_threshold docs or more; "
            + "0: -threads (default: ${DEFAULT-VALUE}).")
    int categoryThreadNum;

    @Option(names = "-category_row_num", paramLabel = "N", defaultValue = "0",
        description = "Multi-category: Proxima CE's block split of the small categories' seek; accepted, no effect here "
            + "(every category is searched in this JVM), with a warning (default: ${DEFAULT-VALUE}).")
    int categoryRowNum;

    @Option(names = "-category_col_num", paramLabel = "N", defaultValue = "0",
        description = "Multi-category: likewise, the split's columns; accepted, no effect, a warning (default: ${DEFAULT-VALUE}).")
    int categoryColNum;

    @Option(names = "-query_multi_label", paramLabel = "BOOL", arity = "1", defaultValue = "false",
        description = "Multi-category: the query table lists categories in multicategory STRING, e.g. 1,5,9; each query "
            + "is searched in every one and the results merged (default: ${DEFAULT-VALUE}).")
    boolean queryMultiLabel;

    @Option(names = "-category_mismatch", paramLabel = "MODE", defaultValue = "error",
        description = "Ours: error (as Proxima CE) when doc and query categories differ, or warn: queries of a category "
            + "without docs get no rows (default: ${DEFAULT-VALUE}).")
    String categoryMismatch;
  }

  /** The options as a checked job spec; a bad value or combination is a {@link UsageException}. */
  JobSpec toJobSpec(String project) {
    try {
      return spec(project);
    } catch (UsageException e) {
      throw e;
    } catch (ProximaException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private JobSpec spec(String project) {
    Required r = required;
    Optional o = optional;
    JobSpec.Builder b = JobSpec.builder()
        .docs(TableName.parse(r.docTable, project), r.docPartition)
        .queries(TableName.parse(r.queryTable, project), r.queryPartition)
        .output(TableName.parse(r.outputTable, project), r.outputPartition)
        .dataType(DataType.parse(r.dataType))
        .binaryToInt(o.binaryToInt)
        .dimension(r.dimension)
        .topk(JobSpec.parseTopk(o.topk))
        .mode(JobMode.parse(o.jobMode))
        .pkType(PkType.parse(o.pkType))
        .vectorSeparator(JobSpec.parseSeparator(o.vectorSeparator))
        .algorithm(Algorithm.parse(o.algoModel))
        .builderParams(o.builderParams)
        .searcherParams(o.searcherParams)
        .distance(DistanceMethod.parse(o.distanceMethod))
        .converter(Converter.parse(o.converter))
        .converterParams(o.converterParams)
        .measureParams(o.measureParams)
        .volume(ossModes.volume(r.volume), r.ownerId)
        .cleanBuildVolume(o.cleanBuildVolume)
        .recallSample(o.recallSample)
        .recallWarnBelow(o.recallWarnBelow)
        .volumeFiles(o.volumeFiles != null ? o.volumeFiles : o.settings.get("odps.cupid.volume.files"))
        .volumeArchives(o.volumeArchives != null ? o.volumeArchives : o.settings.get("odps.cupid.volume.archives"))
        .sharding(execution.toSharding())
        .thresholdScore(selection.thresholdScore)
        .targetRecall(selection.targetRecall)
        .categories(new Categories(selection.categoryThreshold, selection.queryMultiLabel,
            Categories.parseMismatch(selection.categoryMismatch), selection.categoryThreadNum, selection.categoryRowNum,
            selection.categoryColNum))
        .acceptStaleIndex(o.acceptStaleIndex)
        .resume(o.resume);
    if (o.threads != null) {
      b.threads(o.threads);
    }
    return b.build();
  }

  @Override
  public Integer call() throws Exception {
    refuseRepeatedOptions(spec.commandLine().getParseResult());
    ProximaCeCommand root = ProximaCeCommand.of(spec);
    java.util.List<String> unknown = root.applyGenericOptions(unmatched);
    if (!unknown.isEmpty()) {
      throw new picocli.CommandLine.UnmatchedArgumentException(spec.commandLine(), unknown);
    }
    JobSpec job = toJobSpec(root.project);
    io.proximace.home.Home home = root.openHome();
    optional.settings.forEach((k, v) -> home.conf().set(k, v));
    ossModes.apply(home.conf());
    RunResult result = new Runner(home, new MapReduceExecutor(home.conf())).run(job);
    printSummary(spec.commandLine().getOut(), result);
    return 0;
  }

  /**
   * Refuses an option of a section given twice, as picocli refuses a repeated plain option. picocli would start a
   * new instance of the section (an {@code @ArgGroup}, here only for the help's headings) and the run would silently
   * take the defaults for the section's other options.
   */
  static void refuseRepeatedOptions(ParseResult parsed) {
    for (ArgGroupSpec group : parsed.commandSpec().argGroups()) {
      List<GroupMatch> matches = parsed.findMatches(group).stream().flatMap(c -> c.matches().stream()).toList();
      if (matches.size() < 2) {
        continue;
      }
      for (OptionSpec option : group.options()) {
        if (!option.isMultiValue() && matches.stream().filter(m -> !m.matchedValues(option).isEmpty()).count() > 1) {
          throw new UsageException("option '" + option.longestName() + "' (" + option.paramLabel() + ") should be specified only once");
        }
      }
      throw new UsageException("an option of the section '" + group.heading().replace("%n", "").replace(":", "")
          + "' was given twice");
    }
  }

  /** A number in [0, 1]; anything else is a usage error (exit 2), as a value that is not a number is. */
  static final class UnitInterval implements picocli.CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      double v;
      try {
        v = Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a number");
      }
      if (!(v >= 0 && v <= 1)) {
        throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not in [0, 1]");
      }
      return v;
    }
  }

  static void printSummary(PrintWriter out, RunResult r) {
    StringJoiner stages = new StringJoiner(", ");
    for (StageRun s : r.stages()) {
      stages.add(s.stage().optionName() + String.format(Locale.ROOT, " %.2f s", s.seconds()) + (s.resumed() ? " (resumed)" : ""));
    }
    out.printf(Locale.ROOT, "OK: %s written to %s (%s, %s; %s)%n", Units.count(r.rowsWritten(), "row"), r.output(),
        Units.count(r.queries(), "query", "queries"), Units.count(r.docs(), "doc"), stages);
    io.proximace.plan.Execution e = r.plan().execution();
    if (e.mapReduce()) {
      out.printf(Locale.ROOT, "ran as MapReduce: %s x %s%n", Units.count(e.columns(), "doc shard"),
          Units.count(e.rows(), "query shard"));
    }
    if (!r.recall().isEmpty()) {
      StringJoiner line = new StringJoiner(" ");
      r.recall().forEach((k, v) -> line.add(String.format(Locale.ROOT, "Recall@%d=%.4f", k, v)));
      Double seek = r.stageSeconds().get(io.proximace.plan.Stage.SEEK);
      out.printf(Locale.ROOT, "%s (%s%s)%n", line, Units.count(r.recallQueries(), "sampled query", "sampled queries"),
          seek == null ? "" : String.format(Locale.ROOT, "; seek took %.2f s", seek));
    }
    if (r.indexKept()) {
      out.println("index kept at " + r.index());
    }
    if (r.report() != null) {
      out.println("report: " + r.report());
    }
    if (r.workDir() != null) {
      out.println("working directory " + r.workDir() + (java.nio.file.Files.isDirectory(java.nio.file.Path.of(r.workDir())) ? ""
          : " (removed after the run; -D proxima.work.keep=true keeps it)"));
    }
    out.flush();
  }
}
