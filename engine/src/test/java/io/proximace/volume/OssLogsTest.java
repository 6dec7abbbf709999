package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.log4j.Logger;
import org.junit.jupiter.api.Test;

/** What {@link OssLogs} lets through of an OSS failure line. */
class OssLogsTest {
  /** An SDK exception's text, as OSS answered a rejected signature. */
  static final String SDK = "[Server]Unable to execute HTTP request: The request signature we calculated does not match.\n"
      + "[ErrorCode]: SignatureDoesNotMatch\n[RequestId]: 5C3D9175B6FC201293AD4890\n[HostId]: bucket.127.0.0.1\n[ResponseError]:\n"
      + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
      + "<OSSAccessKeyId>LTAI5tOssLogsTest</OSSAccessKeyId><StringToSign>GET</StringToSign></Error>";

  @Test
  void aLineKeepsItsMessageAndErrorCodeAndLosesOssAnswerAndKeys() {
    OssLogs.redact("LTAI5tOssLogsTest", "sk-OssLogsTest");
    assertEquals("[Server]Unable to execute HTTP request: The request signature we calculated does not match. [SignatureDoesNotMatch]",
        OssLogs.clean(SDK));
    assertEquals("Exception thrown when store retrieves key: k, exception: com.aliyun.oss.OSSException: no [AccessDenied]",
        OssLogs.clean("Exception thrown when store retrieves key: k, exception: com.aliyun.oss.OSSException: no\n[ErrorCode]: AccessDenied"));
    assertEquals("one line with the answer inline", OssLogs.clean("one line with the answer inline <Error><Code>X</Code></Error>"));
    assertEquals(">> Authorization: OSS ***:c2lnbmF0dXJl", OssLogs.clean(">> Authorization: OSS LTAI5tOssLogsTest:c2lnbmF0dXJl"));
    assertEquals("secret ***, twice ***", OssLogs.clean("secret sk-OssLogsTest, twice sk-OssLogsTest"));
    assertEquals("", OssLogs.clean(null));
  }

  @Test
  void loggedLinesReachTheAppendersCleanedOnceAndWithoutStackTraces() {
    OssLogs.redact();
    OssLogs.redact(); // installing twice must not print twice
    try (LogCapture capture = new LogCapture()) {
      Logger.getLogger("com.aliyun.oss").warn(SDK);
      Logger.getLogger("org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystemStore").error("failed", new IllegalStateException(SDK));
      assertEquals("WARN com.aliyun.oss [Server]Unable to execute HTTP request: The request signature we calculated does not match."
          + " [SignatureDoesNotMatch]\n"
          + "ERROR org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystemStore failed: java.lang.IllegalStateException: [Server]Unable to "
          + "execute HTTP request: The request signature we calculated does not match. [SignatureDoesNotMatch]\n", capture.all());
    }
  }
}
