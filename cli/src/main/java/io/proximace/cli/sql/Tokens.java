package io.proximace.cli.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement's tokens, and a cursor over them for the {@link Recogniser}: words (a backquoted name is a word),
 * quoted strings (quotes and backslash escapes resolved), numbers, and punctuation. Each token keeps its offset,
 * so an error can name its line and column.
 */
final class Tokens {
  enum Kind { WORD, STRING, NUMBER, SYMBOL, END }

  /** One token: its kind, its text (a string's value without quotes) and its offset in the statement. */
  record Token(Kind kind, String text, int offset) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    String describe() {
      return kind == Kind.END ? "the end of the statement" : "'" + text + "'";
    }
  }

  private final Statement statement;
  private final List<Token> tokens;
  private int at;

  Tokens(Statement statement) {
    this.statement = statement;
    this.tokens = lex(statement);
  }

  Statement statement() {
    return statement;
  }

  Token peek() {
    return tokens.get(at);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.END) {
      at++;
    }
    return t;
  }

  boolean atEnd() {
    return peek().kind() == Kind.END;
  }

  /** Takes the word {@code w} if it is next. */
  boolean take(String w) {
    if (peek().is(w)) {
      at++;
      return true;
    }
    return false;
  }

  /** Takes the symbol {@code s} if it is next. */
  boolean takeSymbol(String s) {
    if (peek().isSymbol(s)) {
      at++;
      return true;
    }
    return false;
  }

  /** Takes the words {@code ws}, in order, or fails naming the first that is missing. */
  void expect(String... ws) {
    for (String w : ws) {
      if (!take(w)) {
        throw error(peek(), "expected " + w.toUpperCase(Locale.ROOT) + ", found " + peek().describe());
      }
    }
  }

  void expectSymbol(String s) {
    if (!takeSymbol(s)) {
      throw error(peek(), "expected '" + s + "', found " + peek().describe());
    }
  }

  /** A name: a word, or words joined by dots ({@code project.table}). */
  String name(String what) {
    Token t = next();
    if (t.kind() != Kind.WORD) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
    StringBuilder b = new StringBuilder(t.text());
    while (peek().isSymbol(".") && peek(1).kind() == Kind.WORD) {
      next();
      b.append('.').append(next().text());
    }
    return b.toString();
  }

  /** A quoted string. */
  String string(String what) {
    Token t = next();
    if (t.kind() != Kind.STRING) {
      throw error(t, "expected " + what + " in quotes, found " + t.describe());
    }
    return t.text();
  }

  SqlError error(Token t, String message) {
    return statement.error(t.offset(), message);
  }

  private static List<Token> lex(Statement statement) {
    String s = statement.text();
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        StringBuilder v = new StringBuilder();
        int j = i + 1;
        while (j < n && s.charAt(j) != c) {
          char d = s.charAt(j);
          if (d == '\\' && j + 1 < n) {
            char e = s.charAt(j + 1);
            v.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case '0' -> '\0';
              default -> e;
            });
            j += 2;
          } else {
            v.append(d);
            j++;
          }
        }
        if (j >= n) {
          throw statement.error(i, "a quoted string is not closed");
        }
        out.add(new Token(Kind.STRING, v.toString(), i));
        i = j + 1;
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        if (end < 0) {
          throw statement.error(i, "a `name` is not closed");
        }
        out.add(new Token(Kind.WORD, s.substring(i + 1, end), i));
        i = end + 1;
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
            || (s.charAt(j) == '-' || s.charAt(j) == '+') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E'))) {
          j++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(i, j), i));
        i = j;
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
          j++;
        }
        out.add(new Token(Kind.WORD, s.substring(i, j), i));
        i = j;
      } else {
        String two = i + 1 < n ? s.substring(i, i + 2) : "";
        String sym = two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") ? two : String.valueOf(c);
        out.add(new Token(Kind.SYMBOL, sym, i));
        i += sym.length();
      }
    }
    out.add(new Token(Kind.END, "", n));
    return out;
  }
}
