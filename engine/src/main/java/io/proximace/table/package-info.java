/**
 * Tables as Hive lays them out: {@code <warehouse>/<project>/<table>/pt=<value>/part-*.csv} (or
 * {@code .parquet}), with the schema and the table's format in {@code _schema.json} at the table's root.
 * CSV follows RFC 4180 (a pk may hold a comma); {@link io.proximace.table.CsvReader} streams records from
 * bytes, so a partition is never loaded as a list of strings. Parquet files are read straight from
 * parquet's column readers, an {@code ARRAY<FLOAT>} vector as floats. Either way rows reach their readers
 * through one seam, {@link io.proximace.table.PartitionReader} (fields as UTF-8 text, vectors also as
 * floats), and leave through {@link io.proximace.table.RowWriter}, whose Parquet writer converts each field
 * to its column's type. Writes go to a staging folder and replace the partition in one rename.
 *
 * <p>An external table ({@link io.proximace.table.External}) keeps only its {@code _schema.json} here, with
 * {@code "external": true}, its {@code location} ({@code odps://<project>/<volume>/<path>/}) and serde
 * properties; its partitions are the {@code pt=<value>/} folders under the location (or, unpartitioned, the
 * location's own files as one partition), CSV or Parquet, read through the acting user's {@code odps://} file
 * system (the volume's Read privilege, no path leaving the volume), opened for each listing or reader and
 * closed after it ({@code Table.OpenFs}), and every write to it is refused.
 */
package io.proximace.table;
