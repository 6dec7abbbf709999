/**
 * The runner: a {@link io.proximace.job.JobSpec} (the command line, parsed and checked) is run by
 * {@link io.proximace.job.Runner} through the stages train, build, seek and recall. Stages talk only
 * through tables and the volume, so a later invocation can run seek alone on an index built before,
 * and the MapReduce executor can run the same stage logic inside tasks.
 */
package io.proximace.job;
