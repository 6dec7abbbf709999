/**
 * File-system building blocks shared by tables and indexes, on top of Hadoop's {@code FileSystem} so
 * they work the same on local disk, HDFS and OSS. {@link io.proximace.fs.StagedDirectory} is how every
 * write becomes atomic: stage under a hidden name, then rename into place. {@link io.proximace.fs.Archives}
 * unpacks a job's startup archives onto local disk, keeping every entry and link inside its folder.
 */
package io.proximace.fs;
