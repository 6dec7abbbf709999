/** Benchmarks: JMH micro-benchmarks of the kernels and an end-to-end kNN harness. */
package io.proximace.bench;
