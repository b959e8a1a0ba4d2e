package io.quire.client;

import static io.quire.client.Live.env;
import static io.quire.client.Live.unique;
import static io.quire.client.Live.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import java.io.File;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Against gateways with TLS and HS256 tokens (test/gateway/security), one of them requiring client certificates. */
class AuthLiveTest {
  /**
   * Over TLS with a valid token a producer and a consumer are served (the token supplier asked on
   * every call); no token, or one signed with another secret, gets UNAUTHENTICATED; a client that
   * does not trust the gateway's CA, or speaks plaintext, never reaches it (UNAVAILABLE).
   */
  @Test
  void tokenRefusedAndTlsOn() {
    String endpoint = env("QUIRE_TLS_ENDPOINT");
    File ca = new File(env("QUIRE_TLS_CA"));
    String audience = env("QUIRE_AUTH_AUDIENCE");
    String token = Live.token(Live.secret(env("QUIRE_AUTH_SECRET_FILE")), audience);
    AtomicInteger asked = new AtomicInteger();
    String name = unique("java-auth");
    try (QuireClient ok = QuireClient.builder().endpoint(endpoint).tlsCa(ca).token(() -> {
      asked.incrementAndGet();
      return token;
    }).timeout(Duration.ofSeconds(30)).build()) {
      Log log = ok.log(name);
      log.create(Log.Options.DEFAULT);
      try (Producer p = log.producer()) {
        assertEquals(0, p.append(utf8("secured")).offset());
      }
      try (Consumer cons = log.consumer("auditor")) {
        Message r = cons.poll(Duration.ofSeconds(60));
        assertNotNull(r);
        assertEquals("secured", r.text());
      }
      assertEquals(true, asked.get() >= 3, "the token supplier is asked per call");
    }
    try (QuireClient anon = QuireClient.builder().endpoint(endpoint).tlsCa(ca).build()) {
      QuireException e = assertThrows(QuireException.class, () -> anon.log(name).info());
      assertEquals(Status.Code.UNAUTHENTICATED, e.status(), e.getMessage());
    }
    String forged = Live.token(utf8("not-the-gateway-secret"), audience);
    try (QuireClient bad = QuireClient.builder().endpoint(endpoint).tlsCa(ca).token(forged).build()) {
      QuireException e = assertThrows(QuireException.class, () -> bad.log(name).info());
      assertEquals(Status.Code.UNAUTHENTICATED, e.status(), e.getMessage());
    }
    try (QuireClient untrusting = QuireClient.builder().endpoint(endpoint).tls().token(token).retry(RetryPolicy.NONE).build()) {
      QuireException e = assertThrows(QuireException.class, () -> untrusting.log(name).info());
      assertEquals(Status.Code.UNAVAILABLE, e.status(), e.getMessage());
    }
    try (QuireClient plain = QuireClient.builder().endpoint(endpoint).token(token).retry(RetryPolicy.NONE).build()) {
      QuireException e = assertThrows(QuireException.class, () -> plain.log(name).info());
      assertEquals(Status.Code.UNAVAILABLE, e.status(), e.getMessage());
    }
  }

  /**
   * Against a gateway run with --tls-client-ca: with a certificate the CA signed a producer and a
   * consumer are served; without a client certificate, or with one another CA signed, the TLS
   * handshake refuses the client before any call (UNAVAILABLE).
   */
  @Test
  void mutualTls() {
    String endpoint = env("QUIRE_MTLS_ENDPOINT");
    File ca = new File(env("QUIRE_TLS_CA"));
    File cert = new File(env("QUIRE_CLIENT_CERT"));
    File key = new File(env("QUIRE_CLIENT_KEY"));
    String token = Live.token(Live.secret(env("QUIRE_AUTH_SECRET_FILE")), env("QUIRE_AUTH_AUDIENCE"));
    String name = unique("java-mtls");
    // The certificate before the CA: both end up in the channel's TLS settings.
    try (QuireClient ok = QuireClient.builder().endpoint(endpoint).clientCertificate(cert, key).tlsCa(ca).token(token).timeout(Duration.ofSeconds(30)).build()) {
      Log log = ok.log(name);
      log.create(Log.Options.DEFAULT);
      try (Producer p = log.producer()) {
        assertEquals(0, p.append(utf8("mutual")).offset());
      }
      try (Consumer cons = log.consumer("auditor")) {
        Message r = cons.poll(Duration.ofSeconds(60));
        assertNotNull(r);
        assertEquals("mutual", r.text());
      }
    }
    try (QuireClient noCert = QuireClient.builder().endpoint(endpoint).tlsCa(ca).token(token).retry(RetryPolicy.NONE).build()) {
      QuireException e = assertThrows(QuireException.class, () -> noCert.log(name).info());
      assertEquals(Status.Code.UNAVAILABLE, e.status(), e.getMessage());
    }
    File strangerCert = new File(env("QUIRE_STRANGER_CERT"));
    File strangerKey = new File(env("QUIRE_STRANGER_KEY"));
    try (QuireClient stranger = QuireClient.builder().endpoint(endpoint).tlsCa(ca).clientCertificate(strangerCert, strangerKey).token(token).retry(RetryPolicy.NONE).build()) {
      QuireException e = assertThrows(QuireException.class, () -> stranger.log(name).info());
      assertEquals(Status.Code.UNAVAILABLE, e.status(), e.getMessage());
    }
  }
}
