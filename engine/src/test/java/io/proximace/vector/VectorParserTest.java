package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorParserTest {
  private static float[] parse(String text, char sep, int dim) throws VectorFormatException {
    float[] out = new float[dim];
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int n = new VectorParser(sep).parseFloats(b, 0, b.length, out, 0, 1, dim);
    assertEquals(dim, n, "component count of '" + text + "'");
    return out;
  }

  private static String error(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return assertThrows(VectorFormatException.class,
        () -> new VectorParser('~').parseFloats(b, 0, b.length, new float[8], 0, 1, 8)).getMessage();
  }

  @Test
  void parsesTheSeedVectorsAndCommonForms() throws Exception {
    assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2}, parse("1~1~1~1~2~2~2~2", '~', 8));
    assertArrayEquals(new float[] {-1.5f, 0.25f, 3e-2f, 1e10f, -0f, 7f}, parse("-1.5~.25~3e-2~1E10~-0~+7.", '~', 6));
    assertArrayEquals(new float[] {1, 2, 3}, parse(" 1 ~ 2 ~3 ", '~', 3));
    assertArrayEquals(new float[] {1, 2, 3}, parse("1  2 3", ' ', 3));
    assertArrayEquals(new float[] {1, 2, 3}, parse("1,2,3", ',', 3));
  }

  @Test
  void roundTripsEveryFloatThatFloatToStringPrints() throws Exception {
    Random r = new Random(7);
    VectorParser p = new VectorParser('~');
    float[] out = new float[1];
    for (int i = 0; i < 300_000; i++) {
      float f = switch (i % 4) {
        case 0 -> Float.intBitsToFloat(r.nextInt()); // any bit pattern: subnormals, huge exponents
        case 1 -> (float) r.nextGaussian();
        case 2 -> r.nextFloat() * 1000 - 500;
        default -> (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
      };
      if (!Float.isFinite(f)) {
        continue;
      }
      String s = Float.toString(f);
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      p.parseFloats(b, 0, b.length, out, 0, 1, 1);
      assertEquals(Float.floatToIntBits(f), Float.floatToIntBits(out[0]), s);
    }
  }

  @Test
  void roundsLongDecimalsExactlyAsFloatParseFloat() throws Exception {
    Random r = new Random(11);
    VectorParser p = new VectorParser('~');
    float[] out = new float[1];
    for (int i = 0; i < 200_000; i++) {
      // many digits, so the double fast path and its midpoint check are exercised
      String s = (r.nextBoolean() ? "-" : "") + r.nextInt(100000) + "." + String.format("%012d", r.nextLong(1_000_000_000_000L))
          + (r.nextInt(3) == 0 ? "e" + (r.nextInt(60) - 30) : "");
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      p.parseFloats(b, 0, b.length, out, 0, 1, 1);
      assertEquals(Float.floatToIntBits(Float.parseFloat(s)), Float.floatToIntBits(out[0]), s);
    }
    // exact float midpoints, where rounding through double would go wrong
    for (String s : new String[] {"1.00000005960464477539062500000001", "16777217", "3.4028235677973366e38", "1e-45", "7e-46"}) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      p.parseFloats(b, 0, b.length, out, 0, 1, 1);
      assertEquals(Float.floatToIntBits(Float.parseFloat(s)), Float.floatToIntBits(out[0]), s);
    }
  }

  @Test
  void writesWithAStrideAndReportsTheRealCount() throws Exception {
    float[] out = new float[10];
    byte[] b = "1~2~3".getBytes(StandardCharsets.US_ASCII);
    assertEquals(3, new VectorParser('~').parseFloats(b, 0, b.length, out, 1, 4, 3));
    assertEquals(1f, out[1]);
    assertEquals(2f, out[5]);
    assertEquals(3f, out[9]);
    float[] small = new float[2];
    assertEquals(3, new VectorParser('~').parseFloats(b, 0, b.length, small, 0, 1, 2), "counts past dim");
    assertEquals(0, new VectorParser('~').parseFloats(b, 0, 0, small, 0, 1, 2), "empty text");
  }

  @Test
  void namesTheBadComponent() {
    assertEquals("component 3 'abc' is not a number", error("1~2~abc~4"));
    assertEquals("component 2 'NaN' is not a finite number", error("1~NaN"));
    assertEquals("component 1 'Infinity' is not a finite number", error("Infinity~1"));
    assertEquals("component 2 '-inf' is not a finite number", error("1~-inf"));
    assertEquals("component 2 '1e39' is outside the float range", error("1~1e39"));
    assertEquals("component 2 is empty", error("1~~3"));
    assertEquals("component 3 is empty (the text ends with a separator)", error("1~2~"));
    assertEquals("component 1 '1.5f' is not a number", error("1.5f~2"));
    assertEquals("component 2 '2e' is not a number", error("1~2e"));
    assertEquals("component 1 '1,2' is not a number", error("1,2"));
  }

  /** What a parse of {@code s} must give: Float.parseFloat's bits, or a refusal when Float.parseFloat overflows. */
  private static String mismatch(VectorParser p, String s, float[] out) {
    float want = Float.parseFloat(s);
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    try {
      p.parseFloats(b, 0, b.length, out, 0, 1, 1);
    } catch (VectorFormatException e) {
      return Float.isInfinite(want) && e.getMessage().endsWith("is outside the float range") ? null
          : "'" + s + "': refused (" + e.getMessage() + "), Float.parseFloat gives " + want;
    }
    return Float.floatToRawIntBits(out[0]) == Float.floatToRawIntBits(want) ? null
        : "'" + s + "': " + out[0] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(out[0])) + "), Float.parseFloat gives "
            + want + " (0x" + Integer.toHexString(Float.floatToRawIntBits(want)) + ")";
  }

  private static void assertParsesAsFloatParseFloat(String... texts) {
    VectorParser p = new VectorParser('~');
    float[] out = new float[1];
    for (String s : texts) {
      String m = mismatch(p, s, out);
      if (m != null) {
        throw new AssertionError(m.length() > 300 ? m.substring(0, 300) + "..." : m);
      }
    }
  }

  @Test
  void agreesWithFloatParseFloatOnTenMillionTextsOfEveryShape() {
    // Seeded: a failure reproduces. The shapes and why each is there: DecimalTexts.
    DecimalTexts texts = new DecimalTexts(20261130);
    VectorParser p = new VectorParser('~');
    float[] out = new float[1];
    List<String> bad = new ArrayList<>();
    int[] perShape = new int[DecimalTexts.Shape.values().length];
    long mismatches = 0;
    int n = 10_000_000;
    for (int i = 0; i < n; i++) {
      String s = texts.next();
      perShape[texts.last.ordinal()]++;
      String m = mismatch(p, s, out);
      if (m != null) {
        mismatches++;
        if (bad.size() < 10) {
          bad.add(texts.last + " " + (m.length() > 200 ? m.substring(0, 200) + "..." : m));
        }
      }
    }
    assertEquals(0, mismatches, mismatches + " of " + n + " texts differ from Float.parseFloat, the first:\n" + String.join("\n", bad));
    for (int count : perShape) {
      assertTrue(count >= n / perShape.length - 1, "every shape is tried");
    }
  }

  @Test
  void numpyDefaultTextKeepsItsSign() throws Exception {
    // np.savetxt's default %.18e: 19 significant digits, above Long.MAX_VALUE as an integer
    assertArrayEquals(new float[] {9.5e9f, 9.3e8f, -1.5f, 0.1f, 1e-40f},
        parse("9.500000000000000000e+09~9.300000000000000000e+08~-1.500000000000000000e+00~1.000000014901161194e-01"
            + "~9.999946101114759582e-41", '~', 5));
    assertParsesAsFloatParseFloat("9.500000000000000000e+09", "9.300000000000000000e+08", "9999999999999999999",
        "9223372036854775808", "18446744073709551616", "-9.223372036854775807e18", "1.000000000000000000000000000001",
        "0.00000000000000000000000000000000012345678901234567890123456789", "3.4028234663852885981e38");
  }

  @Test
  void exponentsFarOutsideTheFloatRange() throws Exception {
    String zeros = "0".repeat(100_000);
    assertArrayEquals(new float[] {0f, -0f, 0f, 1e4f, 1f, 1f, 1.5f},
        parse("1e-400000~-1e-400000~1e-99999999999999999999~0." + zeros + "1e100005~1" + zeros + "e-100000"
            + "~0." + zeros + "1e+0000000000000100001~15e-0000000000000000000000001", '~', 7));
    // the exponent accumulator used to stop at 100000 (1e1000000 read as 1e100000), and zeros brought that back into range
    assertEquals("component 1 '0." + "0".repeat(38) + "...' is outside the float range",
        error("0." + "0".repeat(99_999) + "1e1000000"));
    assertEquals("component 1 '1e99999999999999999999' is outside the float range", error("1e99999999999999999999"));
    assertEquals("component 2 '-1e400000' is outside the float range", error("1~-1e400000"));
    assertParsesAsFloatParseFloat("0." + zeros + "1e100005", "1" + zeros + "e-100000", "1e-400000", "0e999999999999",
        "-0.0", "-0", "-0e-5", "+0.000", ".0", "0.");
  }

  @Test
  void subnormalsAndTheEdgesOfTheRangeRoundAsFloatParseFloat() throws Exception {
    float[] got = parse("1.4e-45~7.006492321624085e-46~7.006492321624086e-46~1.1754942e-38~3.4028235e38~-0.0", '~', 6);
    assertArrayEquals(new float[] {Float.MIN_VALUE, 0f, Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, -0f}, got);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(got[5]), "-0.0 keeps its sign");
    // 2^128 - 2^103 is halfway between Float.MAX_VALUE and 2^128: ties to even round it up, out of range
    assertEquals("component 1 '340282356779733661637539395458142568448' is outside the float range",
        error("340282356779733661637539395458142568448"));
    assertParsesAsFloatParseFloat("340282356779733661637539395458142568447", "3.4028235677973366e38", "1e-45", "7e-46", "1e-46",
        "1.17549435e-38", "1.1754942807573643e-38", "1.17549428e-38", "16777217", "16777217.000000000000000001", "16777219");
  }

  @Test
  void integerDataRefusesTextThatOnlyRoundsToAnInteger() throws Exception {
    VectorParser p = new VectorParser('~');
    float[] out = new float[5];
    byte[] ok = "127.0~-128~1.27e2~0.000~-5E0".getBytes(StandardCharsets.US_ASCII);
    assertEquals(5, p.parseIntegers(ok, 0, ok.length, out, 5));
    assertArrayEquals(new float[] {127, -128, 127, 0, -5}, out);
    // 3.5 is visibly not an integer and comes back for the caller's message; 127.0000001 would round to the float 127
    // and 1e-50 to 0, so an int8 or binary column would silently hold a number its text does not say: refused here
    byte[] half = "1~3.5".getBytes(StandardCharsets.US_ASCII);
    assertEquals(2, p.parseIntegers(half, 0, half.length, out, 5));
    assertEquals(3.5f, out[1]);
    for (String[] c : new String[][] {
        {"1~127.0000001", "component 2 '127.0000001' is not a whole number (it would round to 127.0)"},
        {"1e-50", "component 1 '1e-50' is not a whole number (it would round to 0.0)"},
        {"1.0000000000000000000001", "component 1 '1.0000000000000000000001' is not a whole number (it would round to 1.0)"},
        {"0~1.00000001", "component 2 '1.00000001' is not a whole number (it would round to 1.0)"}}) {
      byte[] b = c[0].getBytes(StandardCharsets.US_ASCII);
      assertEquals(c[1], assertThrows(VectorFormatException.class, () -> p.parseIntegers(b, 0, b.length, out, 5)).getMessage());
    }
    // whole numbers however written, 19 digits and more included
    byte[] big = "1234567890123456789012~12345678901234567890.000e2~1e30".getBytes(StandardCharsets.US_ASCII);
    assertEquals(3, p.parseIntegers(big, 0, big.length, out, 5));
    assertArrayEquals(new float[] {1234567890123456789012f, 1234567890123456789000f, 1e30f}, Arrays.copyOf(out, 3));
  }

  @Test
  void wordsAreThirtyTwoBitsSignedOrUnsigned() throws Exception {
    VectorParser p = new VectorParser('~');
    int[] out = new int[6];
    byte[] b = "-2147483648~4294967295~-1~0~00000000000000000000000007~+2147483647".getBytes(StandardCharsets.US_ASCII);
    assertEquals(6, p.parseWords(b, 0, b.length, out, 0, 6));
    assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, -1, 0, 7, Integer.MAX_VALUE}, out);
    for (String[] c : new String[][] {
        {"1~4294967296", "component 2 '4294967296' is not a 32-bit integer (-2147483648 to 4294967295, signed or unsigned)"},
        {"-2147483649", "component 1 '-2147483649' is not a 32-bit integer (-2147483648 to 4294967295, signed or unsigned)"},
        {"99999999999999999999999", "component 1 '99999999999999999999999' is not a 32-bit integer (-2147483648 to 4294967295, signed or unsigned)"},
        {"-9223372036854775808", "component 1 '-9223372036854775808' is not a 32-bit integer (-2147483648 to 4294967295, signed or unsigned)"},
        {"1~1.5", "component 2 '1.5' is not a whole number"},
        {"1~", "component 2 is empty (the text ends with a separator)"}}) {
      byte[] t = c[0].getBytes(StandardCharsets.US_ASCII);
      assertEquals(c[1], assertThrows(VectorFormatException.class, () -> p.parseWords(t, 0, t.length, out, 0, 6)).getMessage());
    }
  }
}
