package io.proximace.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proximace.ProximaException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Where an external table's files are: a folder on a volume, {@code odps://<project>/<volume>/<path>/},
 * read in the table's format (CSV with its serde properties: the field delimiter {@value #DELIMITER},
 * default {@code ,}; or Parquet). A partitioned table's partitions are the {@code pt=<value>/} folders under
 * the location; an unpartitioned one ({@code partitioned} false) has one partition, named {@value #WHOLE},
 * the files directly under the location. The warehouse keeps only the catalog entry (in
 * {@code _schema.json}); the table is read-only and dropping it leaves the files.
 */
public record External(String location, Map<String, String> properties, boolean partitioned) {
  /** The serde property naming the field delimiter, as MaxCompute's CsvStorageHandler reads it. */
  public static final String DELIMITER = "odps.text.option.delimiter";
  /** The name of an unpartitioned external table's one partition, as the runner's {@code -doc_table_partition} gives it. */
  public static final String WHOLE = "all";
  private static final Pattern LOCATION = Pattern.compile("odps://([^/]+)/([A-Za-z][A-Za-z0-9_]*)((/[^/]+)*)/?");
  private static final ObjectMapper JSON = new ObjectMapper();

  public External {
    location = checkLocation(location);
    properties = Map.copyOf(new TreeMap<>(properties));
    for (String key : properties.keySet()) {
      if (!key.equals(DELIMITER)) {
        throw new ProximaException("unknown serde property '" + key + "' of an external table; known: " + DELIMITER);
      }
    }
    delimiterOf(properties.getOrDefault(DELIMITER, ","));
  }

  /** A partitioned external table: its partitions are the {@code pt=<value>/} folders under the location. */
  public External(String location, Map<String, String> properties) {
    this(location, properties, true);
  }

  /**
   * {@code location} with one trailing slash, or an error: it must be {@code odps://<project>/<volume>/<path>/}
   * with no {@code .} or {@code ..} segment, no empty segment, backslash or percent-escape.
   */
  private static String checkLocation(String location) {
    if (location == null || !LOCATION.matcher(location).matches()) {
      throw new ProximaException("bad location '" + location + "' for an external table: write odps://<project>/<volume>/<path>/");
    }
    java.util.regex.Matcher m = LOCATION.matcher(location);
    m.matches();
    TableName.checkProject(m.group(1));
    String path = location.substring("odps://".length());
    for (String seg : path.replaceFirst("/$", "").split("/")) {
      if (seg.equals(".") || seg.equals("..") || seg.contains("\\") || seg.contains("%") || seg.contains(":")) {
        throw new ProximaException("location '" + location + "' would leave its volume or is not normalized; refused");
      }
    }
    return location.endsWith("/") ? location : location + "/";
  }

  private static char delimiterOf(String text) {
    String d = text.equals("\\t") ? "\t" : text;
    if (d.length() != 1 || d.charAt(0) > 127 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
      throw new ProximaException("bad " + DELIMITER + " '" + text + "': one ASCII character other than a quote or line break ('\\t' for a tab)");
    }
    return d.charAt(0);
  }

  /** The project the location's volume belongs to. */
  public String project() {
    java.util.regex.Matcher m = LOCATION.matcher(location);
    m.matches();
    return m.group(1);
  }

  /** The field delimiter of the data files. */
  public char delimiter() {
    return delimiterOf(properties.getOrDefault(DELIMITER, ","));
  }

  /** The location as a Hadoop path on the {@code odps://} file system. */
  public Path path() {
    return new Path(location);
  }

  /** {@code schema}'s JSON with this table's location and properties: the whole of {@code _schema.json}. */
  String toJson(Schema schema) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(schema.toJson());
      root.put("external", true);
      root.put("location", location);
      if (!partitioned) {
        root.put("partitioned", false);
      }
      ObjectNode props = root.putObject("serdeproperties");
      properties.forEach(props::put);
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The external part of {@code _schema.json}, or null for a table of the warehouse's own. */
  static External fromJson(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.path("external").asBoolean(false)) {
        return null;
      }
      Map<String, String> props = new TreeMap<>();
      root.path("serdeproperties").properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
      return new External(root.path("location").asText(null), props, root.path("partitioned").asBoolean(true));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return null; // Schema.fromJson reports a damaged file
    }
  }
}
