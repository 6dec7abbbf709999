package io.proximace.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A table's data columns, its one partition column (Proxima CE tables are partitioned by a single
 * {@code pt STRING}) and the format of its data files. Stored as JSON in {@code _schema.json} at the
 * table's root; a schema written before formats existed has none and reads as CSV.
 */
public record Schema(List<Column> columns, Column partition, TableFormat format) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  public Schema {
    columns = List.copyOf(columns);
    format = format == null ? TableFormat.CSV : format; // a plan or schema written before formats existed
    if (columns.isEmpty()) {
      throw new ProximaException("a table needs at least one column");
    }
    Set<String> seen = new HashSet<>();
    for (Column c : columns) {
      checkName(c.name());
      if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
        throw new ProximaException("column '" + c.name() + "' is declared twice");
      }
    }
    checkName(partition.name());
    if (seen.contains(partition.name().toLowerCase(Locale.ROOT))) {
      throw new ProximaException("partition column '" + partition.name() + "' is also a data column");
    }
    if (partition.type() != ColumnType.STRING) {
      throw new ProximaException("partition column '" + partition.name() + "' must be STRING");
    }
    for (Column c : columns) {
      if (c.type() == ColumnType.ARRAY_FLOAT && format != TableFormat.PARQUET) {
        throw new ProximaException("column " + c + ": ARRAY<FLOAT> columns need a Parquet table (--format parquet); a CSV "
            + "table keeps vectors as STRING, components joined by ~");
      }
    }
  }

  /** A CSV table's schema. */
  public Schema(List<Column> columns, Column partition) {
    this(columns, partition, TableFormat.CSV);
  }

  /** This schema with data files in {@code f}. */
  public Schema withFormat(TableFormat f) {
    return new Schema(columns, partition, f);
  }

  /** Parses {@code "pk STRING, vector STRING"} and {@code "pt STRING"}, for a CSV table. */
  public static Schema parse(String columnsDdl, String partitionDdl) {
    return parse(columnsDdl, partitionDdl, TableFormat.CSV);
  }

  /** Parses {@code "pk STRING, vector ARRAY<FLOAT>"} and {@code "pt STRING"}, for a table in {@code format}. */
  public static Schema parse(String columnsDdl, String partitionDdl, TableFormat format) {
    List<Column> cols = new ArrayList<>();
    for (String part : columnsDdl.split(",")) {
      cols.add(parseColumn(part, columnsDdl));
    }
    Column pt = parseColumn(partitionDdl, partitionDdl);
    return new Schema(cols, pt, format);
  }

  private static Column parseColumn(String part, String whole) {
    String[] words = part.trim().split("\\s+", 2); // the type may hold spaces: ARRAY< FLOAT >
    if (words.length != 2 || words[0].isEmpty()) {
      throw new ProximaException("cannot read column '" + part.trim() + "' in \"" + whole + "\": write NAME TYPE, e.g. \"pk STRING, vector STRING\"");
    }
    return new Column(words[0], ColumnType.parse(words[1]));
  }

  private static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ProximaException("bad column name '" + name + "': use letters, digits and _, starting with a letter");
    }
  }

  /** Index of the column named {@code name} (case-insensitive), or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The DDL form: {@code pk STRING, vector STRING}. */
  public String columnsDdl() {
    return columns.stream().map(Column::toString).collect(Collectors.joining(", "));
  }

  /** JSON for {@code _schema.json}. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode cols = root.putArray("columns");
    for (Column c : columns) {
      cols.addObject().put("name", c.name()).put("type", c.type().ddl());
    }
    root.putObject("partition").put("name", partition.name()).put("type", partition.type().ddl());
    root.put("format", format.toString());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@code _schema.json}. */
  public static Schema fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      List<Column> cols = new ArrayList<>();
      for (JsonNode c : root.get("columns")) {
        cols.add(new Column(c.get("name").asText(), ColumnType.parse(c.get("type").asText())));
      }
      JsonNode p = root.get("partition");
      JsonNode f = root.get("format");
      return new Schema(cols, new Column(p.get("name").asText(), ColumnType.parse(p.get("type").asText())),
          f == null ? TableFormat.CSV : TableFormat.parse(f.asText()));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ProximaException("it is not JSON: " + e.getOriginalMessage(), e);
    } catch (NullPointerException e) {
      throw new ProximaException("it lacks the columns or the partition column", e);
    } catch (java.io.IOException e) {
      throw new ProximaException(String.valueOf(e.getMessage()), e);
    }
  }
}
