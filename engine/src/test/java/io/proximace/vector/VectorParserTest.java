package io.proximace.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
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
}
