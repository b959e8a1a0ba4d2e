package io.quire.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the live tests need from test/clients/java-sdk.test.ts, which starts the gateways and runs
 * {@code mvn test} with:
 * QUIRE_ENDPOINT (a `quire local` gateway), QUIRE_CONTROL_URL (POST /kill-gateway SIGKILLs it and
 * starts it again on the same ports), QUIRE_TLS_ENDPOINT + QUIRE_TLS_CA (a gateway with TLS and
 * HS256 tokens), QUIRE_AUTH_SECRET_FILE + QUIRE_AUTH_AUDIENCE (its secret and audience),
 * QUIRE_MTLS_ENDPOINT (such a gateway that also requires a client certificate the CA signed) with
 * QUIRE_CLIENT_CERT + QUIRE_CLIENT_KEY (one) and QUIRE_STRANGER_CERT + QUIRE_STRANGER_KEY (one of
 * another CA), QUIRE_FAILOVER_ENDPOINTS (two gateway processes of one cluster, comma-separated) and
 * QUIRE_FAILOVER_KILL_PID (the first one's pid, which FailoverLiveTest SIGKILLs).
 */
final class Live {
  private Live() {}

  /** A variable the harness sets; without it the test fails (never skips), naming the harness. */
  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) fail(name + " is not set: these tests run against live gateways started by test/clients/java-sdk.test.ts (node --import tsx --test test/clients/java-sdk.test.ts)");
    return v;
  }

  static QuireClient client(String endpoint) {
    return QuireClient.builder().endpoint(endpoint).timeout(Duration.ofSeconds(30)).build();
  }

  static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

  static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  /** An HS256 JWT with admin permissions, as the gateway's tokens are (docs/security.md). */
  static String token(byte[] secret, String audience) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
    long exp = System.currentTimeMillis() / 1000 + 600;
    String claims = b64.encodeToString(utf8("{\"sub\":\"java-sdk-test\",\"aud\":\"" + audience + "\",\"exp\":" + exp + ",\"quire\":{\"perms\":[{\"actions\":[\"admin\"]}]}}"));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return header + "." + claims + "." + b64.encodeToString(mac.doFinal(utf8(header + "." + claims)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] secret(String file) {
    try {
      return utf8(Files.readString(Path.of(file)).trim());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
