package io.proximace.table;

/** A CSV record that breaks RFC 4180; the message names the line. */
public final class CsvFormatException extends Exception {
  public CsvFormatException(String message) {
    super(message, null, false, false);
  }
}
