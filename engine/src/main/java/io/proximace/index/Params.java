package io.proximace.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proximace.ProximaException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The kernel keys of {@code -builder_params} or {@code -searcher_params}: one-line JSON such as
 * {@code {"proxima.hnsw.searcher.ef":400}}, checked against the keys an algorithm declares (unknown key,
 * wrong type or out-of-range value: an error naming the key and the valid ones), with the defaults
 * filled in. Unlike Proxima CE, a space in the JSON is fine.
 */
public final class Params {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One key an algorithm accepts: a number within {@code [min, max]} or a boolean. */
  public record Key(String name, Kind kind, double min, double max, Object defaultValue, String description) {
    /** The value kinds. */
    public enum Kind { INT, DOUBLE, BOOLEAN }

    /** An integer key. */
    public static Key integer(String name, long min, long max, Long defaultValue, String description) {
      return new Key(name, Kind.INT, min, max, defaultValue, description);
    }

    /** A number key. */
    public static Key number(String name, double min, double max, Double defaultValue, String description) {
      return new Key(name, Kind.DOUBLE, min, max, defaultValue, description);
    }

    /** A boolean key. */
    public static Key bool(String name, boolean defaultValue, String description) {
      return new Key(name, Kind.BOOLEAN, 0, 1, defaultValue, description);
    }
  }

  private final Map<String, Object> values;
  private final Map<String, Object> given;

  private Params(Map<String, Object> values, Map<String, Object> given) {
    this.values = values;
    this.given = given;
  }

  /** No keys given: defaults only. */
  public static Params defaults(List<Key> keys) {
    return parse(null, "", keys);
  }

  /** Parameters as {@link #values()} and {@link #givenValues()} held them (a plan handed to a task): not checked again. */
  public static Params restore(Map<String, Object> values, Map<String, Object> given) {
    return new Params(whole(values), whole(given));
  }

  /** Whole numbers as {@code Long}, as {@link #parse} keeps them (JSON readers give small ones as {@code Integer}). */
  private static Map<String, Object> whole(Map<String, Object> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
    return out;
  }

  /** Parses {@code json} (null or blank: none given) for the option named {@code option}. */
  public static Params parse(String json, String option, List<Key> keys) {
    return parse(json, option, keys, "for this algorithm");
  }

  /** As {@link #parse(String, String, List)}; {@code keysFor} says whose keys they are when there are none ({@code with -converter X}). */
  public static Params parse(String json, String option, List<Key> keys, String keysFor) {
    JsonNode root = null;
    if (json != null && !json.isBlank()) {
      try {
        root = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new ProximaException(option + " is not valid JSON: " + e.getOriginalMessage() + " in " + json);
      }
      if (root == null || !root.isObject()) {
        throw new ProximaException(option + " must be a JSON object like {\"key\":value}, not " + json);
      }
    }
    return check(root, option, keys, keysFor);
  }

  /** The keys in {@code given}, checked as {@link #parse} checks JSON ({@code where} names them in errors). */
  public static Params of(Map<String, ?> given, String where, List<Key> keys) {
    return check(JSON.valueToTree(given), where, keys, "for this algorithm");
  }

  private static Params check(JsonNode root, String option, List<Key> keys, String keysFor) {
    Map<String, Key> byName = new LinkedHashMap<>();
    keys.forEach(k -> byName.put(k.name(), k));
    Map<String, Object> given = new TreeMap<>();
    if (root != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Key key = byName.get(e.getKey());
        if (key == null) {
          throw new ProximaException(option + ": unknown key " + e.getKey() + "; valid keys: "
              + (keys.isEmpty() ? "none " + keysFor : String.join(", ", byName.keySet())));
        }
        given.put(key.name(), value(key, e.getValue(), option));
      }
    }
    Map<String, Object> values = new TreeMap<>();
    for (Key k : keys) {
      Object v = given.containsKey(k.name()) ? given.get(k.name()) : k.defaultValue();
      if (v != null) {
        values.put(k.name(), v);
      }
    }
    return new Params(values, given);
  }

  private static Object value(Key key, JsonNode node, String option) {
    String where = option + ": " + key.name() + " ";
    switch (key.kind()) {
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          throw new ProximaException(where + "must be true or false, not " + node);
        }
        return node.booleanValue();
      }
      case INT -> {
        if (!node.isIntegralNumber()) {
          throw new ProximaException(where + "must be a whole number, not " + node);
        }
        long v = node.longValue();
        if (v < key.min() || v > key.max()) {
          throw new ProximaException(where + v + " is outside " + (long) key.min() + ".." + (long) key.max());
        }
        return v;
      }
      default -> {
        if (!node.isNumber()) {
          throw new ProximaException(where + "must be a number, not " + node);
        }
        double v = node.doubleValue();
        if (!(v >= key.min() && v <= key.max())) {
          throw new ProximaException(where + v + " is outside " + key.min() + ".." + key.max());
        }
        return v;
      }
    }
  }

  /** Whether {@code key} was given (not defaulted). */
  public boolean given(String key) {
    return given.containsKey(key);
  }

  /** The keys given, with their values. */
  public Map<String, Object> givenValues() {
    return given;
  }

  /** All values, given or defaulted. */
  public Map<String, Object> values() {
    return values;
  }

  public int getInt(String key) {
    Object v = values.get(key);
    return v == null ? -1 : ((Number) v).intValue();
  }

  public double getDouble(String key) {
    return ((Number) values.get(key)).doubleValue();
  }

  public boolean getBoolean(String key) {
    return (Boolean) values.get(key);
  }

  /** A copy with {@code key} set to {@code value}. */
  public Params with(String key, Object value) {
    Map<String, Object> v = new TreeMap<>(values);
    v.put(key, value);
    return new Params(v, given);
  }

  @Override
  public String toString() {
    return values.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
  }
}
