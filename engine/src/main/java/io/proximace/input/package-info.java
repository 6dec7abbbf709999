/**
 * Reading the runner's input rows, {@code (pk, vector[, category])}, streaming from a partition: each row is checked
 * against the run's {@link io.proximace.input.RowFormat} and a bad one fails the run naming its table, partition,
 * file, row, pk and column. Rows go to a sink, into a doc collection in the layout its index wants, into row-major
 * vectors, or into a reservoir sample for training.
 */
package io.proximace.input;
