package io.proximace.plan;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.proximace.ProximaException;
import io.proximace.index.Params;
import java.io.IOException;
import java.util.Map;

/**
 * A {@link RunPlan} as JSON and back: how the driver hands its plan to MapReduce tasks, how the report shows it, and
 * what the resume journal compares. Decoding restores the values the driver checked; it does not check them again.
 */
public final class PlanCodec {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addMixIn(Params.class, ParamsForm.class)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PlanCodec() {}

  /** The plan as one line of JSON. */
  public static String encode(RunPlan plan) {
    return tree(plan).toString();
  }

  /** The plan (or any of its parts) as a JSON tree. */
  public static JsonNode tree(Object part) {
    return JSON.valueToTree(part);
  }

  /** The plan {@link #encode} wrote. */
  public static RunPlan decode(String json) {
    try {
      return JSON.readValue(json, RunPlan.class);
    } catch (IOException e) {
      throw new ProximaException("the run plan handed to this task cannot be read (a task of another version?): " + e.getMessage());
    }
  }

  /** Parameters travel as their values and which of them were given; decoding keeps both. */
  @JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
  private abstract static class ParamsForm {
    @JsonCreator
    static Params restore(@JsonProperty("values") Map<String, Object> values, @JsonProperty("given") Map<String, Object> given) {
      return null;
    }

    @JsonProperty("values")
    abstract Map<String, Object> values();

    @JsonProperty("given")
    abstract Map<String, Object> givenValues();
  }
}
