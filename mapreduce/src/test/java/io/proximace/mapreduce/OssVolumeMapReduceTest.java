package io.proximace.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.Home;
import io.proximace.job.ExecutionMode;
import io.proximace.job.JobMode;
import io.proximace.job.RunResult;
import io.proximace.volume.Credentials;
import io.proximace.volume.OssServer;
import java.io.IOException;
import io.proximace.volume.VolumeCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
