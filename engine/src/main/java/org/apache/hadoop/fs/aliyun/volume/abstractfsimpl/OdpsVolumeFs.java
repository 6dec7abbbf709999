package org.apache.hadoop.fs.aliyun.volume.abstractfsimpl;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.aliyun.volume.OdpsVolumeFileSystem;

/** {@code odps://} for Hadoop's {@code FileContext} ({@code fs.AbstractFileSystem.odps.impl}): {@link OdpsVolumeFileSystem}. */
public class OdpsVolumeFs extends DelegateToFileSystem {
  public OdpsVolumeFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new OdpsVolumeFileSystem(), conf, "odps", false); // false: the project needs no port
  }

}
