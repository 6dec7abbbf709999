package io.proximace.cli;

import io.proximace.volume.LogCapture;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** java.util.logging (any library's) reaches log4j, whose levels then decide, and nothing is printed by JUL itself. */
class LoggingTest {
  @Test
  void javaUtilLoggingGoesThroughLog4jAtLog4jsLevels() {
    ProximaCeCommand.Logging.configure(false);
    ProximaCeCommand.Logging.configure(false); // a second command in the same JVM installs nothing twice
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("com.example.jul");
    Logger root = LogManager.getRootLogger();
    Level before = root.getLevel();
    root.setLevel(Level.WARN);
    try (LogCapture capture = new LogCapture()) {
      jul.info("an info line");
      jul.warning("a library warning");
      // one line, from log4j's appender: not also JUL's own console handler, and not the INFO line
      assertEquals("WARN com.example.jul a library warning\n", capture.all());
      root.setLevel(Level.INFO); // what --verbose sets
      jul.info("an info line");
      assertEquals("WARN com.example.jul a library warning\nINFO com.example.jul an info line\n",
          capture.all());
    } finally {
      root.setLevel(before);
    }
  }
}
