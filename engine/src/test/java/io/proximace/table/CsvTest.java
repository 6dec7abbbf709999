package io.proximace.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvTest {
  private static List<List<String>> read(String text, char delimiter) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader r = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), delimiter)) {
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int f = 0; f < r.fieldCount(); f++) {
          row.add(r.field(f));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void readsRfc4180() throws Exception {
    String text = "1.nid,1~1~1\r\n\"a,b\",\"say \"\"hi\"\"\"\n\n\"multi\nline\",x\nlast,\n";
    assertEquals(List.of(List.of("1.nid", "1~1~1"), List.of("a,b", "say \"hi\""), List.of("multi\nline", "x"), List.of("last", "")),
        read(text, ','));
    assertEquals(List.of(List.of("a", "b")), read("a\tb", '\t'), "no final newline, tab delimiter");
    assertEquals(List.of(List.of("é", "ü")), read("é,ü\n", ','));
  }

  @Test
  void tracksLinesAcrossQuotedLineBreaks() throws Exception {
    try (CsvReader r = new CsvReader(new ByteArrayInputStream("a,b\n\"x\ny\",z\nc,d\n".getBytes(StandardCharsets.UTF_8)), ',')) {
      assertTrue(r.next());
      assertEquals(1, r.line());
      assertTrue(r.next());
      assertEquals(2, r.line());
      assertTrue(r.next());
      assertEquals(4, r.line());
      assertFalse(r.next());
    }
  }

  @Test
  void rejectsMalformedRecords() {
    CsvFormatException open = assertThrows(CsvFormatException.class, () -> read("a,b\n\"unclosed,c\n", ','));
    assertEquals("line 2: a quoted field is not closed before the end of the file", open.getMessage());
    CsvFormatException after = assertThrows(CsvFormatException.class, () -> read("a,\"b\"x,c\n", ','));
    assertEquals("line 1: text after the closing quote of field 2", after.getMessage());
  }

  @Test
  void writerAndReaderRoundTripAcrossBufferBoundaries() throws Exception {
    Random r = new Random(5);
    List<List<String>> rows = new ArrayList<>();
    String alphabet = "ab,\"\n\r~1é ";
    for (int i = 0; i < 20_000; i++) {
      List<String> row = new ArrayList<>();
      for (int f = 0; f < 3; f++) {
        StringBuilder b = new StringBuilder();
        int len = r.nextInt(i % 100 == 0 ? 5000 : 12);
        for (int c = 0; c < len; c++) {
          b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        row.add(b.toString());
      }
      rows.add(row);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CsvWriter w = new CsvWriter(out)) {
      for (List<String> row : rows) {
        for (String f : row) {
          w.field(f);
        }
        w.endRow();
      }
    }
    List<List<String>> back = read(out.toString(StandardCharsets.UTF_8), ',');
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i), back.get(i), "row " + i);
    }
    assertEquals(rows.size(), back.size());
  }
}
