package io.proximace.cli.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
  @Test
  void splitsOnSemicolonsOutsideQuotesAndComments() {
    String script = """
        -- a comment; with a semicolon and a 'quote
        select 'a;b' from t;  /* block; comment */ select "c;d"
          from `we;ird`;
        insert into t partition (pt='1') values ('x\\';y');
        set k=v""";
    StatementSplitter.Split split = StatementSplitter.split(script);
    assertEquals(List.of(
        new Statement("select 'a;b' from t", 2, 1),
        new Statement("select \"c;d\"\n  from `we;ird`", 2, 44),
        new Statement("insert into t partition (pt='1') values ('x\\';y')", 4, 1)), split.statements());
    assertEquals(new Statement("set k=v", 5, 1), split.rest());
  }

  @Test
  void commentsBecomeSpacesSoPositionsStayTheScripts() {
    StatementSplitter.Split split = StatementSplitter.split("select 1 -- one;\n, 2 from t;\n\n  ");
    assertEquals(List.of(new Statement("select 1 " + " ".repeat("-- one;".length()) + "\n, 2 from t", 1, 1)), split.statements());
    assertNull(split.rest());
  }

  @Test
  void anErrorOffsetMapsToTheScriptsLineAndColumn() {
    Statement s = new Statement("select *\nfrom  t\nwhere x", 3, 5);
    assertEquals("line 3, column 7: here", s.error(2, "here").getMessage());
    assertEquals("line 4, column 1: here", s.error(9, "here").getMessage());
    assertEquals("line 5, column 7: here", s.error(23, "here").getMessage());
  }

  @Test
  void variablesAreSubstitutedAndAnUnknownOneIsNamedWithItsPosition() {
    assertEquals("file:///h/v x", Variables.substitute("file://${PROXIMA_HOME}/v ${X}", java.util.Map.of("PROXIMA_HOME", "/h", "X", "x")));
    SqlError e = org.junit.jupiter.api.Assertions.assertThrows(SqlError.class,
        () -> Variables.substitute("a;\n  b ${NOPE}", java.util.Map.of("PROXIMA_HOME", "/h")));
    assertEquals("line 2, column 5: unknown variable ${NOPE}: known are ${PROXIMA_HOME} (define more with -d NAME=VALUE)",
        e.getMessage());
  }
}
