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
}
