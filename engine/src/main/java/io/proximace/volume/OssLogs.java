package io.proximace.volume;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Category;
import org.apache.log4j.LogManager;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * Cleans what the Aliyun OSS SDK, hadoop-aliyun on its behalf, and the SDK's HTTP client log, before any
 * appender sees it. Their failure lines quote OSS's error answer: the request and host ids and OSS's
 * raw XML, which for a rejected signature echoes the AccessKeyId and the string that was signed; the
 * HTTP client's debug lines show the Authorization header. Each line is cut to its first line (the
 * message), keeps the OSS error code, loses its stack trace, and has every registered key id and secret
 * replaced by {@code ***}. The levels stay whatever the logging configuration says.
 *
 * <p>Works on reload4j, the log4j that Hadoop binds slf4j and commons-logging to: the cleaner is an
 * appender on each logger's subtree, which stops the raw event there and passes the cleaned one on to
 * the parent loggers' appenders.
 */
final class OssLogs {
  /** The logger subtrees that can carry OSS's answers or the request's headers. */
  private static final String[] LOGGERS = {"com.aliyun.oss", "org.apache.hadoop.fs.aliyun.oss", "org.apache.http"};
  private static final String APPENDER = "proxima-oss-redact";
  private static final Pattern ERROR_CODE = Pattern.compile("\\[ErrorCode]: *([A-Za-z0-9_.-]+)");
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private OssLogs() {}

  /**
   * Installs the cleaner (again, if a logging reconfiguration removed it) and adds {@code secrets} (key
   * ids, secrets; nulls and blanks ignored) to what it masks.
   */
  static synchronized void redact(String... secrets) {
    for (String s : secrets) {
      if (s != null && !s.isBlank()) {
        SECRETS.add(s);
      }
    }
    for (String name : LOGGERS) {
      Logger l = LogManager.getLogger(name);
      if (l.getAppender(APPENDER) == null) {
        Cleaner c = new Cleaner(l);
        c.setName(APPENDER);
        l.addAppender(c);
      }
      l.setAdditivity(false);
    }
  }

  /** {@code text} as one safe line: the first line, OSS's error code, no XML, secrets masked. */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    int cut = text.length();
    for (String end : new String[] {"\n", "\r", "<?xml", "<Error>"}) {
      int i = text.indexOf(end);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    StringBuilder line = new StringBuilder(text.substring(0, cut).stripTrailing());
    Matcher code = ERROR_CODE.matcher(text);
    if (code.find(cut)) {
      line.append(" [").append(code.group(1)).append(']');
    }
    String out = line.toString();
    for (String s : SECRETS) {
      out = out.replace(s, "***");
    }
    return out;
  }

  /** Stops a subtree's events and hands cleaned copies to the parent loggers' appenders. */
  private static final class Cleaner extends AppenderSkeleton {
    private final Logger at;

    Cleaner(Logger at) {
      this.at = at;
    }

    @Override
    protected void append(LoggingEvent e) {
      Category parent = at.getParent();
      if (parent == null) {
        return;
      }
      ThrowableInformation t = e.getThrowableInformation();
      String message = clean(e.getRenderedMessage()) + (t == null ? "" : ": " + clean(String.valueOf(t.getThrowable())));
      parent.callAppenders(new LoggingEvent(e.getFQNOfLoggerClass(), e.getLogger(), e.getTimeStamp(), e.getLevel(), message,
          e.getThreadName(), null, e.getNDC(), e.getLocationInformation(), e.getProperties()));
    }

    @Override
    public boolean requiresLayout() {
      return false;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
