package io.quire.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.quire.v1.LogAppendRequest;
import io.quire.v1.LogAppendResponse;
import io.quire.v1.RecordInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Appends records to a log exactly once. Each producer has an id and numbers its records from a
 * first sequence (default: the current time in microseconds, so a restarted producer with the same
 * id stays above its earlier sequences). Records are sent in batches of at most {@code
 * maxBatchRecords} / {@code maxBatchBytes}, a batch waiting up to {@code linger} for more, one
 * batch in flight at a time (which keeps the log in send order). A batch that fails retryably —
 * or loses its gateway, or gets APPEND_OUTCOME_UNKNOWN — is sent again with the same sequences
 * (through the next endpoint when the gateway cannot be reached): the gateway answers a repeat
 * with the first receipts, so nothing is written twice. Other errors fail that batch's futures;
 * their sequences are skipped. At most {@code maxQueuedRecords} wait: {@link #send} blocks up to
 * {@code blockTimeout} for room (flow control), then throws RESOURCE_EXHAUSTED
 * (TOO_MANY_REQUESTS). Thread-safe.
 */
public final class Producer implements AutoCloseable {
  /** Producer settings; {@link #DEFAULT} is 100 records / 1 MiB per batch, 5 ms linger, 10 000 queued, 60 tries. */
  public record Options(String producerId, long firstSequence, int maxBatchRecords, int maxBatchBytes, Duration linger, int maxQueuedRecords, Duration blockTimeout, RetryPolicy retry) {
    public static final Options DEFAULT = new Options(null, 0, 100, 1 << 20, Duration.ofMillis(5), 10_000, Duration.ofSeconds(30), new RetryPolicy(60, Duration.ofMillis(50), Duration.ofSeconds(2)));

    public Options withProducerId(String id, long first) { return new Options(id, first, maxBatchRecords, maxBatchBytes, linger, maxQueuedRecords, blockTimeout, retry); }

    public Options withBatch(int records, int bytes, Duration l) { return new Options(producerId, firstSequence, records, bytes, l, maxQueuedRecords, blockTimeout, retry); }

    public Options withQueue(int records, Duration block) { return new Options(producerId, firstSequence, maxBatchRecords, maxBatchBytes, linger, records, block, retry); }

    public Options withRetry(RetryPolicy r) { return new Options(producerId, firstSequence, maxBatchRecords, maxBatchBytes, linger, maxQueuedRecords, blockTimeout, r); }
  }

  /** One queued record, or (flush != null) a flush marker. */
  private record Item(byte[] key, byte[] data, CompletableFuture<Receipt> receipt, CompletableFuture<Void> flush) {}

  private final QuireClient client;
  private final Log log;
  private final String id;
  private final Options o;
  private final BlockingQueue<Item> queue;
  private final Thread sender;
  private volatile boolean closed;
  private volatile boolean stopping;
  private long sequence;

  Producer(QuireClient client, Log log, Options o) {
    this.client = client;
    this.log = log;
    this.o = o;
    this.id = o.producerId() != null ? o.producerId() : "p-" + UUID.randomUUID();
    Instant now = Instant.now();
    this.sequence = o.firstSequence() > 0 ? o.firstSequence() : now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    this.queue = new ArrayBlockingQueue<>(o.maxQueuedRecords());
    this.sender = new Thread(this::run, "quire-producer-" + id);
    sender.setDaemon(true);
    sender.start();
  }

  /** The producer id every append carries. */
  public String id() { return id; }

  /** Queues a record; the future completes with its receipt once an fsync'd quorum holds it. */
  public CompletableFuture<Receipt> send(byte[] data) { return send(null, data); }

  public CompletableFuture<Receipt> send(byte[] key, byte[] data) {
    if (closed) throw shuttingDown();
    CompletableFuture<Receipt> f = new CompletableFuture<>();
    offer(new Item(key, data, f, null));
    return f;
  }

  /** Sends one record and waits for its receipt. */
  public Receipt append(byte[] data) { return await(send(data)); }

  /** Waits until every record sent before it is acknowledged or failed. */
  public void flush() {
    if (!sender.isAlive()) return;
    CompletableFuture<Void> f = new CompletableFuture<>();
    offer(new Item(null, null, null, f));
    await(f);
  }

  /** Refuses new records, flushes the queued ones and stops the sender. */
  @Override
  public void close() {
    closed = true;
    try {
      flush();
    } finally {
      stopping = true;
      try {
        sender.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Item it; (it = queue.poll()) != null; ) settle(it, null, shuttingDown());
    }
  }

  private void offer(Item it) {
    try {
      if (!queue.offer(it, o.blockTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw QuireException.local("TOO_MANY_REQUESTS", Status.Code.RESOURCE_EXHAUSTED, o.maxQueuedRecords() + " records queued for " + o.blockTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QuireException.local("CANCELLED", Status.Code.CANCELLED, "interrupted");
    }
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw QuireException.of(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QuireException.local("CANCELLED", Status.Code.CANCELLED, "interrupted");
    }
  }

  private static QuireException shuttingDown() { return QuireException.local("SHUTTING_DOWN", Status.Code.UNAVAILABLE, "producer is closed"); }

  private static void settle(Item it, Receipt r, QuireException e) {
    if (it.flush() != null) it.flush().complete(null);
    else if (e != null) it.receipt().completeExceptionally(e);
    else it.receipt().complete(r);
  }

  /** What a batch may be resent after: anything retryable, and the failures whose outcome is unknown (same sequences keep it exactly-once). */
  static boolean resendable(QuireException e) {
    return e.retryable() || "APPEND_OUTCOME_UNKNOWN".equals(e.code()) || e.status() == Status.Code.UNAVAILABLE || e.status() == Status.Code.DEADLINE_EXCEEDED;
  }

  private void run() {
    Item carry = null;
    while (true) {
      Item first = carry;
      carry = null;
      try {
        while (first == null) {
          if (stopping) return;
          first = queue.poll(50, TimeUnit.MILLISECONDS);
        }
        if (first.flush() != null) {
          first.flush().complete(null);
          continue;
        }
        List<Item> batch = new ArrayList<>();
        batch.add(first);
        int bytes = first.data().length;
        Item flush = null;
        long lingerEnd = System.nanoTime() + o.linger().toNanos();
        while (batch.size() < o.maxBatchRecords()) {
          long wait = lingerEnd - System.nanoTime();
          Item it = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (it == null) break;
          if (it.flush() != null) {
            flush = it;
            break;
          }
          if (bytes + it.data().length > o.maxBatchBytes()) {
            carry = it;
            break;
          }
          batch.add(it);
          bytes += it.data().length;
        }
        sendBatch(batch);
        if (flush != null) flush.flush().complete(null);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sendBatch(List<Item> batch) {
    LogAppendRequest.Builder r = LogAppendRequest.newBuilder().setName(log.name()).setProducerId(id).setSequence(sequence);
    for (Item it : batch) {
      RecordInput.Builder in = RecordInput.newBuilder().setData(ByteString.copyFrom(it.data()));
      if (it.key() != null) in.setKey(ByteString.copyFrom(it.key()));
      r.addRecords(in);
    }
    LogAppendRequest req = r.build();
    // The sequences are spent whatever happens: a failed batch leaves a gap, never a reuse.
    sequence += batch.size();
    try {
      LogAppendResponse resp = client.retried(o.retry(), Producer::resendable, () -> client.logs().append(req));
      for (int i = 0; i < batch.size(); i++) settle(batch.get(i), Receipt.of(resp.getReceipts(i)), null);
    } catch (QuireException e) {
      for (Item it : batch) settle(it, null, e);
    } catch (RuntimeException e) {
      for (Item it : batch) settle(it, null, QuireException.of(e));
    }
  }

}
