package io.proximace.volume;

import io.proximace.ProximaException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where a volume's OSS keys come from: its profile, else ALIBABA_CLOUD_*, else OSS_*. */
class CredentialsTest {
  @TempDir
  Path home;

  private final Map<String, String> env = new HashMap<>();

  private Credentials credentials() {
    return new Credentials(home, "alice", () -> env);
  }

  private void setAll() {
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "ali-id");
    env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ali-secret");
    env.put("OSS_ACCESS_KEY_ID", "oss-id");
    env.put("OSS_ACCESS_KEY_SECRET", "oss-secret");
  }

  @Test
  void aVolumesProfileWinsOverTheEnvironment() throws Exception {
    setAll();
    credentials().put(new Credentials.Profile("p", "profile-id", "profile-secret", "ep", true));
    Credentials.Profile p = credentials().forVolume("p");
    assertEquals(new Credentials.Profile("p", "profile-id", "profile-secret", "ep", true), p);
  }

  @Test
  void withoutAProfileAlibabaCloudVariablesComeBeforeOssOnes() throws Exception {
    setAll();
    assertEquals(new Credentials.Profile("ALIBABA_CLOUD_ACCESS_KEY_ID", "ali-id", "ali-secret", null, true), credentials().forVolume(null));
    env.remove("ALIBABA_CLOUD_ACCESS_KEY_ID");
    env.remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    assertEquals(new Credentials.Profile("OSS_ACCESS_KEY_ID", "oss-id", "oss-secret", null, true), credentials().forVolume(null));
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", ""); // empty is unset
    assertEquals("oss-id", credentials().forVolume(null).accessKeyId());
  }

  @Test
  void aHalfSetPairIsAnErrorNamingBothVariables() {
    setAll();
    env.remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    assertEquals("ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not: set both ALIBABA_CLOUD_ACCESS_KEY_ID"
        + " and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or neither",
        assertThrows(ProximaException.class, () -> credentials().forVolume(null)).getMessage(),
        "not silently the OSS_* pair");
    env.clear();
    env.put("OSS_ACCESS_KEY_SECRET", "oss-secret");
    assertEquals("OSS_ACCESS_KEY_SECRET is set but OSS_ACCESS_KEY_ID is not: set both OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET,"
        + " or neither", assertThrows(ProximaException.class, () -> credentials().forVolume(null)).getMessage());
  }

  @Test
  void noProfileAndNoVariablesNamesBothWays() {
    String m = assertThrows(ProximaException.class, () -> credentials().forVolume(null)).getMessage();
    assertEquals("an oss volume needs -role_arn <profile>: the credentials profile jobs use to reach OSS (add one with vfs"
        + " -set_credentials <profile>), or with no profile the environment's ALIBABA_CLOUD_ACCESS_KEY_ID and"
        + " ALIBABA_CLOUD_ACCESS_KEY_SECRET (or OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET)", m);
  }

  @Test
  void anStsTokenIsRefusedRatherThanSentWithoutIt() {
    setAll();
    env.put("ALIBABA_CLOUD_SECURITY_TOKEN", "tok");
    assertEquals("ALIBABA_CLOUD_SECURITY_TOKEN is set, but STS tokens are not supported: use a long-term access key, or store one"
        + " with vfs -set_credentials and name it with -role_arn",
        assertThrows(ProximaException.class, () -> credentials().forVolume(null)).getMessage());
  }

  @Test
  void aProfileNeverPrintsItsKeys() {
    String s = new Credentials.Profile("ALIBABA_CLOUD_ACCESS_KEY_ID", "ali-id", "ali-secret", null, true).toString();
    assertEquals("Profile[ALIBABA_CLOUD_ACCESS_KEY_ID, endpoint null]", s);
  }
}
