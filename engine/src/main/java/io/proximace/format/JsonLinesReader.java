package io.proximace.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.proximace.ProximaException;
import io.proximace.table.CsvWriter;
import io.proximace.table.RowWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON lines: one object a line, {@code {"pk": 7, "vector": [0.5, 1, -2e-3], "category": 3}}. The
 * vector's numbers are parsed as {@link Float#parseFloat} parses their text; other members are kept
 * as text for the table's columns of the same name. Blank lines are skipped; a UTF-8 BOM is ignored.
 */
final class JsonLinesReader implements VectorSource {
  private static final JsonFactory JSON = new JsonFactory();

  private final BufferedReader in;
  private final String name;
  private final Map<String, String> fields = new HashMap<>();
  private float[] vector = new float[16];
  private int dim;
  private long line;

  JsonLinesReader(InputStream in, String name) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    this.name = name;
  }

  @Override
  public boolean next() throws IOException {
    String text;
    do {
      text = in.readLine();
      if (text == null) {
        return false;
      }
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    } while (text.isBlank());
    fields.clear();
    dim = -1;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw bad("it is not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String member = p.currentName().toLowerCase(Locale.ROOT);
        JsonToken v = p.nextToken();
        if (member.equals("vector")) {
          readVector(p, v);
        } else if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
          throw bad("member \"" + p.currentName() + "\" is an " + (v == JsonToken.START_ARRAY ? "array" : "object")
              + "; only \"vector\" may be an array");
        } else if (v != JsonToken.VALUE_NULL) {
          fields.put(member, p.getText());
        }
      }
      if (p.nextToken() != null) {
        throw bad("there is more after the object");
      }
    } catch (JsonProcessingException e) {
      throw bad("it is not valid JSON: " + e.getOriginalMessage());
    }
    if (dim < 0) {
      throw bad("it has no \"vector\" member");
    }
    return true;
  }

  private void readVector(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      throw bad("\"vector\" is not an array of numbers");
    }
    dim = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw bad("\"vector\" element " + dim + " is " + p.getText() + ", not a number");
      }
      if (dim == vector.length) {
        vector = Arrays.copyOf(vector, dim * 2);
      }
      vector[dim++] = Float.parseFloat(p.getText());
    }
    if (dim == 0) {
      throw bad("\"vector\" is empty");
    }
  }

  private ProximaException bad(String why) {
    return new ProximaException(name + " line " + line + ": " + why);
  }

  @Override
  public String pk() {
    return fields.get("pk");
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public void writeVector(RowWriter out) throws IOException {
    out.vector(vector, dim, '~');
  }

  @Override
  public String field(String column) {
    return fields.get(column.toLowerCase(Locale.ROOT));
  }

  @Override
  public String where() {
    return name + " line " + line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
