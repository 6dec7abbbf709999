/**
 * File-system building blocks shared by tables and indexes, on top of Hadoop's {@code FileSystem} so
 * they work the same on local disk, HDFS and OSS. {@link io.proximace.fs.StagedDirectory} is how every
 * write becomes atomic: stage under a hidden name, then rename into place.
 */
package io.proximace.fs;
