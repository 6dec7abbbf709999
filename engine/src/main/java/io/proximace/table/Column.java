package io.proximace.table;

/** A named, typed column. */
public record Column(String name, ColumnType type) {
  @Override
  public String toString() {
    return name + " " + type;
  }
}
