package io.proximace.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows as an ASCII table, the way odpscmd shows a SELECT. */
final class TablePrinter {
  private TablePrinter() {}

  static void print(PrintWriter out, List<String> header, List<String[]> rows) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = Math.max(10, header.get(c).length());
    }
    for (String[] row : rows) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], cell(row[c]).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(line(header.toArray(new String[0]), width));
    out.println(rule);
    for (String[] row : rows) {
      out.println(line(row, width));
    }
    out.println(rule);
  }

  /** A cell as shown: a SQL NULL (a null cell) as {@code NULL}. */
  private static String cell(String text) {
    return text == null ? "NULL" : text;
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < width.length; c++) {
      String cell = cell(cells[c]);
      b.append(' ').append(cell).append(" ".repeat(width[c] - cell.length())).append(" |");
    }
    return b.toString();
  }
}
