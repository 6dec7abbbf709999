/**
 * Running a job: {@link io.proximace.run.Runner} plans it, fetches its startup files, runs the stages of
 * {@code -job_mode} passing each result to the next, and keeps a {@code Journal} of what finished beside the index, so
 * that the same command run again after a failure or a {@code kill -9} reuses the stages whose inputs and options are
 * unchanged. The {@link io.proximace.run.RunResult} records every stage as done or resumed, and
 * {@link io.proximace.run.RunReport} writes it as {@code report.json} and {@code report.html} on the volume, in a folder
 * of the run's own and as the latest beside the earlier runs' folders.
 */
package io.proximace.run;
