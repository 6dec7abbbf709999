/**
 * Vectors in the files users keep them in, into and out of tables. Import: a path is listed as
 * {@link io.proximace.format.Source}s (a file, or every data file of a folder of part files, sorted),
 * each opened through {@link io.proximace.format.Compression} ({@code .gz}, {@code .bz2}, {@code .zst});
 * {@link io.proximace.format.FileFormat} names the format by extension unless told; a
 * {@link io.proximace.format.VectorSource} per format ({@code NpyReader}, {@code VecsReader},
 * {@code JsonLinesReader}, and {@code ParquetReader}, which reads by position through the table package's own
 * {@code ParquetRowReader}, the table's columns found by name) yields records; {@link io.proximace.format.FileImport} turns each into a table
 * row (pk from the record, from a pk file or the row number; the vector through {@code RowWriter.vector}: as
 * {@code ~}-joined text, floats as {@link Float#toString} writes them, or straight into a Parquet float list) and writes it through the table's
 * own {@code PartitionWriter}, so the table's storage stays the table package's business and a bad record
 * leaves the partition as it was. CSV still goes to {@code table.CsvImport}. Export:
 * {@link io.proximace.format.FileUnload} reads a partition and writes {@code .npy} or {@code .fvecs}
 * ({@code NpyWriter}, {@code VecsWriter}; an output table's ids and distances through {@code ResultArrays}); {@code table.TableUnload} writes CSV and Parquet.
 */
package io.proximace.format;
