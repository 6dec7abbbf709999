package io.proximace;

/**
 * A bad command line: an option value out of range, options that do not go together, a malformed
 * statement. Front ends exit with the usage code (2), as for an option their parser refused.
 */
public class UsageException extends ProximaException {
  public UsageException(String message) {
    super(message);
  }
}
