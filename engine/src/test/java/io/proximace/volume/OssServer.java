package io.proximace.volume;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OSS server for tests, in process on 127.0.0.1: the REST calls the Aliyun SDK and hadoop-aliyun make
 * for our volumes (put, get with Range, head, list v1 and v2 with prefix, delimiter, marker and
 * continuation, delete, batch delete, multipart, copy), errors in OSS's XML, and every request's V1
 * signature verified against the configured keys, so a wrong key fails as it does on real OSS, with
 * OSS's body that echoes the AccessKeyId and the string to sign. {@link #dropNextUpload} makes the next
 * upload's connection die midway; {@link #setKey} changes a key's secret, as a rotation would.
 */
public final class OssServer implements AutoCloseable {
  /** The signed sub-resources of OSS's V1 signature (those the SDK's signer includes). */
  private static final Set<String> SIGNED = Set.of("acl", "uploads", "location", "cors", "logging", "website", "referer",
      "lifecycle", "delete", "append", "tagging", "objectMeta", "uploadId", "partNumber", "security-token", "position",
      "response-content-type", "response-content-language", "response-expires", "response-cache-control",
      "response-content-disposition", "response-content-encoding", "x-oss-process", "symlink", "bucketInfo", "stat",
      "restore", "versions", "versionId", "policy", "continuation-token", "sequential", "status", "comp", "qos");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  /** A stored object. */
  public record Blob(byte[] data, String etag, ZonedDateTime modified, String contentType, Map<String, String> meta) {}

  private final HttpServer server;
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<String, Blob>> buckets = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
  private final AtomicInteger dropAfter = new AtomicInteger(-1);
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> unsupported = new ArrayList<>();

  /** Starts a server accepting {@code accessKeyId} signed with {@code secret}. */
  public OssServer(String accessKeyId, String secret) throws IOException {
    keys.put(accessKeyId, secret);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "oss-test-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:<port>} */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public void createBucket(String name) {
    buckets.putIfAbsent(name, new ConcurrentSkipListMap<>());
  }

  /** The objects of a bucket, by key. */
  public Map<String, Blob> objects(String bucket) {
    return buckets.get(bucket);
  }

  /** Requests served so far. */
  public int requests() {
    return requests.get();
  }

  /** Calls the server could not serve (for diagnosing a failing test). */
  public List<String> unsupported() {
    return unsupported;
  }

  /** Accepts {@code accessKeyId} signed with {@code secret} from now on (a rotated secret, a new key). */
  public void setKey(String accessKeyId, String secret) {
    keys.put(accessKeyId, secret);
  }

  /** Makes the next PUT of an object or part close its connection after reading {@code bytes} bytes. */
  public void dropNextUpload(int bytes) {
    dropAfter.set(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    try {
      String rawPath = x.getRequestURI().getRawPath();
      String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
      Map<String, String> q = query(x.getRequestURI().getRawQuery());
      String[] parts = path.replaceFirst("^/", "").split("/", 2);
      String bucket = parts[0];
      String key = parts.length > 1 ? parts[1] : "";
      String method = x.getRequestMethod();
      if (!authorized(x, method, bucket, key, q)) {
        return;
      }
      ConcurrentSkipListMap<String, Blob> b = buckets.get(bucket);
      if (b == null) {
        error(x, 404, "NoSuchBucket", "The specified bucket does not exist.");
        return;
      }
      if (key.isEmpty()) {
        bucketCall(x, method, bucket, b, q);
      } else {
        objectCall(x, method, bucket, key, b, q);
      }
    } catch (DroppedConnection e) {
      x.close();
    } catch (RuntimeException e) {
      error(x, 500, "InternalError", e.toString());
    }
  }

  private boolean authorized(HttpExchange x, String method, String bucket, String key, Map<String, String> q) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("OSS ") || !auth.contains(":")) {
      error(x, 403, "AccessDenied", "AccessDenied: anonymous access is refused");
      return false;
    }
    String id = auth.substring(4, auth.lastIndexOf(':'));
    String signature = auth.substring(auth.lastIndexOf(':') + 1);
    String secret = keys.get(id);
    if (secret == null) {
      error(x, 403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.",
          "<OSSAccessKeyId>" + escape(id) + "</OSSAccessKeyId>");
      return false;
    }
    StringBuilder s = new StringBuilder(method).append('\n');
    s.append(header(x, "Content-MD5")).append('\n');
    s.append(header(x, "Content-Type")).append('\n');
    s.append(header(x, "Date")).append('\n');
    TreeMap<String, String> oss = new TreeMap<>();
    x.getRequestHeaders().forEach((k, v) -> {
      String lk = k.toLowerCase();
      if (lk.startsWith("x-oss-")) {
        oss.put(lk, v.get(0).trim());
      }
    });
    oss.forEach((k, v) -> s.append(k).append(':').append(v).append('\n'));
    s.append('/').append(bucket).append('/').append(key);
    char sep = '?';
    for (Map.Entry<String, String> e : new TreeMap<>(q).entrySet()) {
      if (SIGNED.contains(e.getKey())) {
        s.append(sep).append(e.getKey());
        if (e.getValue() != null) {
          s.append('=').append(e.getValue());
        }
        sep = '&';
      }
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String expected = Base64.getEncoder().encodeToString(mac.doFinal(s.toString().getBytes(StandardCharsets.UTF_8)));
      if (!expected.equals(signature)) {
        // real OSS echoes the key id and what it signed: the body a leak test needs
        error(x, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.",
            "<OSSAccessKeyId>" + escape(id) + "</OSSAccessKeyId><SignatureProvided>" + escape(signature)
                + "</SignatureProvided><StringToSign>" + escape(s.toString()) + "</StringToSign>");
        return false;
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return true;
  }

  private static String header(HttpExchange x, String name) {
    String v = x.getRequestHeaders().getFirst(name);
    return v == null ? "" : v.trim();
  }

  private void bucketCall(HttpExchange x, String method, String bucket, ConcurrentSkipListMap<String, Blob> b,
      Map<String, String> q) throws IOException {
    if (method.equals("GET") && q.containsKey("bucketInfo")) {
      xml(x, 200, "<BucketInfo><Bucket><Name>" + bucket + "</Name><Location>oss-test</Location>"
          + "<CreationDate>2026-01-01T00:00:00.000Z</CreationDate><StorageClass>Standard</StorageClass></Bucket></BucketInfo>");
    } else if (method.equals("GET") && q.containsKey("uploads")) {
      xml(x, 200, "<ListMultipartUploadsResult><Bucket>" + bucket + "</Bucket><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>");
    } else if (method.equals("GET")) {
      list(x, bucket, b, q);
    } else if (method.equals("HEAD")) {
      x.sendResponseHeaders(200, -1);
      x.close();
    } else if (method.equals("POST") && q.containsKey("delete")) {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean quiet = body.contains("<Quiet>true</Quiet>");
      StringBuilder out = new StringBuilder("<DeleteResult>");
      Matcher m = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL).matcher(body);
      while (m.find()) {
        String k = unescape(m.group(1));
        b.remove(k);
        if (!quiet) {
          out.append("<Deleted><Key>").append(escape(k)).append("</Key></Deleted>");
        }
      }
      xml(x, 200, out.append("</DeleteResult>").toString());
    } else {
      unsupported(x, method, bucket + "/");
    }
  }

  private void list(HttpExchange x, String bucket, ConcurrentSkipListMap<String, Blob> b, Map<String, String> q) throws IOException {
    boolean v2 = "2".equals(q.get("list-type"));
    boolean url = "url".equals(q.get("encoding-type"));
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.getOrDefault("delimiter", "");
    int max = Integer.parseInt(q.getOrDefault("max-keys", "100"));
    String after = v2 ? q.getOrDefault("continuation-token", q.getOrDefault("start-after", "")) : q.getOrDefault("marker", "");
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    boolean truncated = false;
    for (String k : b.tailMap(after, false).keySet()) {
      if (!k.startsWith(prefix)) {
        if (k.compareTo(prefix) > 0) {
          break;
        }
        continue;
      }
      // a key with the delimiter after the prefix rolls up into a common prefix, even a folder marker
      // "a/b/" that ends at it (as on OSS and S3): listing it as an object makes "b" both a file and a folder
      String rolledUp = null;
      if (!delimiter.isEmpty()) {
        int d = k.indexOf(delimiter, prefix.length());
        if (d >= 0) {
          rolledUp = k.substring(0, d + delimiter.length());
          if (!prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(rolledUp)) {
            last = k;
            continue;
          }
        }
      }
      if (keys.size() + prefixes.size() == max) {
        truncated = true;
        break;
      }
      if (rolledUp == null) {
        keys.add(k);
      } else {
        prefixes.add(rolledUp);
      }
      last = k;
    }
    StringBuilder out = new StringBuilder("<ListBucketResult><Name>").append(bucket).append("</Name>");
    out.append("<Prefix>").append(enc(prefix, url)).append("</Prefix>");
    if (v2) {
      out.append("<MaxKeys>").append(max).append("</MaxKeys><KeyCount>").append(keys.size() + prefixes.size()).append("</KeyCount>");
      if (q.containsKey("continuation-token")) {
        out.append("<ContinuationToken>").append(enc(q.get("continuation-token"), url)).append("</ContinuationToken>");
      }
    } else {
      out.append("<Marker>").append(enc(after, url)).append("</Marker><MaxKeys>").append(max).append("</MaxKeys>");
    }
    if (!delimiter.isEmpty()) {
      out.append("<Delimiter>").append(enc(delimiter, url)).append("</Delimiter>");
    }
    if (url) {
      out.append("<EncodingType>url</EncodingType>");
    }
    out.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (truncated) {
      out.append(v2 ? "<NextContinuationToken>" : "<NextMarker>").append(enc(last, url)).append(v2 ? "</NextContinuationToken>" : "</NextMarker>");
    }
    for (String k : keys) {
      Blob o = b.get(k);
      if (o == null) {
        continue;
      }
      out.append("<Contents><Key>").append(enc(k, url)).append("</Key><LastModified>").append(ISO.format(o.modified()))
          .append("</LastModified><ETag>\"").append(o.etag()).append("\"</ETag><Type>Normal</Type><Size>")
          .append(o.data().length).append("</Size><StorageClass>Standard</StorageClass>")
          .append("<Owner><ID>test</ID><DisplayName>test</DisplayName></Owner></Contents>");
    }
    for (String p : prefixes) {
      out.append("<CommonPrefixes><Prefix>").append(enc(p, url)).append("</Prefix></CommonPrefixes>");
    }
    xml(x, 200, out.append("</ListBucketResult>").toString());
  }

  private static String enc(String s, boolean url) {
    return url ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20") : escape(s);
  }

  private void objectCall(HttpExchange x, String method, String bucket, String key, ConcurrentSkipListMap<String, Blob> b,
      Map<String, String> q) throws IOException {
    switch (method) {
      case "PUT" -> {
        String copy = x.getRequestHeaders().getFirst("x-oss-copy-source");
        if (q.containsKey("uploadId")) {
          Map<Integer, byte[]> parts = uploads.get(q.get("uploadId"));
          if (parts == null) {
            error(x, 404, "NoSuchUpload", "The specified upload does not exist.");
            return;
          }
          byte[] data = copy != null ? source(copy, x.getRequestHeaders().getFirst("x-oss-copy-source-range")) : body(x);
          if (data == null) {
            error(x, 404, "NoSuchKey", "The specified key does not exist.");
            return;
          }
          parts.put(Integer.parseInt(q.get("partNumber")), data);
          x.getResponseHeaders().add("ETag", "\"" + md5(data) + "\"");
          if (copy != null) {
            xml(x, 200, "<CopyPartResult><LastModified>" + ISO.format(now()) + "</LastModified><ETag>\"" + md5(data)
                + "\"</ETag></CopyPartResult>");
          } else {
            empty(x, 200);
          }
        } else if (copy != null) {
          byte[] data = source(copy, null);
          if (data == null) {
            error(x, 404, "NoSuchKey", "The specified key does not exist.");
            return;
          }
          Blob o = put(b, key, data, x);
          xml(x, 200, "<CopyObjectResult><ETag>\"" + o.etag() + "\"</ETag><LastModified>" + ISO.format(o.modified())
              + "</LastModified></CopyObjectResult>");
        } else {
          Blob o = put(b, key, body(x), x);
          x.getResponseHeaders().add("ETag", "\"" + o.etag() + "\"");
          empty(x, 200);
        }
      }
      case "GET" -> {
        if (q.containsKey("uploadId")) {
          xml(x, 200, "<ListPartsResult><Bucket>" + bucket + "</Bucket><Key>" + escape(key) + "</Key><UploadId>"
              + q.get("uploadId") + "</UploadId><IsTruncated>false</IsTruncated></ListPartsResult>");
          return;
        }
        Blob o = b.get(key);
        if (o == null) {
          error(x, 404, "NoSuchKey", "The specified key does not exist.");
          return;
        }
        get(x, o);
      }
      case "HEAD" -> {
        Blob o = b.get(key);
        if (o == null) {
          x.getResponseHeaders().add("x-oss-request-id", UUID.randomUUID().toString());
          x.sendResponseHeaders(404, -1);
          x.close();
          return;
        }
        headers(x, o);
        x.getResponseHeaders().add("Content-Length", Integer.toString(o.data().length));
        x.sendResponseHeaders(200, -1);
        x.close();
      }
      case "DELETE" -> {
        if (q.containsKey("uploadId")) {
          uploads.remove(q.get("uploadId"));
        } else {
          b.remove(key);
        }
        empty(x, 204);
      }
      case "POST" -> {
        if (q.containsKey("uploads")) {
          String id = UUID.randomUUID().toString().replace("-", "");
          uploads.put(id, new ConcurrentHashMap<>());
          xml(x, 200, "<InitiateMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>" + escape(key) + "</Key><UploadId>"
              + id + "</UploadId></InitiateMultipartUploadResult>");
        } else if (q.containsKey("uploadId")) {
          Map<Integer, byte[]> parts = uploads.remove(q.get("uploadId"));
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (parts == null) {
            error(x, 404, "NoSuchUpload", "The specified upload does not exist.");
            return;
          }
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          Matcher m = Pattern.compile("<PartNumber>(\\d+)</PartNumber>").matcher(body);
          int count = 0;
          while (m.find()) {
            byte[] part = parts.get(Integer.parseInt(m.group(1)));
            if (part == null) {
              error(x, 400, "InvalidPart", "One or more of the specified parts could not be found.");
              return;
            }
            all.write(part);
            count++;
          }
          Blob o = put(b, key, all.toByteArray(), x);
          xml(x, 200, "<CompleteMultipartUploadResult><Location>" + endpoint() + "/" + bucket + "/" + escape(key)
              + "</Location><Bucket>" + bucket + "</Bucket><Key>" + escape(key) + "</Key><ETag>\"" + o.etag() + "-" + count
              + "\"</ETag></CompleteMultipartUploadResult>");
        } else {
          unsupported(x, method, bucket + "/" + key);
        }
      }
      default -> unsupported(x, method, bucket + "/" + key);
    }
  }

  private byte[] source(String copySource, String range) {
    String s = URLDecoder.decode(copySource.replace("+", "%2B"), StandardCharsets.UTF_8).replaceFirst("^/", "");
    String[] p = s.split("/", 2);
    ConcurrentSkipListMap<String, Blob> b = buckets.get(p[0]);
    Blob o = b == null ? null : b.get(p[1]);
    if (o == null) {
      return null;
    }
    if (range == null) {
      return o.data();
    }
    Matcher m = Pattern.compile("bytes=(\\d+)-(\\d+)").matcher(range);
    if (!m.find()) {
      return o.data();
    }
    int from = Integer.parseInt(m.group(1));
    int to = Math.min(o.data().length - 1, Integer.parseInt(m.group(2)));
    return java.util.Arrays.copyOfRange(o.data(), from, to + 1);
  }

  private Blob put(ConcurrentSkipListMap<String, Blob> b, String key, byte[] data, HttpExchange x) {
    Map<String, String> meta = new LinkedHashMap<>();
    x.getRequestHeaders().forEach((k, v) -> {
      if (k.toLowerCase().startsWith("x-oss-meta-")) {
        meta.put(k.toLowerCase(), v.get(0));
      }
    });
    Blob o = new Blob(data, md5(data), now(), x.getRequestHeaders().getFirst("Content-Type"), meta);
    b.put(key, o);
    return o;
  }

  /** Reads a request body, or dies midway when a drop is armed. */
  private byte[] body(HttpExchange x) throws IOException {
    InputStream in = x.getRequestBody();
    int drop = dropAfter.getAndSet(-1);
    if (drop >= 0) {
      in.readNBytes(drop);
      throw new DroppedConnection();
    }
    return in.readAllBytes();
  }

  private void get(HttpExchange x, Blob o) throws IOException {
    byte[] d = o.data();
    String range = x.getRequestHeaders().getFirst("Range");
    headers(x, o);
    if (range != null) {
      Matcher m = Pattern.compile("bytes=(\\d*)-(\\d*)").matcher(range);
      if (m.find()) {
        int from = m.group(1).isEmpty() ? Math.max(0, d.length - Integer.parseInt(m.group(2))) : Integer.parseInt(m.group(1));
        int to = m.group(1).isEmpty() || m.group(2).isEmpty() ? d.length - 1 : Math.min(d.length - 1, Integer.parseInt(m.group(2)));
        if (from >= d.length) {
          error(x, 416, "InvalidRange", "The requested range is not satisfiable");
          return;
        }
        x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + d.length);
        x.sendResponseHeaders(206, to - from + 1);
        try (OutputStream out = x.getResponseBody()) {
          out.write(d, from, to - from + 1);
        }
        return;
      }
    }
    x.sendResponseHeaders(200, d.length == 0 ? -1 : d.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(d);
    }
  }

  private static void headers(HttpExchange x, Blob o) {
    x.getResponseHeaders().add("ETag", "\"" + o.etag() + "\"");
    x.getResponseHeaders().add("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(o.modified()));
    x.getResponseHeaders().add("Content-Type", o.contentType() == null ? "application/octet-stream" : o.contentType());
    x.getResponseHeaders().add("x-oss-object-type", "Normal");
    x.getResponseHeaders().add("x-oss-request-id", UUID.randomUUID().toString());
    o.meta().forEach((k, v) -> x.getResponseHeaders().add(k, v));
  }

  private void unsupported(HttpExchange x, String method, String what) throws IOException {
    String call = method + " " + what + "?" + x.getRequestURI().getRawQuery();
    synchronized (unsupported) {
      unsupported.add(call);
    }
    error(x, 501, "NotImplemented", "the test server does not implement " + call);
  }

  private static void error(HttpExchange x, int status, String code, String message) throws IOException {
    error(x, status, code, message, "");
  }

  /** An error in OSS's XML; {@code more} is appended inside {@code <Error>}. */
  private static void error(HttpExchange x, int status, String code, String message, String more) throws IOException {
    String id = UUID.randomUUID().toString();
    x.getResponseHeaders().add("x-oss-request-id", id);
    xml(x, status, "<Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message><RequestId>" + id
        + "</RequestId><HostId>127.0.0.1</HostId>" + more + "</Error>");
  }

  private static void xml(HttpExchange x, int status, String body) throws IOException {
    byte[] b = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/xml");
    if (x.getResponseHeaders().getFirst("x-oss-request-id") == null) {
      x.getResponseHeaders().add("x-oss-request-id", UUID.randomUUID().toString());
    }
    if (x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
      x.close();
      return;
    }
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  private static void empty(HttpExchange x, int status) throws IOException {
    x.getResponseHeaders().add("x-oss-request-id", UUID.randomUUID().toString());
    x.sendResponseHeaders(status, -1);
    x.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? null : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  private static String md5(byte[] data) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  /** Thrown to make the server close a connection without answering. */
  private static final class DroppedConnection extends RuntimeException {
    DroppedConnection() {
      super(null, null, false, false);
    }
  }
}
