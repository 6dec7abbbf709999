package io.proximace.input;

import io.proximace.vector.DataType;
import io.proximace.vector.PkType;

/**
 * How the runner's input rows are written: {@code -dimension}, {@code -data_type}, {@code -binary_to_int},
 * {@code -pk_type} and {@code -vector_separator}. Every reader of doc and query rows checks rows against it.
 *
 * @param dimension components per vector
 * @param dataType float, int8 or binary components
 * @param binaryToInt binary vectors written as {@code dimension / 32} INT32 words, most significant bit first
 * @param pkType string or BIGINT pks
 * @param separator the character between components
 */
public record RowFormat(int dimension, DataType dataType, boolean binaryToInt, PkType pkType, char separator) {}
