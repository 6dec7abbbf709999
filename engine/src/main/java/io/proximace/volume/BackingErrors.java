package io.proximace.volume;

import io.proximace.ProximaException;
import java.io.IOException;
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
    boolean oss = v.provider().equals("oss");
    String code = authCode(e, oss);
    if (code != null) {
      if (VolumeCatalog.isDirect(v)) {
        return new ProximaException("access denied: OSS rejected AccessKey mode's keys for bucket " + v.root().toUri().getAuthority()
            + " (" + code + "); check -oss_access_id and -oss_access_key");
      }
      if (v.profile() == null && !conf.getTrimmed(OdpsFileSystem.ACCESS_ID, "").isEmpty()) {
        return new ProximaException("access denied: OSS rejected the access key of " + OdpsFileSystem.ACCESS_ID + " for volume "
            + v.name() + " (" + code + "); check " + OdpsFileSystem.ACCESS_ID + " and " + OdpsFileSystem.ACCESS_KEY);
      }
      if (v.profile() == null) {
        return new ProximaException("access denied: OSS rejected the access key from the environment for volume " + v.name()
            + " (" + code + "); check " + String.join(", ", Credentials.ENV_PAIRS[0]) + " (or " + String.join(", ", Credentials.ENV_PAIRS[1])
            + ")");
      }
      return new ProximaException("access denied: OSS rejected the credentials of profile '" + v.profile() + "' for volume "
          + v.name() + " (" + code + "); check the profile's access key (vfs -set_credentials " + v.profile() + ")");
    }
    if (oss) {
      ProximaException failure = OssErrors.failure(e, v, conf.get("fs.oss.endpoint"));
      if (failure != null) {
        return failure;
      }
    }
    if (e instanceof RuntimeException re) {
      return re;
    }
    return new java.io.UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
  }

  /**
   * The OSS error code of an authentication failure in {@code e}'s causes, or null; {@code oss}: whether the volume
   * is on OSS, the only case where the SDK's exceptions are looked for (without OSS the SDK may be missing).
   */
  static String authCode(Throwable e, boolean oss) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String ossCode = oss ? OssErrors.code(t) : null;
      if (ossCode != null) {
        for (String code : AUTH_CODES) {
          if (code.equals(ossCode)) {
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
