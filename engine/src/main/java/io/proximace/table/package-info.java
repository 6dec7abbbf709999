/**
 * Tables as Hive lays them out: {@code <warehouse>/<project>/<table>/pt=<value>/part-*.csv}, with the
 * schema in {@code _schema.json} at the table's root. CSV follows RFC 4180 (a pk may hold a comma);
 * {@link io.proximace.table.CsvReader} streams records from bytes, so a partition is never loaded
 * as a list of strings. Writes go to a staging folder and replace the partition in one rename.
 */
package io.proximace.table;
