package io.quire.example;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.quire.client.QuireException;
import io.quire.v1.AppendRequest;
import io.quire.v1.CloseRequest;
import io.quire.v1.CreateLedgerRequest;
import io.quire.v1.EntryFormat;
import io.quire.v1.DigestType;
import io.quire.v1.DurabilityReceipt;
import io.quire.v1.Entry;
import io.quire.v1.GetMetadataRequest;
import io.quire.v1.LedgerInfo;
import io.quire.v1.LedgerServiceGrpc;
import io.quire.v1.SealResult;
import io.quire.v1.TailRequest;
import io.quire.v1.TailResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Quire over gRPC from Java: create a ledger, append (exactly-once), tail it, close it, and handle
 * the gateway's typed errors. Stubs: io.quire.v1 (scripts/gen-clients.sh).
 *
 * <pre>mvn -q compile exec:java -Dexec.args="--target 127.0.0.1:9090"</pre>
 */
public final class Example {
  private static final ByteString PASSWORD = ByteString.copyFromUtf8("example-secret");

  public static void main(String[] args) throws Exception {
    String target = "127.0.0.1:9090";
    int n = 5;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--target") && i + 1 < args.length) target = args[++i];
      else if (args[i].equals("--entries") && i + 1 < args.length) n = Integer.parseInt(args[++i]);
      else throw new IllegalArgumentException("usage: Example [--target host:port] [--entries N]");
    }
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      run(channel, n);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** One call; gRPC failures become QuireException with the gateway's code. */
  static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw QuireException.from(e);
    }
  }

  /** Retries only errors whose retryable flag is set (jittered backoff or the server's retry-after). */
  static <T> T withRetries(int attempts, Supplier<T> rpc) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call(rpc);
      } catch (QuireException e) {
        if (!e.retryable() || attempt >= attempts) throw e;
        long delay = e.retryAfterMs() > 0 ? e.retryAfterMs() : 50L << (attempt - 1);
        Thread.sleep((long) (delay * (0.5 + ThreadLocalRandom.current().nextDouble())));
      }
    }
  }

  static void run(ManagedChannel channel, int n) throws InterruptedException {
    LedgerServiceGrpc.LedgerServiceBlockingStub stub = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);

    LedgerInfo ledger = call(() -> stub.createLedger(CreateLedgerRequest.newBuilder()
        .setEnsembleSize(3).setWriteQuorumSize(2).setAckQuorumSize(2)
        .setDigestType(DigestType.DIGEST_TYPE_CRC32C).setPassword(PASSWORD)
        .putCustomMetadata("app", "java-example")
        // Exactly-once appends need the envelope format (default: raw bytes, as sent).
        .setEntryFormat(EntryFormat.ENTRY_FORMAT_ENVELOPE).build()));
    long id = ledger.getLedgerId();
    System.out.println("created ledger " + Long.toUnsignedString(id));

    // Exactly-once: (producer, sequence) makes a retry after a timeout or failover safe.
    String producer = "java-" + UUID.randomUUID();
    for (int seq = 0; seq < n; seq++) {
      AppendRequest req = AppendRequest.newBuilder().setLedgerId(id).setData(ByteString.copyFromUtf8("event " + seq))
          .setPassword(PASSWORD).setProducerId(producer).setSequence(seq).build();
      DurabilityReceipt r = withRetries(5, () -> stub.append(req));
      System.out.println("appended entry " + r.getEntryId() + " (lac " + r.getLastAddConfirmed() + ", write set " + r.getWriteSetList() + ")");
    }
    DurabilityReceipt dup = call(() -> stub.append(AppendRequest.newBuilder().setLedgerId(id).setData(ByteString.copyFromUtf8("event 0"))
        .setPassword(PASSWORD).setProducerId(producer).setSequence(0).build()));
    if (!dup.getDuplicate() || dup.getEntryId() != 0) throw new IllegalStateException("replay of sequence 0 not recognised: " + dup);

    // Tail from 0 until every entry arrived; cancelling the context ends the stream.
    int tailed = 0;
    Context.CancellableContext tailCtx = Context.current().withCancellation();
    try {
      Context prev = tailCtx.attach();
      try {
        Iterator<TailResponse> it = call(() -> stub.tail(TailRequest.newBuilder().setLedgerId(id).setFromEntryId(0).setPassword(PASSWORD).setWaitMs(1000).build()));
        while (tailed < n && call(it::hasNext)) {
          for (Entry e : it.next().getEntriesList()) {
            if (e.getEntryId() != tailed) throw new IllegalStateException("entry " + e.getEntryId() + " out of order");
            tailed++;
          }
        }
      } finally {
        tailCtx.detach(prev);
      }
    } finally {
      tailCtx.cancel(null);
    }
    System.out.println("tailed " + tailed + " entries");

    SealResult sealed = call(() -> stub.close(CloseRequest.newBuilder().setLedgerId(id).setPassword(PASSWORD).build()));
    System.out.println("closed: last entry " + sealed.getLastEntryId() + ", length " + sealed.getLength());

    QuireException closedError;
    try {
      call(() -> stub.append(AppendRequest.newBuilder().setLedgerId(id).setData(ByteString.copyFrom("late", StandardCharsets.UTF_8)).setPassword(PASSWORD).build()));
      throw new IllegalStateException("append after close succeeded");
    } catch (QuireException e) {
      closedError = e;
      System.out.println("append after close -> " + e.code() + " (retryable=" + e.retryable() + ", last entry " + e.lastEntryId() + ")");
    }
    QuireException missingError;
    try {
      call(() -> stub.getMetadata(GetMetadataRequest.newBuilder().setLedgerId(1L << 62).build()));
      throw new IllegalStateException("unknown ledger found");
    } catch (QuireException e) {
      missingError = e;
      System.out.println("unknown ledger -> " + e.code() + " (" + e.status() + ")");
    }
    System.out.println("{\"ok\":true,\"ledgerId\":\"" + Long.toUnsignedString(id) + "\",\"appended\":" + n + ",\"tailed\":" + tailed
        + ",\"lastEntryId\":" + sealed.getLastEntryId() + ",\"duplicateReplayed\":" + dup.getDuplicate()
        + ",\"closedError\":\"" + closedError.code() + "\",\"closedLastEntryId\":" + closedError.lastEntryId()
        + ",\"closedRetryable\":" + closedError.retryable() + ",\"missingError\":\"" + missingError.code() + "\"}");
  }

  private Example() {}
}
