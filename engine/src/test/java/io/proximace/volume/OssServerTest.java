package io.proximace.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.DeleteObjectsRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.UploadFileRequest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test OSS server against the real Aliyun SDK: the calls our volumes make, and signatures checked. */
class OssServerTest {
  @TempDir
  Path tmp;
  OssServer server;
  OSS oss;

  @BeforeEach
  void start() throws Exception {
    server = new OssServer("test-ak", "test-sk");
    server.createBucket("bkt");
    oss = client("test-ak", "test-sk");
  }

  private OSS client(String id, String secret) {
    ClientBuilderConfiguration c = new ClientBuilderConfiguration();
    c.setMaxErrorRetry(0);
    c.setConnectionTimeout(2000);
    c.setSocketTimeout(10000);
    return new OSSClientBuilder().build(server.endpoint(), id, secret, c);
  }

  @AfterEach
  void stop() {
    oss.shutdown();
    server.close();
  }

  @Test
  void putGetRangeHeadListCopyDelete() throws Exception {
    byte[] data = new byte[3_000_000];
    new Random(1).nextBytes(data);
    oss.putObject("bkt", "dir/a b+c.bin", new ByteArrayInputStream(data));
    try (var in = oss.getObject("bkt", "dir/a b+c.bin").getObjectContent()) {
      assertArrayEquals(data, in.readAllBytes());
    }
    GetObjectRequest range = new GetObjectRequest("bkt", "dir/a b+c.bin");
    range.setRange(1_000_000, 1_000_999);
    try (var in = oss.getObject(range).getObjectContent()) {
      assertArrayEquals(java.util.Arrays.copyOfRange(data, 1_000_000, 1_001_000), in.readAllBytes());
    }
    assertEquals(3_000_000, oss.getObjectMetadata("bkt", "dir/a b+c.bin").getContentLength());
    assertTrue(oss.doesObjectExist("bkt", "dir/a b+c.bin"));
    assertFalse(oss.doesObjectExist("bkt", "nope"));
    for (int i = 0; i < 5; i++) {
      oss.putObject("bkt", "dir/sub" + i + "/f", new ByteArrayInputStream(new byte[] {1}));
    }
    oss.putObject("bkt", "dir/sub0/", new ByteArrayInputStream(new byte[0])); // a folder marker, as hadoop-aliyun's mkdirs writes
    ObjectListing v1 = oss.listObjects(new ListObjectsRequest("bkt").withPrefix("dir/").withDelimiter("/"));
    assertEquals(List.of("dir/a b+c.bin"), v1.getObjectSummaries().stream().map(s -> s.getKey()).toList(),
        "a marker rolls up into its common prefix, as on OSS");
    assertEquals(5, v1.getCommonPrefixes().size());
    assertEquals(List.of(), oss.listObjectsV2(new ListObjectsV2Request("bkt").withPrefix("dir/").withDelimiter("/"))
        .getObjectSummaries().stream().map(s -> s.getKey()).filter(k -> k.endsWith("/")).toList());
    oss.deleteObject("bkt", "dir/sub0/");
    ObjectListing page = oss.listObjects(new ListObjectsRequest("bkt").withPrefix("dir/").withMaxKeys(2));
    assertTrue(page.isTruncated());
    ObjectListing next = oss.listObjects(new ListObjectsRequest("bkt").withPrefix("dir/").withMaxKeys(10).withMarker(page.getNextMarker()));
    assertEquals(4, next.getObjectSummaries().size());
    var v2 = oss.listObjectsV2(new ListObjectsV2Request("bkt").withPrefix("dir/sub").withMaxKeys(3));
    assertTrue(v2.isTruncated());
    var v2b = oss.listObjectsV2(new ListObjectsV2Request("bkt").withPrefix("dir/sub").withContinuationToken(v2.getNextContinuationToken()));
    assertEquals(2, v2b.getObjectSummaries().size());
    oss.copyObject("bkt", "dir/a b+c.bin", "bkt", "copy.bin");
    assertEquals(3_000_000, oss.getObjectMetadata("bkt", "copy.bin").getContentLength());
    oss.deleteObject("bkt", "copy.bin");
    oss.deleteObjects(new DeleteObjectsRequest("bkt").withKeys(List.of("dir/sub0/f", "dir/sub1/f")));
    assertEquals(4, server.objects("bkt").size());
    assertEquals(List.of(), server.unsupported());
  }

  @Test
  void multipartUploadWithTwoThreads() throws Throwable {
    byte[] data = new byte[11 * 1024 * 1024];
    new Random(2).nextBytes(data);
    Path f = tmp.resolve("big.bin");
    Files.write(f, data);
    UploadFileRequest req = new UploadFileRequest("bkt", "big.bin");
    req.setUploadFile(f.toString());
    req.setPartSize(5 * 1024 * 1024);
    req.setTaskNum(2);
    oss.uploadFile(req);
    try (var in = oss.getObject("bkt", "big.bin").getObjectContent()) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void aWrongKeyFailsAsOnRealOss() {
    OSS wrong = client("test-ak", "not-the-secret");
    OSSException e = assertThrows(OSSException.class, () -> wrong.putObject("bkt", "x", new ByteArrayInputStream(new byte[1])));
    assertEquals("SignatureDoesNotMatch", e.getErrorCode());
    assertTrue(e.getRawResponseError().contains("<OSSAccessKeyId>test-ak</OSSAccessKeyId>"), "echoed as real OSS does");
    OSS unknown = client("other-ak", "test-sk");
    assertEquals("InvalidAccessKeyId",
        assertThrows(OSSException.class, () -> unknown.getObject("bkt", "x")).getErrorCode());
    assertEquals("NoSuchKey", assertThrows(OSSException.class, () -> oss.getObject("bkt", "x")).getErrorCode());
    assertEquals("NoSuchBucket", assertThrows(OSSException.class, () -> oss.getObject("nbk", "x")).getErrorCode());
    wrong.shutdown();
    unknown.shutdown();
  }
}
