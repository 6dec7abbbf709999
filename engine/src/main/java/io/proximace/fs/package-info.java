/**
 * File-system building blocks shared by tables, indexes and catalogs, on top of Hadoop's
 * {@code FileSystem} so they work the same on local disk, HDFS and OSS, and promise the same thing: a
 * reader sees the old data or the new, whole, whenever a writer is killed, and nothing a killed writer
 * left stays for long.
 *
 * <p>A folder is written through a {@link io.proximace.fs.StagedDirectory} (stage under a hidden name,
 * two renames into place, recovered by the next reader); a small file through
 * {@link io.proximace.fs.AtomicFile} (a temporary file moved over the old one; read-modify-written under a
 * {@link io.proximace.fs.LocalLock}); a copy through {@link io.proximace.fs.FileCopy}; an index build holds
 * a {@link io.proximace.fs.WriterLock}; scratch space is a {@link io.proximace.fs.WorkDirectory}. Every
 * hidden name carries its writer's {@link io.proximace.fs.WriterId} (host, pid, start time), so the next
 * writer sweeps what a dead process left and never touches a live one's. A full disk is named by
 * {@link io.proximace.fs.DiskFull}; a partition's files are summed up by a
 * {@link io.proximace.fs.Fingerprint}. {@link io.proximace.fs.Archives} unpacks a job's startup archives
 * onto local disk, keeping every entry and link inside its folder; {@link io.proximace.fs.PausePoint} lets
 * tests kill a process at a named instant of a write.
 */
package io.proximace.fs;
