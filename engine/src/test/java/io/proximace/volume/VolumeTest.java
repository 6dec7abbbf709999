package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.UsageException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class VolumeTest {
  private static Volume oss(String url) {
    return new Volume("p", "v", "oss", URI.create(url), true, null);
  }

  @Test
  void bothOssFormsNameTheBucketAsHadoopSeesIt() {
    assertEquals("oss://my-bucket/vols/a", oss("oss://oss-cn-shanghai.aliyuncs.com/my-bucket/vols/a").root().toString());
    assertEquals("oss://my-bucket/vols/a", oss("oss://my-bucket/vols/a").root().toString());
    assertEquals("oss://bkt/v", oss("oss://127.0.0.1:9000/bkt/v").root().toString());
  }

  @Test
  void aNameOssWouldRefuseIsAUsageErrorNamingTheRule() {
    for (String url : new String[] {"oss://oss-cn-shanghai.aliyuncs.com/b/v", "oss://oss-cn-shanghai.aliyuncs.com/My_Bucket/v",
        "oss://oss-cn-shanghai.aliyuncs.com/-bkt/v", "oss://oss-cn-shanghai.aliyuncs.com/" + "a".repeat(64) + "/v"}) {
      UsageException e = assertThrows(UsageException.class, () -> oss(url).root(), url);
      assertTrue(e.getMessage().contains("is not an OSS bucket name: 3 to 63"), e.getMessage());
    }
  }

  @Test
  void aStartupFileIsAFileOnAVolume() {
    Volume.checkFileUrl("odps://p/v/conf/app.properties", "-volume_files", false);
    Volume.checkFileUrl("odps://p/v/model.tar.gz", "-volume_archives", true);
    String[][] refused = {
        {"file:///etc/hostname", "is not odps://<project>/<volume>/<path>"},
        {"odps://p/v", "is not odps://<project>/<volume>/<path>"},
        {"odps://p/v/../w/x", "is not a file's path"},
        {"odps://p/v/./x", "is not a file's path"},
        {"odps://p/v/dir/", "is not a file's path"}};
    for (String[] r : refused) {
      var e = assertThrows(io.proximace.ProximaException.class, () -> Volume.checkFileUrl(r[0], "-volume_files", false), r[0]);
      assertEquals("-volume_files: '" + r[0] + "' " + r[1] + (r[1].startsWith("is not a file") ? " (no '.', '..' or trailing '/')" : ""), e.getMessage());
    }
  }
}
