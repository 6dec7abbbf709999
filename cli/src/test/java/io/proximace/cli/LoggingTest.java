package io.proximace.cli;

import io.proximace.volume.LogCapture;
import org.apache.log4j.Level;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** java.util.logging (jvector's) reaches log4j, whose levels then decide, and nothing is printed by JUL itself. */
class LoggingTest {
  @Test
  void javaUtilLoggingGoesThroughLog4jAtLog4jsLevels() {
    ProximaCeCommand.Logging.configure(false);
    ProximaCeCommand.Logging.configure(false); // a second command in the same JVM installs nothing twice
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.github.jbellis.jvector.test");
    Logger root = LogManager.getRootLogger();
    Level before = root.getLevel();
    root.setLevel(Level.WARN);
    try (LogCapture capture = new LogCapture()) {
      jul.info("Preferred f32 species is 512");
      jul.warning("a jvector warning");
      // one line, from log4j's appender: not also JUL's own console handler, and not the INFO line
      assertEquals("WARN io.github.jbellis.jvector.test a jvector warning\n", capture.all());
      root.setLevel(Level.INFO); // what --verbose sets
      jul.info("Preferred f32 species is 512");
      assertEquals("WARN io.github.jbellis.jvector.test a jvector warning\nINFO io.github.jbellis.jvector.test Preferred f32 species is 512\n",
          capture.all());
    } finally {
      root.setLevel(before);
    }
  }
}
