package io.proximace.volume;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import io.proximace.ProximaException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns a backing store's failure into a message a user can act on, without echoing what the store
 * said (an OSS error can quote the access key id and the string it signed).
 */
final class BackingErrors {
  private static final String[] AUTH_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"};

  private BackingErrors() {}

  /**
   * A {@link ProximaException} for an OSS failure (rejected credentials, missing bucket, unreachable or
   * unknown endpoint, any other OSS error code), naming volume, endpoint and bucket; else {@code e}
   * unchanged (rethrowable). {@code conf}: the configuration the volume's file system was opened with.
   */
  static RuntimeException explain(Throwable e, Volume v, Configuration conf) {
    String code = authCode(e);
    if (code != null) {
      if (v.profile() == null) {
        return new ProximaException("access denied: OSS rejected the access key from the environment for volume " + v.name()
            + " (" + code + "); check " + String.join(", ", Credentials.ENV_PAIRS[0]) + " (or " + String.join(", ", Credentials.ENV_PAIRS[1])
            + ")");
      }
      return new ProximaException("access denied: OSS rejected the credentials of profile '" + v.profile() + "' for volume "
          + v.name() + " (" + code + "); check the profile's access key (vfs -set_credentials " + v.profile() + ")");
    }
    if (v.provider().equals("oss")) {
      ProximaException oss = ossFailure(e, v, conf.get("fs.oss.endpoint"));
      if (oss != null) {
        return oss;
      }
    }
    if (e instanceof RuntimeException re) {
      return re;
    }
    return new java.io.UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
  }

  /** The message for the first OSS error in {@code e}'s causes, or null if there is none. */
  private static ProximaException ossFailure(Throwable e, Volume v, String endpoint) {
    String bucket = v.root().toUri().getAuthority();
    String where = "OSS endpoint " + endpoint + " of volume " + v.name() + " (bucket " + bucket + ")";
    String fix = v.ossEndpoint() != null ? "check the endpoint in the volume's url " + v.url()
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

  /** The OSS error code of an authentication failure in {@code e}'s causes, or null. */
  static String authCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OSSException o) {
        for (String code : AUTH_CODES) {
          if (code.equals(o.getErrorCode())) {
            return code;
          }
        }
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String code : AUTH_CODES) {
        if (m.contains(code.toLowerCase(Locale.ROOT))) {
          return code;
        }
      }
    }
    return null;
  }
}
