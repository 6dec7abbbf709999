package io.proximace.vector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Parses separator-joined numbers ({@code 1~2.5~-3e-2}) straight from bytes, without String.split,
 * regular expressions or boxing. One instance per thread: it keeps the scan position in a field.
 *
 * <p>Every float equals {@link Float#parseFloat} of the same text, bit for bit: the decimal value v
 * rounded to the nearest float, ties to even. A scan keeps the first 18 significant digits as m
 * (below 10^18, so a long never overflows) and notes whether a dropped digit was nonzero, so that
 * v = (m + f) * 10^k with 0 &le; f &lt; 1, and f &gt; 0 only when m &ge; 10^17. Two fast paths answer only when
 * they are provably exact; everything else (subnormal or out-of-range results, |k| &gt; 64, values
 * within a few double ulps of a halfway point between two floats) goes to {@code Float.parseFloat}.
 * <ul>
 *   <li>Float: no digit dropped, m &lt; 2^24 and |k| &le; 10. m and 10^|k| are exact floats, so one float
 *       multiply or divide rounds v once, correctly.
 *   <li>Double: |k| &le; 64. d = m * 10^k or m / 10^-k, with 10^|k| the correctly rounded double. Three
 *       roundings (m to double, 10^|k|, the operation), each within 2^-53 relative, and the dropped
 *       digits (below 10^-17 relative) put d within 3.2 * 2^-53 * |v|, under 4 ulps of d, of v. In the
 *       normal float range the floats are the doubles whose low 29 significand bits are 0, and the
 *       halfway points those whose low 29 bits are 0x1000_0000. If d's low 29 bits are more than 8 from
 *       that pattern, no halfway point lies between d and v, so {@code (float) d} is v's float.
 * </ul>
 */
public final class VectorParser {
  /** Significant digits kept in the long mantissa: 10^18 - 1 < 2^63. */
  private static final int MAX_DIGITS = 18;
  /** Fast paths take exponents within +-64; a normal float with at most 18 digits needs 10^-56 to 10^39. */
  private static final int MAX_POW10 = 64;
  /** An exponent this large is kept as is: no count of digits (a text has under 2^31) brings it back into range. */
  private static final long EXP_SATURATED = 1L << 40;
  /** How far (in double ulps) d's low 29 bits must be from the halfway pattern; the proven error is under 4. */
  private static final long MARGIN = 8;

  private static final float[] FLOAT_POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  private static final double[] DOUBLE_POW10 = new double[MAX_POW10 + 1];
  private static final long[] LONG_POW10 = new long[MAX_DIGITS + 1];

  static {
    for (int i = 0; i <= MAX_POW10; i++) {
      DOUBLE_POW10[i] = Double.parseDouble("1e" + i); // correctly rounded
    }
    LONG_POW10[0] = 1;
    for (int i = 1; i <= MAX_DIGITS; i++) {
      LONG_POW10[i] = LONG_POW10[i - 1] * 10;
    }
  }

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
    return parse(text, from, to, out, offset, stride, dim, false);
  }

  /**
   * Parses integer data (int8, 0/1 binary) into {@code out[0, dim)} as {@link #parseFloats} does, except that
   * text that is not a whole number never comes back as an integral float: {@code 3.5} comes back as 3.5 for
   * the caller to refuse, and {@code 127.0000001} or {@code 1e-50}, which round to the floats 127 and 0, are
   * refused here. {@code 127.0} and {@code 1.27e2} are whole numbers.
   */
  public int parseIntegers(byte[] text, int from, int to, float[] out, int dim) throws VectorFormatException {
    return parse(text, from, to, out, 0, 1, dim, true);
  }

  private int parse(byte[] text, int from, int to, float[] out, int offset, int stride, int dim, boolean whole)
      throws VectorFormatException {
    int p = skipSpaces(text, from, to);
    to = trimSpaces(text, p, to);
    if (p == to) {
      return 0;
    }
    int count = 0;
    while (true) {
      int componentStart = p;
      float v = parseFloat(text, p, to, count, whole);
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
  private float parseFloat(byte[] t, int p, int to, int component, boolean whole) throws VectorFormatException {
    int start = p;
    boolean negative = false;
    if (p < to && (t[p] == '-' || t[p] == '+')) {
      negative = t[p] == '-';
      p++;
    }
    long mantissa = 0; // the first MAX_DIGITS significant digits
    int digits = 0;
    int exp10 = 0; // the text's value is (mantissa + f) * 10^exp10 before its exponent, 0 <= f < 1
    boolean anyDigit = false;
    boolean dropped = false; // a nonzero digit did not fit in the mantissa (then f > 0)
    for (; p < to; p++) {
      int c = t[p] - '0';
      if (c < 0 || c > 9) {
        break;
      }
      anyDigit = true;
      if (mantissa != 0 || c != 0) {
        if (digits < MAX_DIGITS) {
          mantissa = mantissa * 10 + c;
          digits++;
        } else {
          exp10++;
          dropped |= c != 0;
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
          if (digits < MAX_DIGITS) {
            mantissa = mantissa * 10 + c;
            digits++;
            exp10--;
          } else {
            dropped |= c != 0;
          }
        } else {
          exp10--;
        }
      }
    }
    if (!anyDigit) {
      throw bad(t, start, to, component, spellsNonFinite(t, start, to) ? "is not a finite number" : "is not a number");
    }
    long scale = exp10;
    if (p < to && (t[p] | 0x20) == 'e') {
      p++;
      boolean negativeExp = false;
      if (p < to && (t[p] == '-' || t[p] == '+')) {
        negativeExp = t[p] == '-';
        p++;
      }
      long e = 0;
      int expDigits = 0;
      for (; p < to; p++) {
        int c = t[p] - '0';
        if (c < 0 || c > 9) {
          break;
        }
        if (e < EXP_SATURATED) {
          e = e * 10 + c;
        }
        expDigits++;
      }
      if (expDigits == 0) {
        throw bad(t, start, to, component, "is not a number");
      }
      scale += negativeExp ? -e : e;
    }
    pos = p;
    if (mantissa == 0) {
      return negative ? -0f : 0f;
    }
    float f = toFloat(mantissa, scale, dropped);
    if (f != f) { // NaN: no fast path could answer
      try {
        f = Float.parseFloat(new String(t, start, p - start, StandardCharsets.ISO_8859_1));
      } catch (NumberFormatException e) {
        throw bad(t, start, to, component, "is not a number");
      }
      if (Float.isInfinite(f)) {
        throw bad(t, start, to, component, "is outside the float range");
      }
    } else if (negative) {
      f = -f;
    }
    if (whole && f == Math.rint(f) && !isWhole(mantissa, scale, dropped, t, start, p)) {
      throw bad(t, start, to, component, "is not a whole number (it would round to " + f + ")");
    }
    return f;
  }

  /** The float nearest {@code (mantissa + f) * 10^scale} by one of the class comment's fast paths, or NaN when neither is exact. */
  private static float toFloat(long mantissa, long scale, boolean dropped) {
    if (!dropped && mantissa < (1L << 24) && scale >= -10 && scale <= 10) {
      return scale >= 0 ? (float) mantissa * FLOAT_POW10[(int) scale] : (float) mantissa / FLOAT_POW10[(int) -scale];
    }
    if (scale < -MAX_POW10 || scale > MAX_POW10) {
      return Float.NaN;
    }
    double d = scale >= 0 ? (double) mantissa * DOUBLE_POW10[(int) scale] : (double) mantissa / DOUBLE_POW10[(int) -scale];
    long low = Double.doubleToRawLongBits(d) & 0x1FFF_FFFFL;
    if (Math.abs(low - 0x1000_0000L) <= MARGIN || d < Float.MIN_NORMAL || d > Float.MAX_VALUE) {
      return Float.NaN;
    }
    return (float) d;
  }

  /** Whether the text's value, {@code (mantissa + f) * 10^scale}, is an integer. */
  private static boolean isWhole(long mantissa, long scale, boolean dropped, byte[] t, int start, int end) {
    if (dropped) { // 19 or more significant digits: rare enough for BigDecimal
      try {
        return new BigDecimal(new String(t, start, end - start, StandardCharsets.ISO_8859_1)).stripTrailingZeros().scale() <= 0;
      } catch (NumberFormatException e) {
        return false; // an exponent beyond BigDecimal's int scale: a finite float is then 0 from a nonzero text
      }
    }
    return scale >= 0 || scale >= -MAX_DIGITS && mantissa % LONG_POW10[(int) -scale] == 0;
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
   * Parses INT32 words of packed binary vectors in {@code text[from, to)} into {@code out[offset + i]} for
   * {@code i < count}. A word is signed or unsigned, -2^31 to 2^32 - 1, and is kept as its 32 bits.
   * Returns how many words the text holds.
   */
  public int parseWords(byte[] text, int from, int to, int[] out, int offset, int count) throws VectorFormatException {
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
      for (; p < to && text[p] >= '0' && text[p] <= '9'; p++, digits++) {
        if (v <= 0xFFFF_FFFFL) { // past it v only grows, so stopping here keeps it out of range without overflow
          v = v * 10 + (text[p] - '0');
        }
      }
      p = skipSpaces(text, p, to);
      if (digits == 0 || p < to && text[p] != separator && !blank) {
        throw bad(text, start, to, n, "is not a whole number");
      }
      if (negative ? v > 1L << 31 : v > 0xFFFF_FFFFL) {
        throw bad(text, start, to, n, "is not a 32-bit integer (-2147483648 to 4294967295, signed or unsigned)");
      }
      if (n < count) {
        out[offset + n] = (int) (negative ? -v : v);
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
