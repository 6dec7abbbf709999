package io.proximace.vector;

/** A vector text that does not parse; the message names the component (1-based) and its text. */
public final class VectorFormatException extends Exception {
  public VectorFormatException(String message) {
    super(message, null, false, false);
  }
}
