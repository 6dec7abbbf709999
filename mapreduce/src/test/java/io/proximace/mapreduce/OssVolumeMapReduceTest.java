package io.proximace.mapreduce;

import io.proximace.home.Home;
import io.proximace.plan.ExecutionMode;
import io.proximace.plan.JobMode;
import io.proximace.run.RunResult;
import io.proximace.volume.Credentials;
import io.proximace.volume.LogCapture;
import io.proximace.volume.OssFileSystem;
import io.proximace.volume.OssServer;
import io.proximace.volume.VolumeCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MapReduce tasks reach an OSS volume with the secret from the job's credentials, never its configuration. */
class OssVolumeMapReduceTest {
  @TempDir
  Path tmp;

  @Test
  void theSecretTravelsInTheJobsCredentialsNotItsConfiguration() throws IOException {
    Job job = Job.getInstance(new Configuration());
    TaskSettings.putVolumeSettings(job, Map.of("fs.oss.accessKeyId", "id", VolumeCatalog.OSS_SECRET, "s3cret"));
    assertEquals("id", job.getConfiguration().get("fs.oss.accessKeyId"));
    assertNull(job.getConfiguration().get(VolumeCatalog.OSS_SECRET));
    assertEquals("s3cret", new String(job.getCredentials().getSecretKey(new Text(VolumeCatalog.OSS_SECRET)), StandardCharsets.UTF_8));
  }

  /** Tasks reach OSS only through the credentials: the driver's configuration has no secret to hand them. */
  @Test
  void shardsGoToOssThroughTheSdk() throws IOException {
    try (OssServer oss = new OssServer("mr-ak", "mr-secret-value")) {
      oss.createBucket("bkt");
      Configuration conf = Fixture.localConf(tmp);
      Home home = new Home(new Configuration(conf), new org.apache.hadoop.fs.Path(tmp.toUri()), null, "default", "tester");
      home.volumes().credentials().put(new Credentials.Profile("p", "mr-ak", "mr-secret-value", null, false));
      home.volumes().create("ossvol", "oss", "oss://" + oss.hostPort() + "/bkt/v", true, "p");
      Fixture fx = new Fixture(home, conf);
      fx.table("doc", "STRING", Fixture.clustered(900, 8, 4, 1), "d");
      fx.table("query", "STRING", Fixture.clustered(40, 8, 4, 2), "q");
      RunResult mr = fx.run(fx.spec("mr_out", 8, "5", ExecutionMode.MAPREDUCE, 3, 2).volume("ossvol", "me")
          .mode(JobMode.parse("build:seek")).cleanBuildVolume(false).build());
      assertTrue(oss.objects("bkt").containsKey("v/me/indexes/default.doc/pt=1/linear/shard-00002/manifest.json"),
          oss.objects("bkt").keySet().toString());
      assertTrue(oss.objects("bkt").containsKey("v/me/indexes/default.doc/pt=1/linear/shards.json"));
      fx.run(fx.spec("local_out", 8, "5", ExecutionMode.LOCAL, 0, 0).volume("ossvol", "me").build());
      assertEquals(fx.rows("local_out", "1"), fx.rows("mr_out", "1"));
      assertEquals(200, mr.rowsWritten());
      assertEquals(List.of(), oss.unsupported());
    }
  }

  /** AccessKey mode: the shards go to the bucket through the run's direct volume, and its secret stays out of the job. */
  @Test
  void accessKeyModeShardsGoToTheBucketAndTheSecretStaysOutOfTheJob() throws IOException {
    try (OssServer oss = new OssServer("ak-id", "ak-secret-value")) {
      oss.createBucket("direct");
      Configuration conf = Fixture.localConf(tmp);
      Home home = new Home(new Configuration(conf), new org.apache.hadoop.fs.Path(tmp.toUri()), null, "default", "tester");
      home.volumes().claim(); // the project's owner, with no volume at all
      VolumeCatalog.direct(home.conf(), "http://" + oss.hostPort(), "direct", "ak-id", "ak-secret-value");
      Fixture fx = new Fixture(home, conf);
      fx.table("doc", "STRING", Fixture.clustered(900, 8, 4, 1), "d");
      fx.table("query", "STRING", Fixture.clustered(40, 8, 4, 2), "q");
      fx.run(fx.spec("mr_out", 8, "5", ExecutionMode.MAPREDUCE, 3, 2).volume(VolumeCatalog.DIRECT, "me")
          .mode(JobMode.parse("build:seek")).cleanBuildVolume(false).build());
      assertTrue(oss.objects("direct").containsKey("me/indexes/default.doc/pt=1/linear/shards.json"),
          oss.objects("direct").keySet().toString());
      fx.run(fx.spec("local_out", 8, "5", ExecutionMode.LOCAL, 0, 0).volume(VolumeCatalog.DIRECT, "me").build());
      assertEquals(fx.rows("local_out", "1"), fx.rows("mr_out", "1"));
      assertEquals(List.of(), oss.unsupported());
      Job job = Job.getInstance(home.conf());
      TaskSettings.putVolumeSettings(job, home.volumes().ossSettings(home.volumes().get(VolumeCatalog.DIRECT)));
      assertNull(job.getConfiguration().get(VolumeCatalog.DIRECT_SECRET));
      assertNull(job.getConfiguration().get(VolumeCatalog.OSS_SECRET));
      assertEquals("ak-secret-value", new String(job.getCredentials().getSecretKey(new Text(VolumeCatalog.OSS_SECRET)),
          StandardCharsets.UTF_8));
    }
  }

  /**
   * A task opens an OSS volume from the job's settings, so through our {@code fs.oss.impl}, which cleans
   * the SDK's log lines in the task's JVM too: a rejected signature logs neither the key id nor OSS's answer.
   */
  @Test
  void aTaskNeverLogsTheKeyIdOfARejectedSignature() throws IOException {
    String id = "LTAI5tTaskLeakCheck";
    try (OssServer oss = new OssServer(id, "task-right-secret")) {
      oss.createBucket("bkt");
      Configuration conf = Fixture.localConf(tmp);
      conf.setInt("fs.oss.attempts.maximum", 0);
      Home home = new Home(new Configuration(conf), new org.apache.hadoop.fs.Path(tmp.toUri()), null, "default", "tester");
      home.volumes().credentials().put(new Credentials.Profile("p", id, "task-right-secret", null, false));
      home.volumes().create("ossvol", "oss", "oss://" + oss.hostPort() + "/bkt/v", true, "p");
      Job job = Job.getInstance(conf);
      TaskSettings.putVolumeSettings(job, home.volumes().ossSettings(home.volumes().get("ossvol")));
      oss.setKey(id, "rotated-secret");
      String log;
      try (LogCapture capture = new LogCapture()) {
        FileSystem fs = TaskSettings.volumeFs(job.getConfiguration(), job.getCredentials(), new org.apache.hadoop.fs.Path("oss://bkt/v"));
        try {
          assertInstanceOf(OssFileSystem.class, fs);
          assertThrows(Exception.class, () -> fs.listStatus(new org.apache.hadoop.fs.Path("oss://bkt/v")));
        } finally {
          TaskSettings.release(fs);
        }
        log = capture.all();
      }
      for (String secretText : new String[] {id, "task-right-secret", "OSSAccessKeyId", "<Error>"}) {
        assertFalse(log.contains(secretText), secretText + " was logged:\n" + log);
      }
      assertTrue(log.contains("[SignatureDoesNotMatch]"), "the SDK's line, cleaned:\n" + log);
    }
  }
}
