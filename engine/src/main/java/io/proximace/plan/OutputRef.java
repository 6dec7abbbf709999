package io.proximace.plan;

import io.proximace.table.Schema;
import io.proximace.table.TableName;

/**
 * The output partition: its table (created by the run when missing, with {@code schema}) and partition value.
 *
 * @param schema the table's schema, or the one the run creates it with
 */
public record OutputRef(TableName table, String partition, Schema schema) {
  /** {@code project.table/pt=value}, with the table's own partition column. */
  @Override
  public String toString() {
    return table + "/" + schema.partition().name() + "=" + partition;
  }
}
