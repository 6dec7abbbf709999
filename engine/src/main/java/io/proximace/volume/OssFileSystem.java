package io.proximace.volume;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem;

/**
 * hadoop-aliyun's {@code oss://} file system as our volumes' {@code fs.oss.impl}: it starts {@link OssLogs}
 * with its key id and secret before the SDK sends anything. Being the configured implementation, it does
 * so in every JVM that opens a volume: the command line, local tasks, and MapReduce task JVMs.
 */
public final class OssFileSystem extends AliyunOSSFileSystem {
  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    OssLogs.redact(conf.get("fs.oss.accessKeyId"), conf.get(VolumeCatalog.OSS_SECRET));
    super.initialize(name, conf);
  }
}
