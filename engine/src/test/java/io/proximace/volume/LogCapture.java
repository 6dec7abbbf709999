package io.proximace.volume;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;

/**
 * Everything a test's code logs or prints while open: what reaches the root logger's appenders (what
 * the console appender would write to stderr) and what is written to {@code System.out} and
 * {@code System.err} directly. Open it after any log4j reconfiguration, which drops its appender.
 */
public final class LogCapture implements AutoCloseable {
  private final StringWriter log = new StringWriter();
  private final WriterAppender appender = new WriterAppender(new PatternLayout("%p %c %m%n"), log);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  public LogCapture() {
    appender.setName("test-capture");
    Logger.getRootLogger().addAppender(appender);
    PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
  }

  /** The log lines so far. */
  public String log() {
    return log.toString();
  }

  /** The log lines and the direct prints so far. */
  public String all() {
    return log + printed.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    Logger.getRootLogger().removeAppender(appender);
  }
}
