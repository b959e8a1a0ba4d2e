package io.quire.client;

import static io.quire.client.Live.env;
import static io.quire.client.Live.unique;
import static io.quire.client.Live.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that knows several endpoints: calls failing UNAVAILABLE on one (nothing listening, or
 * a gateway process SIGKILLed under them) go to the next, and exactly-once appends stay exactly
 * once because their retries carry the same producer id and sequences.
 */
class FailoverLiveTest {
  /** A loopback port nothing listens on (bound, then released). */
  private static String deadEndpoint() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  /** The endpoint a client's calls go to now. */
  private static String current(QuireClient c) { return c.channel().authority(); }

  /** The first endpoint is dead from the start: the first call fails over and the second endpoint serves everything. */
  @Test
  void firstEndpointDeadNextServes() throws Exception {
    String dead = deadEndpoint();
    String live = env("QUIRE_ENDPOINT");
    try (QuireClient c = QuireClient.builder().endpoint(dead, live).timeout(Duration.ofSeconds(30)).build()) {
      Log log = c.log(unique("java-dead-first"));
      // A read is safe to repeat: its retry goes to the live endpoint, which answers for the log.
      QuireException missing = assertThrows(QuireException.class, log::info);
      assertEquals("NO_SUCH_LOG", missing.code(), missing.getMessage());
      assertEquals(live, current(c), "calls moved to the live endpoint");
      log.create(Log.Options.DEFAULT);
      try (Producer p = log.producer()) {
        for (int i = 0; i < 10; i++) p.send(utf8("r-" + i));
      }
      List<Message> all = log.readAll(0);
      assertEquals(10, all.size());
      for (int i = 0; i < 10; i++) assertEquals("r-" + i, all.get(i).text());
    }
  }

  /**
   * Two gateway processes of one cluster; a producer sends through the first while the test
   * SIGKILLs it: the batches in flight fail without an answer and are resent with their sequences
   * through the second, which takes the log over. Each record is in the log once, in send order,
   * at its receipt's offset.
   */
  @Test
  void multiEndpointFailoverAcrossGatewayKill() throws Exception {
    List<String> endpoints = List.of(env("QUIRE_FAILOVER_ENDPOINTS").split(","));
    long victim = Long.parseLong(env("QUIRE_FAILOVER_KILL_PID"));
    assertEquals(2, endpoints.size());
    try (QuireClient c = QuireClient.builder().endpoints(endpoints).timeout(Duration.ofSeconds(20)).retry(new RetryPolicy(60, Duration.ofMillis(50), Duration.ofSeconds(2))).build()) {
      assertEquals(endpoints.get(0), current(c));
      Log log = c.log(unique("java-failover"));
      log.create(new Log.Options(3, 2, 2, 50));
      final int total = 300;
      List<CompletableFuture<Receipt>> pending = new ArrayList<>();
      // Generous retries: the second gateway takes the log over once the first one's session ends.
      Producer.Options o = Producer.Options.DEFAULT.withBatch(5, 1 << 20, Duration.ofMillis(1)).withRetry(new RetryPolicy(200, Duration.ofMillis(50), Duration.ofSeconds(2)));
      Producer p = log.producer(o);
      for (int i = 0; i < total; i++) {
        pending.add(p.send(utf8("order-" + i)));
        if (i == 120) {
          // Some acknowledged through the first gateway, then it dies with batches in flight.
          pending.get(80).get(2, TimeUnit.MINUTES);
          ProcessHandle gw = ProcessHandle.of(victim).orElseThrow(() -> new AssertionError("no gateway process " + victim));
          assertTrue(gw.destroyForcibly(), "SIGKILL sent"); // SIGKILL on POSIX
          gw.onExit().get(1, TimeUnit.MINUTES);
        }
      }
      p.close();
      assertEquals(endpoints.get(1), current(c), "the client moved to the live gateway");
      List<Receipt> receipts = new ArrayList<>();
      int duplicates = 0;
      for (CompletableFuture<Receipt> f : pending) {
        Receipt r = f.get();
        receipts.add(r);
        if (r.duplicate()) duplicates++;
      }
      List<Message> all = log.readAll(0);
      assertEquals(total, all.size(), "records in the log: none lost, none twice");
      for (int i = 0; i < total; i++) {
        Message m = all.get(i);
        assertEquals(i, m.offset());
        assertEquals("order-" + i, m.text(), "record at offset " + i);
        assertEquals(p.id(), m.producerId());
        if (i > 0) assertEquals(all.get(i - 1).sequence() + 1, m.sequence(), "consecutive sequences");
        assertEquals(m.offset(), receipts.get(i).offset(), "record " + i + "'s receipt");
      }
      System.out.printf("java-sdk: %d records exactly once across the SIGKILL of %s, served on by %s; %d receipts were a recognised retry%n", total, endpoints.get(0), endpoints.get(1), duplicates);
    }
  }
}
