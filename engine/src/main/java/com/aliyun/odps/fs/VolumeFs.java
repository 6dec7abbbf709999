package com.aliyun.odps.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;

/** {@code odps://} for {@code FileContext} under the public MaxCompute SDK's class name: {@link VolumeFileSystem}. */
public class VolumeFs extends DelegateToFileSystem {
  public VolumeFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new VolumeFileSystem(), conf, "odps", false); // false: the project needs no port
  }
}
