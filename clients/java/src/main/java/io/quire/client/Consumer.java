package io.quire.client;

import io.grpc.Context;
import io.grpc.Status;
import io.quire.v1.LogReadResponse;
import io.quire.v1.LogServiceGrpc;
import io.quire.v1.LogTailRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a log from a durable cursor: the gateway's Tail stream follows the log across segments
 * and rollovers; {@link #ack} marks progress and the cursor advances to the last acknowledged
 * offset + 1 every {@code commitInterval} while polling and on {@link #commit} / {@link #close}. A
 * consumer that dies restarts at the last commit (at-least-once, nothing skipped). A stream that
 * breaks retryably (a gateway restarting) is opened again after the last record received. At most
 * two pages are buffered; beyond that the gateway's stream waits on HTTP/2 flow control.
 * Not thread-safe: one thread polls (ack and commit may come from others).
 */
public final class Consumer implements AutoCloseable {
  /** Consumer settings: where to start without a cursor (null: the log's first offset), the commit interval, the tail page size, retries. */
  public record Options(Long startAt, Duration commitInterval, int maxRecords, RetryPolicy retry) {
    public static final Options DEFAULT = new Options(null, Duration.ofSeconds(1), 0, new RetryPolicy(20, Duration.ofMillis(50), Duration.ofSeconds(2)));

    public Options withStartAt(long offset) { return new Options(offset, commitInterval, maxRecords, retry); }

    public Options withMaxRecords(int n) { return new Options(startAt, commitInterval, n, retry); }
  }

  private final QuireClient client;
  private final Log log;
  private final String cursor;
  private final Options o;
  private final BlockingQueue<Object> pages = new ArrayBlockingQueue<>(2);
  private final ArrayDeque<Message> ready = new ArrayDeque<>();
  private final Context.CancellableContext streamContext = Context.current().withCancellation();
  private Thread pump;
  private volatile boolean stopping;
  private QuireException failure;
  private long acked = -1;
  private long committed = -1;
  private long lastCommitNanos = System.nanoTime();

  Consumer(QuireClient client, Log log, String cursor, Options o) {
    this.client = client;
    this.log = log;
    this.cursor = cursor;
    this.o = o;
  }

  /** The offset the consumer starts from: its cursor's, or (no cursor yet) startAt or the log's first offset. */
  public long position() {
    try {
      return log.cursor(cursor).getOffset();
    } catch (QuireException e) {
      if (!"NO_SUCH_CURSOR".equals(e.code())) throw e;
    }
    return o.startAt() != null ? o.startAt() : log.info().getFirstOffset();
  }

  /** The next record, waiting up to {@code timeout}; null when none came. A non-retryable error ends the consumer: poll keeps throwing it. */
  public Message poll(Duration timeout) {
    if (pump == null) start();
    maybeCommit();
    long end = System.nanoTime() + timeout.toNanos();
    while (ready.isEmpty()) {
      if (failure != null) throw failure;
      Object page;
      try {
        page = pages.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw QuireException.local("CANCELLED", Status.Code.CANCELLED, "interrupted");
      }
      if (page == null) return null;
      if (page instanceof QuireException q) failure = q;
      else if (page instanceof LogReadResponse r) r.getRecordsList().forEach(x -> ready.add(Message.of(x)));
    }
    return ready.poll();
  }

  /** Marks every record up to and including {@code offset} as processed. */
  public synchronized void ack(long offset) {
    if (offset > acked) acked = offset;
  }

  /** Advances the durable cursor to the last acknowledged offset + 1 (never back). */
  public void commit() {
    long to;
    synchronized (this) {
      to = acked + 1;
      if (acked < 0 || to <= committed) return;
    }
    log.advanceCursor(cursor, to);
    synchronized (this) {
      if (to > committed) committed = to;
    }
  }

  /** Commits and stops following the log. */
  @Override
  public void close() {
    try {
      commit();
    } finally {
      stopping = true;
      streamContext.cancel(null);
      if (pump != null) {
        pages.clear();
        pump.interrupt();
        try {
          pump.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void maybeCommit() {
    if (o.commitInterval().isZero() || System.nanoTime() - lastCommitNanos < o.commitInterval().toNanos()) return;
    lastCommitNanos = System.nanoTime();
    commit();
  }

  private void start() {
    long from = position();
    synchronized (this) {
      committed = from;
    }
    pump = new Thread(() -> pump(from), "quire-consumer-" + log.name() + "/" + cursor);
    pump.setDaemon(true);
    pump.start();
  }

  /** Follows the log into {@code pages}, opening the stream again after retryable breaks. */
  private void pump(long from) {
    long next = from;
    int attempt = 0;
    while (!stopping) {
      try {
        final long at = next;
        LogTailRequest.Builder req = LogTailRequest.newBuilder().setName(log.name()).setFromOffset(at).setWaitMs(10_000);
        if (o.maxRecords() > 0) req.setMaxRecords(o.maxRecords());
        Iterator<LogReadResponse> it = streamContext.call(() -> LogServiceGrpc.newBlockingStub(client.channel()).tail(req.build()));
        while (it.hasNext()) {
          LogReadResponse page = it.next();
          attempt = 0;
          if (page.getRecordsCount() == 0) continue;
          pages.put(page);
          next = page.getRecords(page.getRecordsCount() - 1).getOffset() + 1;
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (stopping) return;
        QuireException q = QuireException.of(e);
        client.failed(q);
        attempt++;
        if (!Producer.resendable(q) || attempt >= o.retry().attempts()) {
          try {
            pages.put(q);
          } catch (InterruptedException ie) {
            return;
          }
          return;
        }
        try {
          Thread.sleep(o.retry().delayMs(attempt, q));
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }
}
