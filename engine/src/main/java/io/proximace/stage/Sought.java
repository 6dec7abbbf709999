package io.proximace.stage;

import io.proximace.fs.Fingerprint;

/**
 * What the seek stage wrote: the output partition ({@code project.table/pt=value}) and its files once committed,
 * the docs searched, the queries, and the rows written.
 *
 * @param job the MapReduce job that searched; null for a local seek
 */
public record Sought(String output, Fingerprint files, long docs, long queries, long rows, MapReduceJob job) {}
