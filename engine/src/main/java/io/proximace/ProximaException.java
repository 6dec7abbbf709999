package io.proximace;

/**
 * A failure the user can act on: bad input, a missing table, a wrong option. Its message is the whole
 * story (table, partition, row, column), so front ends print it without a stack trace.
 */
public class ProximaException extends RuntimeException {
  public ProximaException(String message) {
    super(message);
  }

  public ProximaException(String message, Throwable cause) {
    super(message, cause);
  }
}
