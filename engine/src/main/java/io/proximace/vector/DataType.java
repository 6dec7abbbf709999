package io.proximace.vector;

import io.proximace.ProximaException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The element type of a run's vectors ({@code -data_type}). */
public enum DataType {
  FLOAT,
  INT8,
  BINARY;

  /** The option's spelling: {@code float}, {@code int8}, {@code binary}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code -data_type}, case-insensitively. */
  public static DataType parse(String text) {
    for (DataType t : values()) {
      if (t.optionName().equalsIgnoreCase(text.trim())) {
        return t;
      }
    }
    throw new ProximaException("unknown -data_type '" + text + "': expected one of "
        + Arrays.stream(values()).map(DataType::optionName).collect(Collectors.joining(", ")));
  }
}
