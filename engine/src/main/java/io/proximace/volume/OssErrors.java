package io.proximace.volume;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import io.proximace.ProximaException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * The OSS SDK's exceptions read for {@link BackingErrors}: the only class besides {@link OssFileSystem} that names
 * SDK types, and loaded only for an OSS volume, so the engine runs without the (optional) SDK on the classpath.
 */
final class OssErrors {
  private OssErrors() {}

  /** {@code t}'s OSS error code when it is OSS's answer, else null. */
  static String code(Throwable t) {
    return t instanceof OSSException o ? o.getErrorCode() : null;
  }

  /** The message for the first OSS error in {@code e}'s causes, or null if there is none. */
  static ProximaException failure(Throwable e, Volume v, String endpoint) {
    String bucket = v.root().toUri().getAuthority();
    String where = "OSS endpoint " + endpoint + " of volume " + v.name() + " (bucket " + bucket + ")";
    String fix = VolumeCatalog.isDirect(v) ? "check -oss_endpoint and -oss_bucket"
        : v.ossEndpoint() != null ? "check the endpoint in the volume's url " + v.url()
        : "check the endpoint of profile '" + v.profile() + "'";
    ClientException client = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OSSException o) {
        if ("NoSuchBucket".equals(o.getErrorCode())) {
          return new ProximaException("OSS bucket " + bucket + " of volume " + v.name() + " does not exist at endpoint " + endpoint
              + ": create the bucket, or " + fix);
        }
        // the code and request id only: OSS's own text and XML may quote the request
        return new ProximaException(where + " answered " + o.getErrorCode()
            + (o.getRequestId() == null ? "" : " (request id " + o.getRequestId() + ")"));
      }
      if (t instanceof UnknownHostException) {
        return new ProximaException("cannot reach " + where + ": unknown host; " + fix);
      }
      String network = t instanceof ConnectException ? "connection refused"
          : t instanceof NoRouteToHostException ? "no route to host"
          : t instanceof SocketTimeoutException ? "timed out" : null;
      if (network != null) {
        return new ProximaException("cannot reach " + where + ": " + network + "; " + fix + ", and that OSS is reachable from here");
      }
      if (t instanceof ClientException c && client == null) {
        client = c;
      }
    }
    if (client != null) {
      // the SDK's own message carries its request details on further lines; its code says enough
      Throwable root = client;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String detail = root == client ? client.getErrorCode() : root.getClass().getSimpleName() + ": " + OssLogs.clean(root.getMessage());
      return new ProximaException("cannot reach " + where + ": " + detail + "; " + fix);
    }
    return null;
  }

}
