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
        width[c] = Math.max(width[c], row[c].length());
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

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int c = 0; c < width.length; c++) {
      b.append(' ').append(cells[c]).append(" ".repeat(width[c] - cells[c].length())).append(" |");
    }
    return b.toString();
  }
}
