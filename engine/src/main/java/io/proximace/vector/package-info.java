/**
 * Vectors and their keys in memory. Text such as {@code 1~1~2.5} is parsed from bytes by
 * {@link io.proximace.vector.VectorParser} straight into contiguous storage:
 * {@link io.proximace.vector.FloatVectors} keeps rows one after another (queries), and
 * {@link io.proximace.vector.BlockedVectors} keeps docs transposed in blocks of 16 for the SIMD
 * kernels, {@link io.proximace.vector.Int8BlockedVectors} int8 docs the same way in one byte per
 * component, and {@link io.proximace.vector.MappedRows} float rows in a memory-mapped file, for an index
 * that reads them only to rescore. Keys live beside the vectors in a {@link io.proximace.vector.Pks}
 * column: a UTF-8 arena for strings, a {@code long[]} for {@code -pk_type int64}. Nothing here allocates
 * an object per vector or per key.
 */
package io.proximace.vector;
