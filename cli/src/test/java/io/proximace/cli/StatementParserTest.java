package io.proximace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementParserTest {

  @Test
  void aLocationTheShellUnquotedKeepsItsEqualsSigns() {
    // bash strips the quotes of: proxima-ce unload from t partition (pt='1') into location 'odps://p/v/pt=1/'
    StatementParser.Unload u = StatementParser.unload(
        List.of("unload", "from", "t", "partition", "(pt=1)", "into", "location", "odps://p/v/out/pt=1/"));
    assertEquals("odps://p/v/out/pt=1/", u.location());
    assertEquals("pt=1", u.partition());
    assertEquals("t", u.table());

    StatementParser.Load l = StatementParser.load(
        List.of("load", "overwrite", "table", "t", "from", "location", "odps://p/v/in/pt=a/;"));
    assertEquals("odps://p/v/in/pt=a/", l.location());
  }

  @Test
  void aQuotedLocationIsTakenAsWritten() {
    StatementParser.Unload u = StatementParser.unload(
        List.of("unload", "from", "t", "into", "location", "'odps://p/v/x=1/'", "with", "delimiter", "'|'"));
    assertEquals("odps://p/v/x=1/", u.location());
    assertEquals('|', u.delimiter());
  }
}
