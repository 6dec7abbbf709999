/**
 * The {@code odps://} file system under the class names MaxCompute's Spark documentation puts in {@code
 * spark-defaults.conf} ({@code fs.odps.impl}, {@code fs.AbstractFileSystem.odps.impl}), so that those settings work
 * unchanged: thin delegates to {@link io.proximace.volume.OdpsFileSystem} that take the home and the acting user from
 * the job's settings and Hadoop ({@link org.apache.hadoop.fs.aliyun.volume.OdpsVolumeFileSystem#settings}).
 * {@code com.aliyun.odps.fs} holds the same under the public SDK's names.
 */
package org.apache.hadoop.fs.aliyun.volume;
