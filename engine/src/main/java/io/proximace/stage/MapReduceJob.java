package io.proximace.stage;

import java.util.Map;

/**
 * A MapReduce job a stage ran: its id and the counters it reported (proxima-ce's own, those not zero, by their
 * display names, and the task attempts that failed and were retried), for the run report.
 */
public record MapReduceJob(String id, Map<String, Long> counters) {}
