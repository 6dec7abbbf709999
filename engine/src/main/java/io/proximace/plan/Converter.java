package io.proximace.plan;

import io.proximace.ProximaException;

/**
 * {@code -converter}: how float input is changed before indexing. {@link #NORMALIZE} scales every
 * vector to unit length (cosine through inner product); {@link #INT8_QUANTIZER} rounds every component
 * to one of 255 levels, with the scale learned by the train stage from the docs.
 */
public enum Converter {
  /** No conversion. */
  NONE(""),
  /** Unit-length vectors. */
  NORMALIZE("NormalizeConverter"),
  /** Components quantized to int8. */
  INT8_QUANTIZER("Int8QuantizerConverter");

  private final String optionName;

  Converter(String optionName) {
    this.optionName = optionName;
  }

  public String optionName() {
    return optionName;
  }

  /** Parses {@code -converter}; null or blank is {@link #NONE}. */
  public static Converter parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    for (Converter c : values()) {
      if (c != NONE && c.optionName.equalsIgnoreCase(text.trim())) {
        return c;
      }
    }
    throw new ProximaException("unknown -converter '" + text + "': expected NormalizeConverter or Int8QuantizerConverter");
  }
}
