package io.proximace.vector;

import java.nio.charset.StandardCharsets;

/**
 * Parses separator-joined numbers ({@code 1~2.5~-3e-2}) straight from bytes, without String.split,
 * regular expressions or boxing. One instance per thread: it keeps the scan position in a field.
 *
 * <p>Floats are rounded exactly as {@link Float#parseFloat} rounds them. Most inputs take a fast path
 * (a mantissa of at most 19 digits scaled by an exactly representable power of ten); the rest, and
 * the rare double-rounding hazard, fall back to {@code Float.parseFloat}.
 */
public final class VectorParser {
  private static final float[] FLOAT_POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  private static final double[] DOUBLE_POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private final byte separator;
  private final boolean blank;
  private int pos;

  /** A parser for components joined by {@code separator} (an ASCII character; a space means blank). */
  public VectorParser(char separator) {
    if (separator == 0 || separator > 127 || Character.isDigit(separator)
        || separator == '.' || separator == '-' || separator == '+') {
      throw new IllegalArgumentException("vector separator must be one ASCII character other than a digit, '.', '+' or '-': '" + separator + "'");
    }
    this.separator = (byte) separator;
    this.blank = separator == ' ';
  }

  /**
   * Parses the floats in {@code text[from, to)} into {@code out[offset + i * stride]} for
   * {@code i < dim}. Returns how many components the text holds, which the caller compares with
   * {@code dim}; nothing is written past {@code dim} components.
   */
  public int parseFloats(byte[] text, int from, int to, float[] out, int offset, int stride, int dim)
      throws VectorFormatException {
    int p = skipSpaces(text, from, to);
    to = trimSpaces(text, p, to);
    if (p == to) {
      return 0;
    }
    int count = 0;
    while (true) {
      int componentStart = p;
      float v = parseFloat(text, p, to, count);
      if (count < dim) {
        out[offset + count * stride] = v;
      }
      count++;
      p = skipSpaces(text, pos, to);
      if (p == to) {
        return count;
      }
      if (text[p] == separator) {
        p++;
      } else if (!blank) {
        throw bad(text, componentStart, to, count - 1, "is not a number");
      }
      p = skipSpaces(text, p, to);
      if (p == to) {
        throw new VectorFormatException("component " + (count + 1) + " is empty (the text ends with a separator)");
      }
    }
  }

  private int skipSpaces(byte[] t, int p, int to) {
    while (p < to && (t[p] == ' ' || t[p] == '\t') && !(t[p] == separator && !blank)) {
      p++;
    }
    return p;
  }

  private static int trimSpaces(byte[] t, int from, int to) {
    while (to > from && (t[to - 1] == ' ' || t[to - 1] == '\t')) {
      to--;
    }
    return to;
  }

  /** Parses one number starting at {@code p}; leaves {@link #pos} just after it. */
  private float parseFloat(byte[] t, int p, int to, int component) throws VectorFormatException {
    int start = p;
    boolean negative = false;
    if (p < to && (t[p] == '-' || t[p] == '+')) {
      negative = t[p] == '-';
      p++;
    }
    long mantissa = 0;
    int digits = 0;
    int exp10 = 0;
    boolean anyDigit = false;
    boolean truncated = false;
    for (; p < to; p++) {
      int c = t[p] - '0';
      if (c < 0 || c > 9) {
        break;
      }
      anyDigit = true;
      if (mantissa != 0 || c != 0) {
        if (digits < 19) {
          mantissa = mantissa * 10 + c;
          digits++;
        } else {
          exp10++;
          truncated |= c != 0;
        }
      }
    }
    if (p < to && t[p] == '.') {
      for (p++; p < to; p++) {
        int c = t[p] - '0';
        if (c < 0 || c > 9) {
          break;
        }
        anyDigit = true;
        if (mantissa != 0 || c != 0) {
          if (digits < 19) {
            mantissa = mantissa * 10 + c;
            digits++;
            exp10--;
          } else {
            truncated |= c != 0;
          }
        } else {
          exp10--;
        }
      }
    }
    if (!anyDigit) {
      throw bad(t, start, to, component, spellsNonFinite(t, start, to) ? "is not a finite number" : "is not a number");
    }
    if (p < to && (t[p] | 0x20) == 'e') {
      p++;
      boolean negativeExp = false;
      if (p < to && (t[p] == '-' || t[p] == '+')) {
        negativeExp = t[p] == '-';
        p++;
      }
      int e = 0;
      int expDigits = 0;
      for (; p < to; p++) {
        int c = t[p] - '0';
        if (c < 0 || c > 9) {
          break;
        }
        if (e < 100_000) {
          e = e * 10 + c;
        }
        expDigits++;
      }
      if (expDigits == 0) {
        throw bad(t, start, to, component, "is not a number");
      }
      exp10 += negativeExp ? -e : e;
    }
    pos = p;
    if (mantissa == 0) {
      return negative ? -0f : 0f;
    }
    if (!truncated) {
      if (mantissa < (1L << 24) && exp10 >= -10 && exp10 <= 10) {
        // Both operands are exact floats: one IEEE rounding gives the correctly rounded result.
        float f = exp10 >= 0 ? (float) mantissa * FLOAT_POW10[exp10] : (float) mantissa / FLOAT_POW10[-exp10];
        return negative ? -f : f;
      }
      if (mantissa < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
        double d = exp10 >= 0 ? (double) mantissa * DOUBLE_POW10[exp10] : (double) mantissa / DOUBLE_POW10[-exp10];
        // d is the correctly rounded double. Rounding it again to float is right unless d sits exactly
        // on a midpoint between two floats (low 29 mantissa bits 100..0), or in the subnormal range.
        long bits = Double.doubleToRawLongBits(d);
        if ((bits & 0x1FFF_FFFFL) != 0x1000_0000L && d >= Float.MIN_NORMAL && d <= Float.MAX_VALUE) {
          float f = (float) d;
          return negative ? -f : f;
        }
      }
    }
    float f;
    try {
      f = Float.parseFloat(new String(t, start, p - start, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      throw bad(t, start, to, component, "is not a number");
    }
    if (Float.isInfinite(f)) {
      throw bad(t, start, to, component, "is outside the float range");
    }
    return f;
  }

  /** Whether the component at {@code p} spells NaN or an infinity, which are numbers but not finite ones. */
  private boolean spellsNonFinite(byte[] t, int p, int to) {
    if (p < to && (t[p] == '-' || t[p] == '+')) {
      p++;
    }
    int end = p;
    while (end < to && t[end] != separator && t[end] != ' ') {
      end++;
    }
    String word = new String(t, p, end - p, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    return word.equals("nan") || word.equals("inf") || word.equals("infinity");
  }

  private VectorFormatException bad(byte[] t, int start, int to, int component, String what) {
    int end = start;
    while (end < to && t[end] != separator && !(blank && t[end] == ' ')) {
      end++;
    }
    if (end == start) {
      return new VectorFormatException("component " + (component + 1) + " is empty");
    }
    String text = new String(t, start, Math.min(end - start, 40), StandardCharsets.UTF_8);
    if (end - start > 40) {
      text += "...";
    }
    return new VectorFormatException("component " + (component + 1) + " '" + text + "' " + what);
  }

  /**
   * Parses whole numbers in {@code text[from, to)} into {@code out[offset + i]} for {@code i < count}
   * (for INT32-packed binary vectors). Returns how many the text holds.
   */
  public int parseLongs(byte[] text, int from, int to, long[] out, int offset, int count) throws VectorFormatException {
    int p = skipSpaces(text, from, to);
    to = trimSpaces(text, p, to);
    if (p == to) {
      return 0;
    }
    int n = 0;
    while (true) {
      int start = p;
      boolean negative = false;
      if (p < to && (text[p] == '-' || text[p] == '+')) {
        negative = text[p] == '-';
        p++;
      }
      long v = 0;
      int digits = 0;
      for (; p < to && text[p] >= '0' && text[p] <= '9'; p++) {
        if (digits++ > 18) {
          throw bad(text, start, to, n, "is too large");
        }
        v = v * 10 + (text[p] - '0');
      }
      p = skipSpaces(text, p, to);
      if (digits == 0 || p < to && text[p] != separator && !blank) {
        throw bad(text, start, to, n, "is not a whole number");
      }
      if (n < count) {
        out[offset + n] = negative ? -v : v;
      }
      n++;
      if (p == to) {
        return n;
      }
      if (text[p] == separator) {
        p++;
      }
      p = skipSpaces(text, p, to);
      if (p == to) {
        throw new VectorFormatException("component " + (n + 1) + " is empty (the text ends with a separator)");
      }
    }
  }
}
