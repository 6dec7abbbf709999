package io.proximace.volume;

import io.proximace.ProximaException;
import java.util.Locale;

/** What a grant allows: MaxCompute's names. */
public enum Privilege {
  /** Create volumes in a project. */
  CREATE_VOLUME("CreateVolume"),
  /** List and read a volume's files. */
  READ("Read"),
  /** Write and delete a volume's files. */
  WRITE("Write");

  private final String text;

  Privilege(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses {@code CreateVolume}, {@code Read} or {@code Write}, case-insensitively. */
  public static Privilege parse(String s) {
    for (Privilege p : values()) {
      if (p.text.toLowerCase(Locale.ROOT).equals(s.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ProximaException("unknown privilege '" + s + "': expected CreateVolume, Read or Write");
  }
}
