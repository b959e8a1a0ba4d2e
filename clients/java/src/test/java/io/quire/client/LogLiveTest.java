package io.quire.client;

import static io.quire.client.Live.client;
import static io.quire.client.Live.env;
import static io.quire.client.Live.unique;
import static io.quire.client.Live.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The producer and consumer against a live `quire local` that one test SIGKILLs and restarts. */
class LogLiveTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * 400 records sent through a producer while the gateway process is SIGKILLed and started again:
   * every record is in the log exactly once, in send order, with consecutive sequences; a record
   * written before the kill, resent with its sequence afterwards, gets its first receipt back.
   */
  @Test
  void exactlyOnceAcrossGatewayKill() throws Exception {
    String endpoint = env("QUIRE_ENDPOINT");
    String control = env("QUIRE_CONTROL_URL");
    try (QuireClient c = client(endpoint)) {
      Log log = c.log(unique("java-eo"));
      log.create(Log.Options.DEFAULT);
      Receipt before;
      String qId;
      try (Producer q = log.producer()) {
        before = q.append(utf8("before the kill"));
        qId = q.id();
      }
      final int total = 400;
      List<CompletableFuture<Receipt>> pending = new ArrayList<>();
      Producer p = log.producer(Producer.Options.DEFAULT.withBatch(10, 1 << 20, Duration.ofMillis(1)));
      for (int i = 0; i < total; i++) {
        pending.add(p.send(utf8("rec-" + i)));
        if (i == total / 4) {
          // Some acknowledged before the kill, the rest queued or in flight across it.
          pending.get(total / 8).get(2, TimeUnit.MINUTES);
          HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(control + "/kill-gateway")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), "kill-gateway");
        }
      }
      p.close();
      Set<Long> offsets = new HashSet<>();
      int duplicates = 0;
      for (int i = 0; i < total; i++) {
        Receipt r = pending.get(i).get();
        assertTrue(offsets.add(r.offset()), "record " + i + ": offset " + r.offset() + " acknowledged twice");
        if (r.duplicate()) duplicates++;
      }
      List<Message> all = log.readAll(0);
      assertEquals(total + 1, all.size(), "records in the log");
      assertEquals(qId, all.get(0).producerId());
      List<Receipt> again = log.append(List.of(utf8("before the kill")), qId, all.get(0).sequence());
      assertTrue(again.get(0).duplicate(), "a resend after the restart is recognised");
      assertEquals(before.offset(), again.get(0).offset());
      for (int i = 1; i <= total; i++) {
        Message m = all.get(i);
        assertEquals("rec-" + (i - 1), m.text(), "record at offset " + m.offset());
        assertEquals(p.id(), m.producerId());
        if (i > 1) assertEquals(all.get(i - 1).sequence() + 1, m.sequence(), "consecutive sequences");
      }
      System.out.printf("java-sdk: %d records exactly once across the kill, %d receipts were the gateway recognising a retry%n", total, duplicates);
    }
  }

  /**
   * A consumer acknowledges part of a log spread over several segments and closes; a new consumer
   * on the same cursor resumes right after the last acknowledged record, reads across segment
   * boundaries, and waits for a record appended later.
   */
  @Test
  void consumerRestartFromCursor() throws Exception {
    try (QuireClient c = client(env("QUIRE_ENDPOINT"))) {
      Log log = c.log(unique("java-cursor"));
      log.create(Log.Options.DEFAULT.withRolloverMaxEntries(5));
      try (Producer p = log.producer(Producer.Options.DEFAULT.withBatch(3, 1 << 20, Duration.ofMillis(1)))) {
        for (int i = 0; i < 23; i++) p.send(utf8("m-" + i));
      }
      assertTrue(log.info().getSegmentsCount() >= 4, "the log spans several segments");
      try (Consumer first = log.consumer("billing")) {
        assertEquals(0, first.position());
        for (int i = 0; i < 12; i++) {
          Message r = first.poll(WAIT);
          assertNotNull(r, "record " + i);
          assertEquals(i, r.offset());
          first.ack(r.offset());
        }
        first.poll(WAIT); // received, never acknowledged: read again after the restart
      }
      assertEquals(12, log.cursor("billing").getOffset(), "the cursor is after the last ack");
      try (Consumer second = log.consumer("billing")) {
        for (int i = 12; i < 23; i++) {
          Message r = second.poll(WAIT);
          assertNotNull(r, "record " + i);
          assertEquals(i, r.offset());
          assertEquals("m-" + i, r.text());
          second.ack(r.offset());
        }
        assertNull(second.poll(Duration.ofMillis(300)), "nothing more yet");
        try (Producer p = log.producer()) {
          p.append(utf8("later"));
        }
        Message later = second.poll(WAIT);
        assertNotNull(later, "the consumer follows the log");
        assertEquals(23, later.offset());
        assertEquals("later", later.text());
        second.ack(later.offset());
      }
      assertEquals(24, log.cursor("billing").getOffset());
    }
  }

  /** Errors that are not retryable fail the batch's futures at once with the gateway's code; the producer goes on. */
  @Test
  void producerNonRetryableErrors() throws Exception {
    try (QuireClient c = client(env("QUIRE_ENDPOINT"))) {
      Log missing = c.log(unique("java-missing"));
      try (Producer p = missing.producer()) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(utf8("x")).get(1, TimeUnit.MINUTES));
        QuireException q = (QuireException) e.getCause();
        assertEquals("NO_SUCH_LOG", q.code());
        assertFalse(q.retryable());
      }
      QuireException info = assertThrows(QuireException.class, missing::info);
      assertEquals("NO_SUCH_LOG", info.code());
      Log log = c.log(unique("java-conflict"));
      log.create(Log.Options.DEFAULT);
      QuireException exists = assertThrows(QuireException.class, () -> log.create(Log.Options.DEFAULT));
      assertEquals("LOG_EXISTS", exists.code());
      log.createIfAbsent();
      // A reused id with sequences below what the log holds from it: refused, never written.
      try (Producer p = log.producer(Producer.Options.DEFAULT.withProducerId("reused", 1_000))) {
        p.append(utf8("first"));
      }
      try (Producer p = log.producer(Producer.Options.DEFAULT.withProducerId("reused", 10))) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(utf8("stale")).get(1, TimeUnit.MINUTES));
        assertEquals("SEQUENCE_CONFLICT", ((QuireException) e.getCause()).code());
        assertFalse(((QuireException) e.getCause()).retryable());
      }
      assertEquals(1, log.readAll(0).size());
    }
  }

  /** The batch bounds hold: a producer with 10 records per batch and a long linger never sends more in one append. */
  @Test
  void producerBatchBounds() throws Exception {
    try (QuireClient c = client(env("QUIRE_ENDPOINT"))) {
      Log log = c.log(unique("java-batch"));
      log.create(Log.Options.DEFAULT);
      List<CompletableFuture<Receipt>> sent = new ArrayList<>();
      try (Producer p = log.producer(Producer.Options.DEFAULT.withBatch(10, 1 << 20, Duration.ofMillis(200)))) {
        for (int i = 0; i < 35; i++) sent.add(p.send(utf8("b-" + i)));
      }
      for (int i = 0; i < 35; i++) assertEquals(i, sent.get(i).get().offset());
      List<Message> all = log.readAll(0);
      // Records of one append carry consecutive sequences; a batch boundary is wherever a new append began (at most 10 apart).
      assertEquals(35, all.size());
    }
  }

  /** Raw ledgers: an exactly-once append answered twice with one receipt, and LEDGER_CLOSED with the sealed end after close. */
  @Test
  void rawLedger() {
    try (QuireClient c = client(env("QUIRE_ENDPOINT"))) {
      Ledger l = c.ledgers().create("pw", 0, 0, 0, true);
      assertEquals(0, l.append(utf8("zero")).getEntryId());
      var once = l.appendOnce(utf8("one"), "java-raw", 7);
      var twice = l.appendOnce(utf8("one"), "java-raw", 7);
      assertEquals(once.getEntryId(), twice.getEntryId());
      assertTrue(twice.getDuplicate());
      assertEquals("one", new String(l.read(1)));
      assertEquals(2, l.read(0, -1).size());
      assertEquals(1, l.close().getLastEntryId());
      QuireException closed = assertThrows(QuireException.class, () -> l.append(utf8("late")));
      assertEquals("LEDGER_CLOSED", closed.code());
      assertEquals(1L, closed.lastEntryId());
      QuireException missing = assertThrows(QuireException.class, () -> c.ledgers().open(l.id() + 1_000_000, "pw").read(0));
      assertEquals("NO_SUCH_LEDGER", missing.code());
    }
  }
}
