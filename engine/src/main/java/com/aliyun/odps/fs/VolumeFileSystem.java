package com.aliyun.odps.fs;

import org.apache.hadoop.fs.aliyun.volume.OdpsVolumeFileSystem;

/** {@code odps://} under the public MaxCompute SDK's class name: {@link OdpsVolumeFileSystem}. */
public class VolumeFileSystem extends OdpsVolumeFileSystem {}
