/**
 * External volumes: a project's catalog maps a volume name to a backing folder, and jobs address files
 * as {@code odps://<project>/<volume>/<path>}. {@link io.proximace.volume.Volume#resolve} refuses paths
 * that would leave the volume.
 */
package io.proximace.volume;
