/**
 * External volumes: a project's catalog maps a volume name to a backing folder, and jobs address files
 * as {@code odps://<project>/<volume>/<path>}. {@link io.proximace.volume.Volume#resolve} refuses paths
 * that would leave the volume. OSS volumes go through hadoop-aliyun as {@link
 * io.proximace.volume.OssFileSystem}, which has the SDK's log lines cleaned of keys and of OSS's answers
 * ({@code OssLogs}); an OSS failure reaches the user as one line naming volume, endpoint and bucket
 * ({@code BackingErrors}). Only {@code OssFileSystem} and {@code OssErrors} name the SDK's classes, and only an OSS
 * volume loads them: the SDK and hadoop-aliyun are optional dependencies of the engine.
 * A run in Proxima CE's AccessKey mode uses a direct volume instead, {@code
 * oss-direct}: a bucket and keys from the run's configuration, registered nowhere, whose keys are its credential
 * ({@link io.proximace.volume.VolumeCatalog#direct}).
 */
package io.proximace.volume;
