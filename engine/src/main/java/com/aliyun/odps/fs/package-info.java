/** The {@code odps://} file system under the public MaxCompute SDK's class names: delegates to {@link org.apache.hadoop.fs.aliyun.volume.OdpsVolumeFileSystem}. */
package com.aliyun.odps.fs;
