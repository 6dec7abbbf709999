package io.proximace.cli.sql;

import io.proximace.ProximaException;
import io.proximace.Units;
import io.proximace.cli.sql.Command.Literal;
import io.proximace.home.Home;
import io.proximace.table.Column;
import io.proximace.table.ColumnType;
import io.proximace.table.RowWriter;
import io.proximace.table.PartitionWriter;
import io.proximace.table.Schema;
import io.proximace.table.Table;
import io.proximace.volume.Privilege;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs statements against a home, one at a time, keeping the session's settings ({@code set k=v}).
 * Statements that an existing proxima-ce command already runs go to it through {@code delegate}, which prints
 * its own output and throws a {@link ProximaException} when the command fails.
 */
public final class Session {
  /** What a statement returns: rows to print as a table, or a message (null when the delegate printed). */
  public record Result(Query.Rows rows, String message) {}

  private static final String SPLIT_SIZE = "odps.stage.mapper.split.size";

  private final Home home;
  private final Consumer<List<String>> delegate;
  private final Map<String, String> settings = new LinkedHashMap<>();

  public Session(Home home, Consumer<List<String>> delegate) {
    this.home = home;
    this.delegate = delegate;
  }

  /** Recognises and runs {@code s}; every failure is a {@link SqlError} naming the statement's line and column. */
  public Result execute(Statement s) {
    Command c = Recogniser.recognise(s);
    try {
      return switch (c) {
        case Command.Delegate d -> {
          delegate.accept(withSettings(d.args()));
          yield new Result(null, null);
        }
        case Command.Select q -> new Result(Query.run(home, s, q.offset()), null);
        case Command.Insert i -> new Result(null, insert(i));
        case Command.ShowPartitions p -> {
          Table t = home.open(home.table(p.table()), Privilege.DESCRIBE);
          if (!t.partitioned()) {
            throw new ProximaException("table " + t.name() + " is not partitioned: it reads the files directly under "
                + t.external().location());
          }
          List<String> lines = t.partitionValues().stream().map(v -> t.schema().partition().name() + "=" + v).toList();
          yield new Result(null, String.join("\n", lines));
        }
        case Command.Set set -> new Result(null, set(set));
      };
    } catch (SqlError e) {
      throw e;
    } catch (ProximaException e) {
      throw s.error(e.getMessage());
    } catch (IOException e) {
      throw s.error(e.toString());
    }
  }

  /** MaxCompute's {@code odps.stage.mapper.split.size} (MB) sizes UNLOAD's files, as {@code unload --split-size-mb}. */
  private List<String> withSettings(List<String> args) {
    String split = settings.get(SPLIT_SIZE);
    if (!args.get(0).equals("unload") || split == null) {
      return args;
    }
    if (!split.matches("[1-9]\\d{0,8}")) {
      throw new ProximaException("set " + SPLIT_SIZE + "=" + split + ": expected a size in MB");
    }
    List<String> out = new ArrayList<>(List.of("unload", "--split-size-mb", split));
    out.addAll(args.subList(1, args.size()));
    return out;
  }

  private String set(Command.Set set) {
    if (set.key() == null) {
      StringBuilder b = new StringBuilder();
      settings.forEach((k, v) -> b.append(b.isEmpty() ? "" : "\n").append(k).append('=').append(v));
      return b.toString();
    }
    settings.put(set.key(), set.value());
    return "OK";
  }

  private String insert(Command.Insert i) throws IOException {
    Table t = home.open(home.table(i.table()), Privilege.UPDATE);
    String value = t.parseSpec(i.partition());
    Schema schema = t.schema();
    List<String[]> rows = i.rows() != null ? values(i, schema) : selected(i, schema);
    try (PartitionWriter w = i.overwrite() ? t.overwrite(value) : t.append(value)) {
      RowWriter out = w.writer();
      for (int r = 0; r < rows.size(); r++) {
        String[] row = rows.get(r);
        for (int c = 0; c < row.length; c++) {
          try {
            out.field(row[c]);
          } catch (IllegalArgumentException e) { // a typed column (Parquet's) that the text does not convert to
            throw i.statement().error(0, "row " + (r + 1) + ", column " + schema.columns().get(c).name() + ": " + e.getMessage());
          }
        }
        out.endRow();
      }
      w.commit();
    }
    return "OK: " + Units.count(rows.size(), "row") + (i.overwrite() ? " written to " : " added to ") + t.name() + "/"
        + schema.partition().name() + "=" + value;
  }

  /** The VALUES rows as stored text, each value checked against its column's type. */
  private static List<String[]> values(Command.Insert i, Schema schema) {
    List<Column> cols = schema.columns();
    List<String[]> out = new ArrayList<>();
    for (int r = 0; r < i.rows().size(); r++) {
      List<Literal> row = i.rows().get(r);
      if (row.size() != cols.size()) {
        throw i.statement().error(row.get(0).offset(), "row " + (r + 1) + " has " + row.size() + " values; table "
            + i.table() + " has " + cols.size() + " columns (" + schema.columnsDdl() + ")");
      }
      String[] fields = new String[cols.size()];
      for (int c = 0; c < cols.size(); c++) {
        Literal l = row.get(c);
        Column col = cols.get(c);
        if (l.value() == null) {
          throw i.statement().error(l.offset(), "row " + (r + 1) + ", column " + col.name() + ": NULL cannot be stored here");
        }
        boolean fits = switch (col.type()) {
          case STRING -> true;
          case BIGINT -> l.value() instanceof Long;
          case DOUBLE -> l.value() instanceof Long || l.value() instanceof Double;
          case ARRAY_FLOAT -> l.value() instanceof String; // '1~2~3', converted as an import converts it
        };
        if (!fits) {
          throw i.statement().error(l.offset(), "row " + (r + 1) + ", column " + col.name() + ": " + l.text()
              + " is not a " + col.type() + (l.value() instanceof String ? " (a string; write the number without quotes)" : ""));
        }
        // a number kept as text is kept as written (1.50 stays 1.50); a whole number in a DOUBLE column reads as one
        fields[c] = col.type() == ColumnType.STRING && !(l.value() instanceof String) ? l.text()
            : col.type() == ColumnType.DOUBLE && l.value() instanceof Long n ? Double.toString(n) : String.valueOf(l.value());
      }
      out.add(fields);
    }
    return out;
  }

  /** The rows of INSERT's SELECT, checked against the table's columns. */
  private List<String[]> selected(Command.Insert i, Schema schema) {
    Query.Rows rows = Query.run(home, i.statement(), i.select().offset());
    List<Column> cols = schema.columns();
    if (rows.header().size() != cols.size()) {
      throw i.statement().error(i.select().offset(), "the query gives " + rows.header().size() + " columns ("
          + String.join(", ", rows.header()) + "); table " + i.table() + " has " + cols.size() + " (" + schema.columnsDdl() + ")");
    }
    for (int r = 0; r < rows.rows().size(); r++) {
      String[] row = rows.rows().get(r);
      for (int c = 0; c < cols.size(); c++) {
        ColumnType type = cols.get(c).type();
        if (row[c] == null) {
          throw i.statement().error(i.select().offset(), "row " + (r + 1) + ", column " + cols.get(c).name()
              + ": NULL cannot be stored here");
        }
        if (!type.fits(row[c])) { // an ARRAY<FLOAT>'s text is checked as the table's writer converts it
          throw i.statement().error(i.select().offset(), "row " + (r + 1) + ", column " + cols.get(c).name() + ": '"
              + row[c] + "' is not a " + type.name().toUpperCase(Locale.ROOT));
        }
      }
    }
    return rows.rows();
  }
}
