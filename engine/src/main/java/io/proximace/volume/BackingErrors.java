package io.proximace.volume;

import io.proximace.ProximaException;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns a backing store's failure into a message a user can act on, without echoing what the store
 * said (an OSS error can quote the access key id and the string it signed).
 */
final class BackingErrors {
  private BackingErrors() {}

  /** A {@link ProximaException} for an authentication failure, else {@code e} unchanged (rethrowable). */
  static RuntimeException explain(Throwable e, Volume v) {
    String code = authCode(e);
    if (code != null) {
      return new ProximaException("access denied: OSS rejected the credentials of profile '" + v.profile() + "' for volume "
          + v.name() + " (" + code + "); check the profile's access key (vfs -set_credentials " + v.profile() + ")");
    }
    if (e instanceof RuntimeException re) {
      return re;
    }
    return new java.io.UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
  }

  /** The OSS error code of an authentication failure in {@code e}'s causes, or null. */
  static String authCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String code : new String[] {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"}) {
        if (m.contains(code.toLowerCase(Locale.ROOT))) {
          return code;
        }
      }
      if (t.getClass().getName().equals("com.aliyun.oss.OSSException")) {
        try {
          Object c = t.getClass().getMethod("getErrorCode").invoke(t);
          if (c != null && (c.equals("InvalidAccessKeyId") || c.equals("SignatureDoesNotMatch") || c.equals("AccessDenied"))) {
            return c.toString();
          }
        } catch (ReflectiveOperationException ignored) {
          // not the SDK's class after all
        }
      }
    }
    return null;
  }
}
