/**
 * External volumes: a project's catalog maps a volume name to a backing folder, and jobs address files
 * as {@code odps://<project>/<volume>/<path>}. {@link io.proximace.volume.Volume#resolve} refuses paths
 * that would leave the volume. OSS volumes go through hadoop-aliyun as {@link
 * io.proximace.volume.OssFileSystem}, which has the SDK's log lines cleaned of keys and of OSS's answers
 * ({@code OssLogs}); an OSS failure reaches the user as one line naming volume, endpoint and bucket
 * ({@code BackingErrors}). Only {@code OssFileSystem} and {@code OssErrors} name the SDK's classes, and only an OSS
 * volume loads them: the SDK and hadoop-aliyun are optional dependencies of the engine.
 */
package io.proximace.volume;
