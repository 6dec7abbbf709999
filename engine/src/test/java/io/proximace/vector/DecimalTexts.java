package io.proximace.vector;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * Seeded decimal texts in the shapes tools write floats, aimed at the places a float parser gets wrong:
 * values on, next to and between floats (halfway points, where rounding must break a tie), long
 * mantissas, leading zeros, exponents far outside the float range, subnormals and the overflow edge.
 * The digits are computed exactly (BigDecimal) where a shape promises exact digits; the other shapes
 * need no particular digits, only their form, so their digits are random.
 */
final class DecimalTexts {
  /** The shapes, one per {@link #next} call in turn; a failure message names the shape. */
  enum Shape {
    NUMPY_18E_OF_FLOAT, NUMPY_18E_NEAR_HALFWAY, NUMPY_18E_RANDOM, C_9G_OF_FLOAT, PYTHON_REPR, JAVA_FLOAT_TO_STRING,
    JAVA_DOUBLE_TO_STRING, LONG_MANTISSA_NEAR_HALFWAY, LONG_MANTISSA_RANDOM, EXTREME_EXPONENT, EDGE
  }

  private static final Shape[] SHAPES = Shape.values();
  private static final double TWO_128 = 0x1p128;

  private final SplittableRandom r;
  private final StringBuilder b = new StringBuilder(96);
  private int turn;
  Shape last;

  DecimalTexts(long seed) {
    this.r = new SplittableRandom(seed);
  }

  /** The next text; {@link #last} says its shape. */
  String next() {
    last = SHAPES[turn++ % SHAPES.length];
    b.setLength(0);
    if (r.nextInt(2) == 0) {
      b.append('-');
    }
    switch (last) {
      case NUMPY_18E_OF_FLOAT -> scientific(exact(anyFloat(), 19, RoundingMode.HALF_EVEN), 18, 'e', true, 2);
      case NUMPY_18E_NEAR_HALFWAY -> scientific(exact(nearHalfway(), 19, RoundingMode.HALF_EVEN), 18, 'e', true, 2);
      case NUMPY_18E_RANDOM -> scientific(new Digits(randomDigits(19), r.nextInt(-48, 42)), 18, 'e', true, 2);
      case C_9G_OF_FLOAT -> percentG(exact(anyFloat(), 9, RoundingMode.HALF_EVEN), 9);
      case PYTHON_REPR -> pythonRepr(shortest(r.nextInt(3) == 0 ? nearHalfway() : anyDouble()));
      case JAVA_FLOAT_TO_STRING -> b.append(Float.toString(anyFloat()));
      case JAVA_DOUBLE_TO_STRING -> b.append(Double.toString(r.nextBoolean() ? nearHalfway() : anyDouble()));
      case LONG_MANTISSA_NEAR_HALFWAY -> anyLayout(nudge(exact(nearHalfway(), r.nextInt(17, 31),
          r.nextBoolean() ? RoundingMode.DOWN : RoundingMode.HALF_EVEN)));
      case LONG_MANTISSA_RANDOM -> anyLayout(new Digits(randomDigits(r.nextInt(17, 31)), r.nextInt(-50, 42)));
      case EXTREME_EXPONENT -> extremeExponent();
      case EDGE -> edge();
    }
    return b.toString();
  }

  /** A decimal {@code 0.d1d2d3... * 10^(exp + 1)}, that is {@code d1.d2d3... * 10^exp}; {@code digits} start with a nonzero digit. */
  record Digits(String digits, int exp) {}

  // ---- values ----

  /** A finite positive float (the sign is written separately): any bit pattern (subnormals included), data-like, or near the ends of the range. */
  private float anyFloat() {
    float f = switch (r.nextInt(5)) {
      case 0, 1 -> Float.intBitsToFloat(r.nextInt() & 0x7FFF_FFFF);
      case 2 -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-6, 7)));
      case 3 -> (float) Math.pow(10, r.nextDouble(-45.9, 38.6));
      default -> (float) r.nextInt(-1000, 1000) / (1 << r.nextInt(0, 12));
    };
    return Float.isFinite(f) ? Math.abs(f) : Float.MAX_VALUE;
  }

  /** A positive double in or around the float range, log-uniform. */
  private double anyDouble() {
    return Math.pow(10, r.nextDouble(-47, 40));
  }

  /** A halfway point between a float and the next (exact as a double), often a few double ulps off it. */
  private double nearHalfway() {
    float f = anyFloat();
    double half = (double) f + Math.ulp(f) / 2.0; // at MAX_VALUE: the overflow threshold
    long j = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextLong(-16, 17);
      default -> r.nextLong(-1L << 20, 1L << 20);
    };
    return Double.longBitsToDouble(Double.doubleToRawLongBits(half) + j);
  }

  // ---- digits ----

  /** The exact value of {@code x} rounded to {@code n} significant digits. */
  private static Digits exact(double x, int n, RoundingMode mode) {
    BigDecimal v = new BigDecimal(Math.abs(x)).round(new MathContext(n, mode));
    if (v.signum() == 0) {
      return new Digits("0", 0);
    }
    String d = v.unscaledValue().toString();
    return new Digits(d, d.length() - 1 - v.scale());
  }

  /** The shortest digits that round-trip {@code x} as a double (what Python's repr and Java's Double.toString print). */
  private static Digits shortest(double x) {
    BigDecimal v = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    String d = v.unscaledValue().toString();
    return new Digits(d, d.length() - 1 - v.scale());
  }

  private String randomDigits(int n) {
    StringBuilder s = new StringBuilder(n);
    s.append((char) ('1' + r.nextInt(9)));
    for (int i = 1; i < n; i++) {
      s.append((char) ('0' + r.nextInt(10)));
    }
    return s.toString();
  }

  /** The last digit moved by -1, 0 or +1 (as text, so a 9 or 0 may carry into a neighbour's shape: that is fine). */
  private Digits nudge(Digits d) {
    int last = d.digits().charAt(d.digits().length() - 1) - '0';
    int moved = Math.max(0, Math.min(9, last + r.nextInt(-1, 2)));
    String s = d.digits().substring(0, d.digits().length() - 1) + (char) ('0' + moved);
    return s.charAt(0) == '0' ? d : new Digits(s, d.exp());
  }

  // ---- layouts ----

  /** {@code d.ddd} with {@code decimals} digits after the point (padded with zeros), then an exponent. */
  private void scientific(Digits d, int decimals, char e, boolean plus, int minExpDigits) {
    String s = d.digits();
    b.append(s.charAt(0));
    if (decimals > 0) {
      b.append('.');
      for (int i = 1; i <= decimals; i++) {
        b.append(i < s.length() ? s.charAt(i) : '0');
      }
    }
    exponent(d.digits().equals("0") ? 0 : d.exp(), e, plus, minExpDigits);
  }

  private void exponent(long exp, char e, boolean plus, int minDigits) {
    b.append(e);
    if (exp < 0) {
      b.append('-');
    } else if (plus) {
      b.append('+');
    }
    String x = Long.toString(Math.abs(exp));
    b.append("0".repeat(Math.max(0, minDigits - x.length()))).append(x);
  }

  /** Plain positional notation, {@code 0.000123} or {@code 123.45}; {@code pointZero} writes {@code 123.0} for integers. */
  private void positional(Digits d, boolean pointZero) {
    String s = d.digits();
    int intDigits = d.exp() + 1;
    if (intDigits <= 0) {
      b.append("0.").append("0".repeat(-intDigits)).append(s);
    } else if (intDigits >= s.length()) {
      b.append(s).append("0".repeat(intDigits - s.length()));
      if (pointZero) {
        b.append(".0");
      }
    } else {
      b.append(s, 0, intDigits).append('.').append(s, intDigits, s.length());
    }
  }

  /** C's {@code %.<p>g}: p significant digits, trailing zeros removed, scientific below 1e-4 or from 10^p. */
  private void percentG(Digits d, int p) {
    String s = d.digits().replaceFirst("0+$", "");
    Digits t = new Digits(s.isEmpty() ? "0" : s, d.exp());
    if (d.exp() < -4 || d.exp() >= p) {
      scientific(t, t.digits().length() - 1, 'e', true, 2);
    } else {
      positional(t, false);
    }
  }

  /** Python's repr of a float: positional for 1e-4 <= |x| < 1e16 (with {@code .0} for integers), else {@code 1.5e-05}. */
  private void pythonRepr(Digits d) {
    if (d.exp() < -4 || d.exp() >= 16) {
      scientific(d, d.digits().length() - 1, 'e', true, 2);
    } else {
      positional(d, true);
    }
  }

  /** The digits with the point anywhere (leading zeros, no integer part, a bare trailing point) and the exponent to match. */
  private void anyLayout(Digits d) {
    if (b.isEmpty() && r.nextInt(4) == 0) {
      b.append('+');
    }
    b.append("0".repeat(r.nextInt(4) == 0 ? r.nextInt(1, 30) : 0));
    String s = d.digits();
    int point = r.nextInt(-25, s.length() + 25); // digits before the point; negative: zeros after it
    long exp = d.exp() + 1L - point;
    if (point <= 0) {
      b.append(r.nextBoolean() ? "0." : ".").append("0".repeat(-point)).append(s);
    } else if (point >= s.length()) {
      b.append(s).append("0".repeat(point - s.length()));
      if (r.nextBoolean()) {
        b.append(r.nextBoolean() ? "." : ".000");
      }
    } else {
      b.append(s, 0, point).append('.').append(s, point, s.length());
    }
    if (exp != 0 || r.nextBoolean()) {
      exponent(exp, r.nextBoolean() ? 'e' : 'E', r.nextBoolean(), r.nextInt(1, 5));
    }
  }

  /**
   * Exponents far outside the float range, alone or against a long run of zeros that brings the value back into it
   * ({@code 0.000...0001e+60}), and exponents too long for an int or a long.
   */
  private void extremeExponent() {
    Digits d = new Digits(randomDigits(r.nextInt(1, 25)), 0);
    switch (r.nextInt(4)) {
      case 0 -> { // simply out of range, either way
        positional(d, false);
        exponent(r.nextBoolean() ? r.nextLong(39, 500_000) : -r.nextLong(46, 500_000), 'e', r.nextBoolean(), 1);
      }
      case 1 -> { // leading fractional zeros against a large exponent: the value lands anywhere from 1e-50 to 1e45
        int zeros = r.nextInt(40, 3000);
        b.append("0.").append("0".repeat(zeros)).append(d.digits());
        exponent(zeros + r.nextInt(-50, 45), 'e', r.nextBoolean(), 1);
      }
      case 2 -> { // trailing integer zeros against a very negative exponent
        int zeros = r.nextInt(40, 3000);
        b.append(d.digits()).append("0".repeat(zeros));
        exponent(-(zeros + d.digits().length() + r.nextInt(-45, 50)), 'E', false, 1);
      }
      default -> { // an exponent with twenty or more digits, or padded with zeros
        positional(d, false);
        if (r.nextBoolean()) {
          b.append(r.nextBoolean() ? "e" : "e-").append(randomDigits(r.nextInt(20, 40)));
        } else {
          exponent(r.nextInt(-50, 40), 'e', r.nextBoolean(), r.nextInt(3, 25));
        }
      }
    }
  }

  /** Zeros, the overflow threshold, the smallest normal and subnormal floats and the halfway points next to them. */
  private void edge() {
    double x = switch (r.nextInt(8)) {
      case 0 -> 0;
      case 1 -> (double) Float.MAX_VALUE + Math.ulp(Float.MAX_VALUE) / 2.0; // rounds to infinity (ties to even)
      case 2 -> Float.MAX_VALUE;
      case 3 -> Float.MIN_NORMAL;
      case 4 -> Float.MIN_VALUE / 2.0; // halfway between 0 and the smallest subnormal
      case 5 -> Float.MIN_VALUE * (r.nextInt(1, 10) + 0.5);
      case 6 -> TWO_128;
      default -> Float.MIN_NORMAL - Float.MIN_VALUE / 2.0;
    };
    if (x == 0) {
      b.append(switch (r.nextInt(6)) {
        case 0 -> "0";
        case 1 -> "0.0";
        case 2 -> "000.000";
        case 3 -> ".0e-99999";
        case 4 -> "0e+400";
        default -> "0." + "0".repeat(r.nextInt(1, 60));
      });
      return;
    }
    long j = r.nextInt(3) == 0 ? 0 : r.nextLong(-4, 5);
    x = Double.longBitsToDouble(Double.doubleToRawLongBits(x) + j);
    Digits d = exact(x, r.nextInt(1, 60), r.nextBoolean() ? RoundingMode.HALF_EVEN : RoundingMode.DOWN);
    if (r.nextBoolean()) {
      scientific(d, d.digits().length() - 1, 'e', r.nextBoolean(), 1);
    } else {
      anyLayout(d);
    }
  }
}
