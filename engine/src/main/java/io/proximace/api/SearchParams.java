package io.proximace.api;

/**
 * How hard a search tries, for the approximate indexes: hnsw's beam width or qc's share of clusters scanned.
 * A search without them takes the engine's defaults (the runner's {@code -searcher_params} defaults).
 */
public sealed interface SearchParams permits SearchParams.Hnsw, SearchParams.Qc {
  /** hnsw: {@code ef} candidates kept while searching, at least k ({@code proxima.hnsw.searcher.ef}). */
  record Hnsw(int ef) implements SearchParams {}

  /** qc: the fraction of clusters a query scans, nearest first ({@code proxima.qc.searcher.scan_ratio}). */
  record Qc(double scanRatio) implements SearchParams {}
}
