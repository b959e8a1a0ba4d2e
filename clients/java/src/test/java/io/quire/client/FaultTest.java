package io.quire.client;

import static io.quire.client.Live.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quire.v1.BlobInfo;
import io.quire.v1.BlobServiceGrpc;
import io.quire.v1.GetBlobRequest;
import io.quire.v1.GetBlobResponse;
import io.quire.v1.GetLogRequest;
import io.quire.v1.LogAppendRequest;
import io.quire.v1.LogAppendResponse;
import io.quire.v1.LogInfo;
import io.quire.v1.LogReceipt;
import io.quire.v1.LogServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults a live gateway does not produce on demand, injected by a real gRPC server on a TCP port:
 * a blob whose bytes do not match its recorded digest, an append that does not answer (the
 * producer's queue bound), and errors with and without Quire's trailers.
 */
class FaultTest {
  private Server server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private QuireClient serve(io.grpc.BindableService... services) throws Exception {
    var b = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
    for (var s : services) b.addService(s);
    server = b.build().start();
    return QuireClient.builder().endpoint("127.0.0.1:" + server.getPort()).retry(RetryPolicy.NONE).build();
  }

  /** A download whose bytes do not hash to the blob's sha-256 fails with DATA_LOSS / DIGEST_MISMATCH. */
  @Test
  void blobDownloadDigestMismatch() throws Exception {
    byte[] stored = utf8("hello");
    String wrong = java.util.HexFormat.of().formatHex(Blobs.sha256().digest(utf8("something else")));
    try (QuireClient c = serve(new BlobServiceGrpc.BlobServiceImplBase() {
      @Override
      public void getBlob(GetBlobRequest req, StreamObserver<GetBlobResponse> out) {
        out.onNext(GetBlobResponse.newBuilder().setInfo(BlobInfo.newBuilder().setName(req.getName()).setSize(stored.length).setSha256(wrong)).build());
        out.onNext(GetBlobResponse.newBuilder().setData(ByteString.copyFrom(stored)).build());
        out.onCompleted();
      }
    })) {
      QuireException e = assertThrows(QuireException.class, () -> c.blobs().read("b"));
      assertEquals("DIGEST_MISMATCH", e.code());
      assertEquals(Status.Code.DATA_LOSS, e.status());
      assertFalse(e.retryable());
    }
  }

  /**
   * While one batch is in flight and unanswered, a producer queues at most maxQueuedRecords:
   * the next send waits blockTimeout, then fails with TOO_MANY_REQUESTS; once the gateway
   * answers, every queued record is sent (one batch in flight at a time) and acknowledged.
   */
  @Test
  void producerSendBlocksWhenQueueIsFull() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger offsets = new AtomicInteger();
    List<Integer> batchSizes = new ArrayList<>();
    try (QuireClient c = serve(new LogServiceGrpc.LogServiceImplBase() {
      @Override
      public void append(LogAppendRequest req, StreamObserver<LogAppendResponse> out) {
        synchronized (batchSizes) {
          batchSizes.add(req.getRecordsCount());
        }
        inFlight.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          return;
        }
        LogAppendResponse.Builder r = LogAppendResponse.newBuilder();
        for (int i = 0; i < req.getRecordsCount(); i++) r.addReceipts(LogReceipt.newBuilder().setOffset(offsets.getAndIncrement()));
        out.onNext(r.build());
        out.onCompleted();
      }
    })) {
      Producer p = c.log("l").producer(Producer.Options.DEFAULT.withQueue(2, Duration.ofMillis(200)).withBatch(100, 1 << 20, Duration.ZERO));
      List<CompletableFuture<Receipt>> sent = new ArrayList<>();
      sent.add(p.send(utf8("in flight")));
      assertTrue(inFlight.await(60, TimeUnit.SECONDS));
      sent.add(p.send(utf8("queued 1")));
      sent.add(p.send(utf8("queued 2")));
      QuireException full = assertThrows(QuireException.class, () -> p.send(utf8("no room")));
      assertEquals("TOO_MANY_REQUESTS", full.code());
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.status());
      release.countDown();
      p.close();
      for (int i = 0; i < 3; i++) assertEquals(i, sent.get(i).get().offset());
      assertEquals(List.of(1, 2), batchSizes, "one batch in flight; the queued two went together after it");
    }
  }

  /**
   * The batch bounds as the gateway sees them: 25 small records under a 10-record bound arrive
   * as 10 + 10 + 5; records over a 64-byte bound go two at a time; the sequences continue from
   * the first one across batches, and a batch failing with a retryable error is resent with the
   * same sequence.
   */
  @Test
  void producerBatchBoundsOnTheWire() throws Exception {
    List<LogAppendRequest> seen = new ArrayList<>();
    AtomicInteger offsets = new AtomicInteger();
    try (QuireClient c = serve(new LogServiceGrpc.LogServiceImplBase() {
      @Override
      public void append(LogAppendRequest req, StreamObserver<LogAppendResponse> out) {
        boolean first;
        synchronized (seen) {
          seen.add(req);
          first = seen.size() == 1;
        }
        if (first) {
          out.onError(Status.UNAVAILABLE.withDescription("injected").asRuntimeException());
          return;
        }
        LogAppendResponse.Builder r = LogAppendResponse.newBuilder();
        for (int i = 0; i < req.getRecordsCount(); i++) r.addReceipts(LogReceipt.newBuilder().setOffset(offsets.getAndIncrement()));
        out.onNext(r.build());
        out.onCompleted();
      }
    })) {
      List<CompletableFuture<Receipt>> sent = new ArrayList<>();
      try (Producer p = c.log("l").producer(Producer.Options.DEFAULT.withProducerId("wire", 1000).withBatch(10, 64, Duration.ofSeconds(1)))) {
        for (int i = 0; i < 25; i++) sent.add(p.send(utf8("r" + i)));
        p.flush();
        for (int i = 0; i < 3; i++) sent.add(p.send(new byte[30]));
      }
      for (int i = 0; i < sent.size(); i++) assertEquals(i, sent.get(i).get().offset());
      List<Integer> sizes = seen.stream().map(LogAppendRequest::getRecordsCount).toList();
      List<Long> sequences = seen.stream().map(LogAppendRequest::getSequence).toList();
      assertEquals(List.of(10, 10, 10, 5, 2, 1), sizes, "the first batch twice (resent after UNAVAILABLE), then the bounds");
      assertEquals(List.of(1000L, 1000L, 1010L, 1020L, 1025L, 1027L), sequences);
      assertTrue(seen.stream().allMatch(r -> r.getProducerId().equals("wire")));
    }
  }

  /** The gateway's trailers become code / retryable / lastEntryId; without them only UNAVAILABLE is retryable. */
  @Test
  void errorsFromTrailersAndWithout() throws Exception {
    try (QuireClient c = serve(new LogServiceGrpc.LogServiceImplBase() {
      @Override
      public void getLog(GetLogRequest req, StreamObserver<LogInfo> out) {
        Metadata md = new Metadata();
        if (req.getName().equals("quire")) {
          md.put(Metadata.Key.of("quire-error-code", Metadata.ASCII_STRING_MARSHALLER), "TOO_MANY_REQUESTS");
          md.put(Metadata.Key.of("quire-retryable", Metadata.ASCII_STRING_MARSHALLER), "true");
          md.put(Metadata.Key.of("quire-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER), "250");
          md.put(Metadata.Key.of("quire-last-entry-id", Metadata.ASCII_STRING_MARSHALLER), "41");
          out.onError(Status.RESOURCE_EXHAUSTED.withDescription("slow down").asRuntimeException(md));
        } else {
          out.onError(Status.INTERNAL.withDescription("plain").asRuntimeException());
        }
      }
    })) {
      QuireException q = assertThrows(QuireException.class, () -> c.log("quire").info());
      assertEquals("TOO_MANY_REQUESTS", q.code());
      assertTrue(q.retryable());
      assertEquals(250, q.retryAfterMs());
      assertEquals(41L, q.lastEntryId());
      QuireException plain = assertThrows(QuireException.class, () -> c.log("other").info());
      assertEquals("INTERNAL", plain.code());
      assertFalse(plain.retryable());
    }
  }
}
