package io.proximace.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proximace.ProximaException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsTest {
  static final List<Params.Key> KEYS = List.of(
      Params.Key.integer("p.count", 1, 100, 10L, "an integer"),
      Params.Key.integer("p.unset", 1, 100, null, "an integer with no default"),
      Params.Key.number("p.ratio", 0, 1, 0.5, "a number"),
      Params.Key.bool("p.flag", false, "a boolean"));

  static Params parse(String json) {
    return Params.parse(json, "-opt", KEYS);
  }

  static String error(String json) {
    return assertThrows(ProximaException.class, () -> parse(json)).getMessage();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "{}", " { } "})
  void nothingGivenMeansTheDefaults(String json) {
    Params p = parse(json);
    assertEquals(Map.of("p.count", 10L, "p.ratio", 0.5, "p.flag", false), p.values());
    assertEquals(Map.of(), p.givenValues());
    assertFalse(p.given("p.count"));
    assertEquals(10, p.getInt("p.count"));
    assertEquals(-1, p.getInt("p.unset"), "no default: -1");
    assertEquals(0.5, p.getDouble("p.ratio"));
    assertFalse(p.getBoolean("p.flag"));
    assertEquals(p.values(), Params.defaults(KEYS).values());
  }

  @Test
  void givenValuesOverrideDefaultsAndAreRecordedApart() {
    Params p = parse(" { \"p.count\" : 42 ,\n \"p.flag\": true, \"p.unset\": 3 } ");
    assertEquals(42, p.getInt("p.count"));
    assertEquals(3, p.getInt("p.unset"));
    assertTrue(p.getBoolean("p.flag"));
    assertEquals(0.5, p.getDouble("p.ratio"), "not given: the default");
    assertTrue(p.given("p.count"));
    assertFalse(p.given("p.ratio"));
    assertEquals(Map.of("p.count", 42L, "p.flag", true, "p.unset", 3L), p.givenValues());
    assertEquals(Map.of("p.count", 42L, "p.flag", true, "p.unset", 3L, "p.ratio", 0.5), p.values());
  }

  @Test
  void aNumberKeyTakesAWholeNumberAndTheBoundsAreInclusive() {
    assertEquals(1.0, parse("{\"p.ratio\":1}").getDouble("p.ratio"));
    assertEquals(0.0, parse("{\"p.ratio\":0.0}").getDouble("p.ratio"));
    assertEquals(100, parse("{\"p.count\":100}").getInt("p.count"));
    assertEquals(1, parse("{\"p.count\":1}").getInt("p.count"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"p.flag\":1}          | -opt: p.flag must be true or false, not 1",
      "{\"p.flag\":\"true\"}   | -opt: p.flag must be true or false, not \"true\"",
      "{\"p.count\":1.5}       | -opt: p.count must be a whole number, not 1.5",
      "{\"p.count\":3.0}       | -opt: p.count must be a whole number, not 3.0",
      "{\"p.count\":\"3\"}     | -opt: p.count must be a whole number, not \"3\"",
      "{\"p.count\":true}      | -opt: p.count must be a whole number, not true",
      "{\"p.ratio\":\"x\"}     | -opt: p.ratio must be a number, not \"x\"",
      "{\"p.ratio\":null}      | -opt: p.ratio must be a number, not null",
      "{\"p.count\":0}         | -opt: p.count 0 is outside 1..100",
      "{\"p.count\":101}       | -opt: p.count 101 is outside 1..100",
      "{\"p.ratio\":1.5}       | -opt: p.ratio 1.5 is outside 0.0..1.0",
      "{\"p.ratio\":-0.1}      | -opt: p.ratio -0.1 is outside 0.0..1.0",
      "{\"p.cuont\":3}         | -opt: unknown key p.cuont; valid keys: p.count, p.unset, p.ratio, p.flag",
      "[1]                     | -opt must be a JSON object like {\"key\":value}, not [1]",
      "7                       | -opt must be a JSON object like {\"key\":value}, not 7",
  })
  void wrongKeysTypesAndValuesAreRefusedByName(String json, String message) {
    assertEquals(message, error(json));
  }

  @Test
  void badJsonIsRefusedQuotingIt() {
    String m = error("{\"p.count\":");
    assertTrue(m.startsWith("-opt is not valid JSON: "), m);
    assertTrue(m.endsWith(" in {\"p.count\":"), m);
  }

  @Test
  void anAlgorithmWithoutKeysSaysSo() {
    assertEquals("-searcher_params: unknown key a; valid keys: none for this algorithm",
        assertThrows(ProximaException.class, () -> Params.parse("{\"a\":1}", "-searcher_params", List.of())).getMessage());
  }

  @Test
  void withChangesOneValueOfACopyAndLeavesWhatWasGiven() {
    Params p = parse("{\"p.count\":42}");
    Params q = p.with("p.ratio", 0.25);
    assertEquals(0.25, q.getDouble("p.ratio"));
    assertEquals(42, q.getInt("p.count"));
    assertEquals(0.5, p.getDouble("p.ratio"), "the original is unchanged");
    assertEquals(Map.of("p.count", 42L), q.givenValues(), "with is not a given value");
    assertFalse(q.given("p.ratio"));
  }

  @Test
  void toStringIsJsonThatParsesBackToTheSameValues() {
    Params p = parse("{\"p.flag\":true,\"p.ratio\":0.125,\"p.count\":7}");
    assertEquals("{\"p.count\":7,\"p.flag\":true,\"p.ratio\":0.125}", p.toString());
    assertEquals(p.values(), parse(p.toString()).values());
  }
}
