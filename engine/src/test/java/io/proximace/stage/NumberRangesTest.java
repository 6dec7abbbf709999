package io.proximace.stage;

import io.proximace.ProximaException;
import io.proximace.plan.Categories;
import io.proximace.plan.DistanceMethod;
import io.proximace.plan.JobSpec;
import io.proximace.vector.DataType;
import io.proximace.vector.PkType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Integer inputs at and past the edges of their types: int8 and 0/1 binary components, INT32 words, BIGINT pks and
 * categories. A value past an edge, or text that is not a whole number, fails the run naming the row and the column;
 * it never wraps around or rounds into range.
 */
class NumberRangesTest {
  static final String COLS = "pk STRING, vector STRING";

  @TempDir
  Path tmp;
  TestHome h;

  @BeforeEach
  void setUp() throws IOException {
    h = new TestHome(tmp);
  }

  private String failure(JobSpec.Builder spec) {
    return assertThrows(ProximaException.class, () -> h.run(spec.build())).getMessage();
  }

  @Test
  void int8TakesWholeNumbersHoweverWrittenAndNothingThatOnlyRoundsToOne() throws IOException {
    h.table("doc", COLS, "1", "a,127.0~1.27e2~-128~0.000\n");
    h.table("query", COLS, "1", "q,127~127~-128~0\n");
    h.run(h.builder("doc", "query", "i8", 4, "1", "build:seek").dataType(DataType.INT8).build());
    assertEquals(List.of("q,a,0.0"), h.rows("i8", "1"));
    // 127.0000001 is the float 127: taking it would store a number the text does not say
    h.table("doc", COLS, "1", "b,1~2~3~127.0000001\n");
    String e = failure(h.builder("doc", "query", "i8", 4, "1", "build:seek").dataType(DataType.INT8));
    assertTrue(e.endsWith("pk 'b', column vector: component 4 '127.0000001' is not a whole number (it would round to 127.0)"), e);
  }

  @Test
  void binaryComponentsAreExactlyZeroOrOne() throws IOException {
    h.table("doc", COLS, "1", "a," + "0~".repeat(31) + "1.00000001\n");
    h.table("query", COLS, "1", "q," + "0~".repeat(31) + "1\n");
    String e = failure(h.builder("doc", "query", "o", 32, "1", "build:seek").dataType(DataType.BINARY)
        .distance(DistanceMethod.HAMMING));
    assertTrue(e.endsWith("pk 'a', column vector: component 32 '1.00000001' is not a whole number (it would round to 1.0)"), e);
  }

  @Test
  void int32WordsAreSignedOrUnsignedAndNothingWider() throws IOException {
    // 4294967295 and -1 are the same 32 bits, as are 2147483648 and -2147483648
    h.table("doc", COLS, "1", "a,4294967295~2147483648\nb,0~0\n");
    h.table("query", COLS, "1", "q,-1~-2147483648\n");
    JobSpec.Builder words = h.builder("doc", "query", "o", 64, "2", "build:seek").dataType(DataType.BINARY)
        .distance(DistanceMethod.HAMMING).binaryToInt(true);
    h.run(words.build());
    assertEquals(List.of("q,a,0.0", "q,b,33.0"), h.rows("o", "1"));
    for (String[] c : new String[][] {{"4294967296~0", "component 1 '4294967296'"}, {"0~-2147483649", "component 2 '-2147483649'"},
        {"0~18446744073709551617", "component 2 '18446744073709551617'"}}) {
      h.table("doc", COLS, "1", "c," + c[0] + "\n");
      String e = failure(words);
      assertTrue(e.endsWith("pk 'c', column vector: " + c[1] + " is not a 32-bit integer (-2147483648 to 4294967295, signed or unsigned)"), e);
    }
  }

  @Test
  void bigintKeysStopAtTheLongRange() throws IOException {
    h.table("doc", COLS, "1", "9223372036854775807,1~0\n-9223372036854775808,0~1\n");
    h.table("query", COLS, "1", "1,1~0\n");
    JobSpec.Builder int64 = h.builder("doc", "query", "o", 2, "1", "build:seek").pkType(PkType.INT64);
    h.run(int64.build());
    assertEquals(List.of("1,9223372036854775807,0.0"), h.rows("o", "1"));
    h.table("doc", COLS, "1", "9223372036854775808,1~1\n");
    String e = failure(int64);
    assertTrue(e.endsWith("row 1 (part-00000.csv line 1), column pk: '9223372036854775808' is not a BIGINT (-pk_type int64)"), e);
    // a BIGINT column refuses it at import, naming the file, line and column
    assertEquals("bigdoc.csv line 2, column pk: '-9223372036854775809' is not a BIGINT", assertThrows(ProximaException.class,
        () -> h.table("bigdoc", "pk BIGINT, vector STRING", "1", "1,1~0\n-9223372036854775809,0~1\n")).getMessage());
  }

  @Test
  void bigintCategoriesStopAtTheLongRange() throws IOException {
    h.table("doc", "pk STRING, vector STRING, category BIGINT", "1", "a,1~0,1\n");
    assertEquals("doc.csv line 1, column category: '9223372036854775808' is not a BIGINT", assertThrows(ProximaException.class,
        () -> h.table("doc", "pk STRING, vector STRING, category BIGINT", "1", "b,1~0,9223372036854775808\n")).getMessage());
    h.table("query", "pk STRING, vector STRING, multicategory STRING", "1", "q,1~0,\"1,9223372036854775808\"\n");
    String e = failure(h.builder("doc", "query", "o", 2, "1", "build:seek").categories(new Categories(100, true, false)));
    assertTrue(e.endsWith("pk 'q', column multicategory: '1,9223372036854775808': '9223372036854775808' is not a BIGINT category"
        + " (categories as 1,5,9)"), e);
  }
}
