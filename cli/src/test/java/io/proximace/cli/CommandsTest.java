package io.proximace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table, vfs, run and jar commands as a user types them, and how they fail. */
class CommandsTest {
  @TempDir
  Path tmp;
  Cli cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new Cli(tmp.resolve("home"));
    Files.writeString(tmp.resolve("doc.csv"), SeedExample.DOCS);
    Files.writeString(tmp.resolve("query.csv"), "pk,vector\n" + SeedExample.QUERIES);
    ok("table", "create", "doc", "pk STRING, vector STRING", "--partitioned-by", "pt STRING");
    ok("table", "create", "query", "pk STRING, vector STRING");
    ok("table", "import", "doc", "pt=1", "--file", tmp.resolve("doc.csv").toString());
    ok("table", "import", "query", "pt=1", "--file", tmp.resolve("query.csv").toString(), "--header");
    ok("vfs", "-create", "vol", "-storage_provider", "local", "-url", tmp.resolve("vol").toUri().toString(), "-acd", "true");
  }

  private String ok(String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
    return r.out();
  }

  /** Runs a command that must fail with {@code code}, printing one line and no stack trace. */
  private String fails(int code, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(code, r.code(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r.err();
  }

  /** The runner's command line; {@code overrides} are option-value pairs that replace or add to the defaults. */
  private String[] run(String... overrides) {
    java.util.LinkedHashMap<String, String> opts = new java.util.LinkedHashMap<>();
    String[] base = {"-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query",
        "-query_table_partition", "1", "-output_table", "out", "-output_table_partition", "1", "-data_type", "float",
        "-dimension", "8", "-external_volume", "vol", "-owner_id", "me"};
    for (int i = 0; i < base.length; i += 2) {
      opts.put(base[i], base[i + 1]);
    }
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        opts.remove(overrides[i]); // a default left out
      } else {
        opts.put(overrides[i], overrides[i + 1]);
      }
    }
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run"));
    opts.forEach((k, v) -> {
      all.add(k);
      all.add(v);
    });
    return all.toArray(new String[0]);
  }

  @Test
  void tableCommandsShowListDescribeAndDrop() {
    assertEquals("doc\nquery\n", ok("table", "list"));
    String csv = ok("table", "show", "doc", "pt=1", "--format", "csv", "--limit", "2");
    assertEquals("pk,vector,pt\n1.nid,1~1~1~1~1~1~1~1,1\n2.nid,2~2~2~2~2~2~2~2,1\n", csv);
    String table = ok("table", "show", "query", "1");
    assertTrue(table.contains("| q2.nid     | 4~4~4~4~3~3~3~3 | 1          |"), table);
    assertTrue(table.endsWith("3 rows\n"), table);
    String describe = ok("table", "describe", "doc");
    assertTrue(describe.contains("columns:        pk STRING, vector STRING"), describe);
    assertTrue(describe.contains("pt=1  1 file, 229 bytes"), describe);
    ok("table", "add-partition", "doc", "pt=2");
    ok("table", "drop-partition", "doc", "pt=2");
    assertTrue(fails(1, "table", "show", "doc", "pt=2").contains("partition pt=2 of table default.doc does not exist (partitions: 1)"));
    ok("table", "drop", "query");
    assertEquals("doc\n", ok("table", "list"));
  }

  @Test
  void importFromStandardInputAndBadImports() throws IOException {
    var in = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("x;1~2\n".getBytes()));
      assertEquals("imported 1 row into default.doc/pt=9\n", ok("table", "import", "doc", "pt=9", "--file", "-", "--delimiter", ";"));
    } finally {
      System.setIn(in);
    }
    Files.writeString(tmp.resolve("bad.csv"), "a,1~2\n\"b,2~3\n");
    assertEquals("proxima-ce: error: " + tmp.resolve("bad.csv") + ": line 2: a quoted field is not closed before the end of the file\n",
        fails(1, "table", "import", "doc", "pt=1", "--file", tmp.resolve("bad.csv").toString()));
    assertTrue(ok("table", "show", "doc", "pt=1").contains("10 rows"), "a failed import changes nothing");
    assertTrue(fails(1, "table", "import", "doc", "pt=1", "--file", tmp.resolve("missing.csv").toString()).contains("no such file"));
    assertTrue(fails(1, "table", "create", "tmp_x", "pk STRING").contains("reserves for its temporary tables"));
  }

  @Test
  void runAndTheSeedsJarFormGiveTheSameRows() {
    String out = ok(run("-topk", "3", "-job_mode", "train:build:seek:recall"));
    assertTrue(out.startsWith("OK: 9 rows written to default.out/pt=1 (3 queries, 10 docs;"), out);
    assertTrue(out.contains("Recall@3=1.0000 (3 sampled queries; seek took "), out);
    String first = ok("table", "show", "out", "pt=1", "--format", "csv");
    ok("table", "drop", "out");
    String[] seed = {"jar", "-libjars", "proxima-ce-aliyun-1.0.0.jar", "-classpath", "proxima-ce-aliyun-1.0.0.jar",
        "com.alibaba.proxima2.ce.ProximaCERunner", "-doc_table", "doc", "-doc_table_partition", "1", "-query_table", "query",
        "-query_table_partition", "1", "-output_table", "out", "-output_table_partition", "1", "-data_type", "float",
        "-dimension", "8", "-topk", "3", "-job_mode", "train:build:seek:recall", "-external_volume_name", "vol",
        "-owner_id", "me", ";"};
    ok(seed);
    assertEquals(first, ok("table", "show", "out", "pt=1", "--format", "csv"));
    assertTrue(first.startsWith("pk,knn_result,score,pt\nq1.nid,1.nid,4.0,1\n"), first);
  }

  @Test
  void theReportCommandSummarizesARun() {
    String out = ok(run("-topk", "3", "-job_mode", "train:build:seek:recall", "-algo_model", "linear"));
    assertTrue(out.contains("report: odps://default/vol/me/runs/default.out/pt=1/report.html\n"), out);
    String summary = ok("report", "/vol/me/runs/default.out/pt=1/");
    assertTrue(summary.startsWith("run default.out/pt=1, finished "), summary);
    assertTrue(summary.contains("\nplan: local (fits: about "), summary);
    assertTrue(summary.contains("\nsummary: linear, squared_euclidean; seek ")
        && summary.contains(" queries/s; Recall@3 1.0000, 95% interval [0.4385, 1.0000] (3 sampled queries); proxima-ce "), summary);
    assertTrue(summary.contains("\nrows: 10 docs, 3 queries, 9 written, 0 rejected\n"), summary);
    assertTrue(summary.contains("\nstages: train ") && summary.contains("\nrecall: Recall@3=1.0000 (3 sampled queries)\n"), summary);
    assertEquals(summary, ok("report", "odps://default/vol/me/runs/default.out/pt=1/report.html"));
    assertEquals(summary, ok("report", tmp.resolve("vol/me/runs/default.out/pt=1/report.json").toString()));
    assertTrue(fails(1, "report", "/vol/nothing/").contains("no report at odps://default/vol/nothing/report.json"));
    assertTrue(fails(2, run("-threshold_score", "abc")).contains("Invalid value for option '-threshold_score': 'abc' is not a double"));
  }

  @Test
  void theJarStartedByHadoopJarHandsTheRunnerItsGenericOptions() throws Exception {
    String summary = ok(run("-topk", "3", "-mode", "local"));
    assertTrue(summary.contains(", check ") && summary.contains("\nRecall@3=1.0000 (3 sampled queries"),
        "a run without the recall stage checks a sample: " + summary);
    String local = ok("table", "show", "out", "pt=1", "--format", "csv");
    // hadoop jar proxima-ce.jar com.alibaba.proxima2.ce.ProximaCERunner -D ... <runner options>
    String[] hadoopJar = java.util.stream.Stream.concat(
        java.util.stream.Stream.of("com.alibaba.proxima2.ce.ProximaCERunner", "-D", "mapreduce.framework.name=local",
            "-D", "mapreduce.client.completion.pollinterval=20", "--home", tmp.resolve("home").toString()),
        java.util.Arrays.stream(run("-topk", "3", "-mode", "mapreduce", "-column_num", "2", "-output_table", "out_mr")).skip(1))
        .toArray(String[]::new);
    assertEquals(0, Main.run(hadoopJar));
    assertEquals(local.replace("pk,knn_result,score,pt\n", ""),
        ok("table", "show", "out_mr", "pt=1", "--format", "csv").replace("pk,knn_result,score,pt\n", ""));
  }

  private Path confFile(String name, String key, String value) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, "<configuration><property><name>" + key + "</name><value>" + value
        + "</value></property></configuration>\n");
    return file;
  }

  /** Appends {@code extra} to the runner's command line. */
  private static String[] with(String[] args, String... extra) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra)).toArray(String[]::new);
  }

  @Test
  void runAndJarTakeHadoopsGenericOptionsAndHandThemToTheMapReduceJobs() throws IOException {
    String[] mr = run("-topk", "3", "-mode", "mapreduce", "-column_num", "2", "-output_table", "out_mr");
    // the job configuration gets them: a framework that does not exist stops the job's submission
    String bad = confFile("bad.xml", "mapreduce.framework.name", "nowhere").toString();
    assertTrue(fails(1, with(mr, "-Dmapreduce.framework.name=nowhere")).contains("mapreduce.framework.name"));
    assertTrue(fails(1, with(mr, "-conf", bad)).contains("mapreduce.framework.name"));
    assertTrue(fails(1, with(mr, "-D", "mapreduce.framework.name=nowhere")).contains("mapreduce.framework.name"));
    String[] jar = {"jar", "-libjars", "proxima-ce-aliyun-1.0.0.jar", "com.alibaba.proxima2.ce.ProximaCERunner"};
    assertTrue(fails(1, with(with(jar, java.util.Arrays.copyOfRange(mr, 1, mr.length)), "-conf", bad, ";"))
        .contains("mapreduce.framework.name"));
    assertTrue(fails(1, with(with(new String[] {"jar", "-conf", bad, "ProximaCERunner"}, java.util.Arrays.copyOfRange(mr, 1, mr.length))))
        .contains("mapreduce.framework.name"));
    // a queue name (ignored by LocalJobRunner) and -files are taken as Hadoop takes them
    String keep = confFile("keep.xml", "proxima.work.keep", "true").toString();
    assertTrue(ok(with(mr, "-Dmapreduce.job.queuename=x", "-files", keep, "-Dmapreduce.client.completion.pollinterval=20"))
        .contains("ran as MapReduce: 2 doc shards"));
    // and the run's own settings: -conf keeps the working directory
    Files.writeString(tmp.resolve("vol/hello.txt"), "hi\n");
    String out = ok(with(run("-topk", "3", "-output_table", "out_keep", "-volume_files", "odps://default/vol/hello.txt"), "-conf", keep));
    assertTrue(out.contains("\nworking directory ") && !out.contains("(removed after the run"), out);
    assertTrue(fails(2, with(mr, "-conf")).contains("-conf"));
    assertTrue(fails(1, with(mr, "-conf", tmp.resolve("none.xml").toString())).contains("none.xml"));
    assertTrue(fails(2, with(mr, "-doc_tabel", "doc")).contains("Unknown options: '-doc_tabel', 'doc'"));
  }

  @Test
  void badOptionsAreUsageErrorsOrNamedFailures() {
    assertTrue(fails(2, "run", "-doc_table", "doc").contains("Missing required options: '-doc_table_partition PT'"));
    assertTrue(fails(2, "run", "-doc_table", "doc", "-doc_table", "doc2").contains("option '-doc_table' (TABLE) should be specified only once"));
    assertTrue(fails(2, run("-dimension", "x")).contains("Invalid value for option '-dimension': 'x' is not an int"));
    assertTrue(fails(2, run("-recall_warn_below", "1.5")).contains("Invalid value for option '-recall_warn_below': '1.5' is not in [0, 1]"));
    assertTrue(fails(2, run("-recall_warn_below", "x")).contains("Invalid value for option '-recall_warn_below': 'x' is not a number"));
    assertTrue(fails(2, run("-bogus", "1")).contains("Unknown options: '-bogus', '1'"));
    // a value proxima-ce checks itself is a usage error too, whoever checks it
    assertEquals("-dimension must be between 1 and 1048576, not -8", usage(run("-dimension", "-8")));
    assertEquals("-dimension must be between 1 and 1048576, not 2147483647", usage(run("-dimension", "2147483647")));
    assertEquals("unknown -data_type 'double': expected one of float, int8, binary", usage(run("-data_type", "double")));
    assertEquals("-data_type binary needs a -dimension that is a multiple of 32, not 8",
        usage(run("-data_type", "binary", "-distance_method", "hamming", "-algo_model", "linear")));
    assertEquals("unknown -distance_method 'l1': expected one of squared_euclidean, inner_product, "
        + "mips_squared_euclidean, hamming, cosine", usage(run("-distance_method", "l1")));
    assertTrue(usage(run("-job_mode", "train")).startsWith("unknown -job_mode 'train': expected one of train:build:seek,"));
    assertEquals("-algo_model ssg (a graph) is not available in proxima-ce; use hnsw, its graph index; supported: "
        + "hnsw (graph), qc (clusters), linear (exact)", usage(run("-algo_model", "ssg")));
    assertEquals("-algo_model hc (clustering) is not available in proxima-ce; use qc, its cluster index; supported: "
        + "hnsw (graph), qc (clusters), linear (exact)", usage(run("-algo_model", "HC")));
    assertTrue(usage(run("-algo_model", "gc")).startsWith("-algo_model gc (clustering) is not available in proxima-ce; use qc"));
    assertEquals("-builder_params: unknown key a; valid keys: proxima.hnsw.builder.max_neighbor_count, "
        + "proxima.hnsw.builder.efconstruction, proxima.hnsw.builder.alpha, proxima.hnsw.builder.neighbor_overflow, "
        + "proxima.hnsw.builder.hierarchy, proxima.hnsw.builder.refine", usage(run("-builder_params", "{\"a\":1}")));
    assertEquals("-measure_params: unknown key a; valid keys: none with -distance_method squared_euclidean",
        usage(run("-measure_params", "{\"a\":1}")));
    assertEquals("-measure_params: proxima.mips_euclidean.measure.injection_type 1 is not supported: proxima-ce has one "
        + "MIPS transform, 0 (docs gain sqrt(M^2 - |d|^2), queries a 0)", usage(run("-distance_method", "mips_squared_euclidean",
        "-measure_params", "{\"proxima.mips_euclidean.measure.injection_type\":1}")));
    assertEquals("-converter_params: proxima.normalize.reformer.forced_half_float true is not supported: proxima-ce keeps "
        + "unit vectors as 32-bit floats; leave it out or give false", usage(run("-converter", "NormalizeConverter",
        "-distance_method", "inner_product", "-converter_params", "{\"proxima.normalize.reformer.forced_half_float\":true}")));
    assertEquals("-converter_params: unknown key proxima.normalize.reformer.forced_half_float; valid keys: none with "
        + "-converter (none)", usage(run("-converter_params", "{\"proxima.normalize.reformer.forced_half_float\":false}")));
    assertEquals("-converter_params: unknown key x; valid keys: proxima.normalize.reformer.forced_half_float",
        usage(run("-converter", "NormalizeConverter", "-distance_method", "inner_product", "-converter_params", "{\"x\":1}")));
    // the documented values that are what proxima-ce does are accepted, and change no row
    ok(run("-topk", "3", "-output_table", "out_cp0", "-converter", "NormalizeConverter", "-distance_method", "inner_product"));
    ok(run("-topk", "3", "-output_table", "out_cp1", "-converter", "NormalizeConverter", "-distance_method", "inner_product",
        "-converter_params", "{\"proxima.normalize.reformer.forced_half_float\":false}"));
    assertEquals(rows("out_cp0"), rows("out_cp1"));
    ok(run("-topk", "3", "-output_table", "out_mp0", "-distance_method", "mips_squared_euclidean"));
    ok(run("-topk", "3", "-output_table", "out_mp1", "-distance_method", "mips_squared_euclidean", "-measure_params",
        "{\"proxima.mips_euclidean.measure.injection_type\":0}"));
    assertEquals(rows("out_mp0"), rows("out_mp1"));
    assertTrue(ok(run("-threshold_score", "4", "-topk", "3")).startsWith("OK: 4 rows written"), "the seed scores 4.0 twice for q1 and q2");
    assertEquals("-column_num 400 x -row_num 400 must stay below 99999", usage(run("-column_num", "400", "-row_num", "400")));
    assertEquals("unknown -mode 'yarn': expected auto, local or mapreduce", usage(run("-mode", "yarn")));
    assertEquals("-kmeans_cluster_num needs -sharding_mode cluster", usage(run("-kmeans_cluster_num", "4")));
    assertEquals("-kmeans_seek_ratio must be in (0, 1], not 1.5", usage(run("-sharding_mode", "cluster", "-kmeans_seek_ratio", "1.5")));
    ok(run("-column_num", "0", "-binary_to_int", "false"));
    assertTrue(usage(run("-output_table", "a.b.c")).contains("a table name may contain no '.' other than the one in project.table"));
    assertTrue(usage(run("-doc_table", "x".repeat(65))).contains("longer than 64 characters"));
    assertTrue(usage(run("-output_table", "my_tmp_out")).contains("contains 'tmp_'"));
    assertTrue(usage(run("-threads", "0")).contains("-threads must be between 1 and 1024, not 0"));
    assertTrue(usage(run("-topk", "0")).contains("-topk '0': 0 is outside 1..100000"));
    assertEquals("jar: the main class must be com.alibaba.proxima2.ce.ProximaCERunner, not 'Foo'",
        usage("jar", "-libjars", "x.jar", "Foo", "-doc_table", "doc"));
    // a -dimension the data does not have fails on the first row, before any plan is made
    assertEquals("proxima-ce: error: doc table default.doc, partition pt=1, row 1 (part-00000.csv line 1), pk '1.nid', column vector: "
        + "expected 100000 components (-dimension 100000), found 8\n", fails(1, run("-dimension", "100000")));
  }

  @Test
  void accessKeyModeWritesTheIndexToTheBucketAndRamRoleModeIsRefused() throws IOException {
    try (io.proximace.volume.OssServer server = new io.proximace.volume.OssServer("test-ak", "test-sk")) {
      server.createBucket("mybucket");
      String[] direct = {"-external_volume", null, "-oss_access_id", "test-ak", "-oss_access_key", "test-sk",
          "-oss_endpoint", "http://" + server.hostPort(), "-oss_bucket", "mybucket", "-topk", "3"};
      ok(run(with(direct, "-output_table", "out_ak", "-clean_build_volume", "false")));
      assertTrue(server.objects("mybucket").containsKey("me/indexes/default.doc/pt=1/hnsw/manifest.json"),
          server.objects("mybucket").keySet().toString());
      String report = new String(server.objects("mybucket").get("me/runs/default.out_ak/pt=1/report.json").data(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(report.contains("\"-oss_bucket\" : \"mybucket\"") && !report.contains("test-sk"), report);
      ok(run("-topk", "3", "-output_table", "out_vol"));
      assertEquals(rows("out_vol"), rows("out_ak"), "the same rows as with a volume");
      String wrong = fails(1, run(with(direct, "-oss_access_key", "wrong-sk", "-output_table", "out_bad")));
      assertFalse(wrong.contains("wrong-sk"), "a secret is never echoed: " + wrong);
      assertTrue(wrong.contains("OSS rejected AccessKey mode's keys for bucket mybucket") && wrong.contains("check -oss_access_id and -oss_access_key"), wrong);
    }
    // a misspelt option is echoed back by the parser: its value is masked, in either spelling
    String typo = usage(run("-external_volume", null, "-oss_acess_key", "SECRETXYZ123"));
    assertTrue(typo.contains("'-oss_acess_key', '****'") && !typo.contains("SECRETXYZ123"), typo);
    String joined = usage(run("-external_volume", null, "--oss-access-key=SECRETXYZ123", "x"));
    assertTrue(joined.contains("--oss-access-key=****") && !joined.contains("SECRETXYZ123"), joined);
    assertEquals("AccessKey mode also needs -oss_access_key, -oss_bucket (it takes -oss_access_id, -oss_access_key, "
        + "-oss_endpoint and -oss_bucket)", usage(run("-external_volume", null, "-oss_access_id", "ak", "-oss_endpoint", "e")));
    assertEquals("give -external_volume vol or AccessKey mode's -oss_* options, not both", usage(run("-oss_bucket", "b")));
    assertEquals("-oss_bucket: 'My_Bucket' is not an OSS bucket name: 3 to 63 lower-case letters, digits and hyphens, "
        + "starting and ending with a letter or digit",
        usage(run("-external_volume", null, "-oss_access_id", "ak", "-oss_access_key", "sk", "-oss_endpoint", "e",
            "-oss_bucket", "My_Bucket")));
    assertTrue(usage(run("-external_volume", null, "-oss_role_arn", "acs:ram::1:role/r", "-oss_bucket", "b"))
        .startsWith("-oss_role_arn (RAM-role mode) is not supported: it needs STS AssumeRole, which proxima-ce cannot call; "
            + "use AccessKey mode"));
    assertEquals("Missing required option: '-external_volume=VOLUME' (or AccessKey mode's -oss_access_id, -oss_access_key, "
        + "-oss_endpoint and -oss_bucket)", usage(run("-external_volume", null)));
  }

  @Test
  void givenCentroidsAreRefusedNamingWhatToUse() {
    assertEquals("-kmeans_resource_name centroids is not supported: with -sharding_mode cluster the train stage learns the "
        + "shard centroids itself (k-means on a sample of the docs); give their number with -kmeans_cluster_num",
        usage(run("-sharding_mode", "cluster", "-kmeans_resource_name", "centroids")));
  }

  @Test
  void categoryLayoutOptionsAreAcceptedAndWarnedAbout() {
    // the doc table has no category column: the options change nothing (CategoriesTest checks the warning)
    ok(run("-topk", "3", "-output_table", "out_c0"));
    ok(run("-topk", "3", "-output_table", "out_c1", "-category_row_num", "2", "-category_col_num", "3", "-category_thread_num", "2"));
    assertEquals(rows("out_c0"), rows("out_c1"));
    assertTrue(usage(run("-category_thread_num", "-1")).contains("-category_thread_num must be between 1 and 1024"));
  }

  /** The rows of output partition pt=1 of {@code table}, as csv. */
  private String rows(String table) {
    String csv = ok("table", "show", table, "pt=1", "--format", "csv", "--limit", "100000");
    assertTrue(csv.lines().count() > 1, csv);
    return csv;
  }

  /** Runs a command that must fail as bad usage (exit 2); returns its one-line message. */
  private String usage(String... args) {
    String err = fails(2, args);
    assertTrue(err.startsWith("proxima-ce: ") && err.endsWith(" --help' for more information.\n"), err);
    return err.substring("proxima-ce: ".length(), err.indexOf('\n'));
  }

  @Test
  void vfsCreatesAndListsVolumes() throws IOException {
    String list = ok("vfs", "-ls", "/");
    assertTrue(list.startsWith("vol                      local  file:///"), list);
    assertTrue(fails(1, "vfs", "-create", "v2", "-url", tmp.resolve("missing").toUri().toString())
        .contains("does not exist: create it, or pass -acd true to have it created"));
    assertTrue(fails(1, "vfs", "-create", "vol", "-url", tmp.toUri().toString()).contains("volume vol already exists"));
    assertTrue(fails(1, "vfs", "-create", "v3", "-storage_provider", "oss", "-url", "oss://bkt/p").contains("an oss volume needs -role_arn"));
    ok(run("-topk", "1", "-clean_build_volume", "false"));
    String files = ok("vfs", "-ls", "/vol/me/indexes/default.doc/pt=1/hnsw");
    assertTrue(files.contains("manifest.json") && files.contains("graph.bin") && files.contains("pks.bin"), files);
    assertTrue(files.indexOf("graph.bin") < files.indexOf("manifest.json") && files.indexOf("manifest.json") < files.indexOf("pks.bin"),
        "sorted by name, as hdfs dfs -ls: " + files);
    assertTrue(fails(1, "vfs", "-ls", "/vol/../x").contains("volume x does not exist"));
    assertTrue(fails(1, "vfs", "-ls", "odps://default/vol/%2e%2e/x").contains("is not a plain relative path inside volume vol"));
  }

  @Test
  void aVolumeWhoseFolderVanishedIsNamed() throws IOException {
    ok("vfs", "-create", "gone", "-url", tmp.resolve("gone").toUri().toString(), "-acd", "true");
    Files.delete(tmp.resolve("gone"));
    String err = fails(1, run("-external_volume", "gone"));
    assertTrue(err.contains("the folder file://" + tmp.resolve("gone") + " of volume gone has vanished: recreate it"), err);
    assertFalse(Files.exists(tmp.resolve("gone")), "nothing recreated it behind the user's back");
    assertTrue(fails(1, run("-external_volume", "nope")).contains("volume nope does not exist in project default (volumes: vol, gone)"));
  }

  @Test
  void helpListsEveryCommandAndOption() {
    String help = ok("--help");
    for (String c : new String[] {"run", "jar", "table", "vfs", "demo"}) {
      assertTrue(help.contains("  " + c + " "), c);
    }
    String run = ok("run", "--help");
    for (String o : new String[] {"-doc_table", "-topk", "-job_mode", "-external_volume_name", "-clean_build_volume",
        "-builder_params", "-searcher_params", "-converter", "-threads", "-recall_warn_below"}) {
      assertTrue(run.contains(o), o);
    }
    assertTrue(ok("table", "import", "--help").contains("--header"));
  }
}
