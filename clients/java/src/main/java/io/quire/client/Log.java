package io.quire.client;

import com.google.protobuf.ByteString;
import io.quire.v1.AdvanceCursorRequest;
import io.quire.v1.CreateLogRequest;
import io.quire.v1.Cursor;
import io.quire.v1.DeleteLogRequest;
import io.quire.v1.GetCursorRequest;
import io.quire.v1.GetLogRequest;
import io.quire.v1.LogAppendRequest;
import io.quire.v1.LogInfo;
import io.quire.v1.LogReadRequest;
import io.quire.v1.LogReadResponse;
import io.quire.v1.LogRolloverPolicy;
import io.quire.v1.RecordInput;
import io.quire.v1.SetCursorRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A named log: an ordered, durable sequence of records addressed by offset, stored in ledger
 * segments the gateway rolls over (docs/logs.md). Write with a {@link Producer}, read with a
 * {@link Consumer} or {@link #read}.
 */
public final class Log {
  private final QuireClient client;
  private final String name;

  Log(QuireClient client, String name) {
    this.client = client;
    this.name = name;
  }

  public String name() { return name; }

  /** Segment settings for {@link #create}; zero means the gateway's default. */
  public record Options(int ensembleSize, int writeQuorumSize, int ackQuorumSize, int rolloverMaxEntries) {
    public static final Options DEFAULT = new Options(0, 0, 0, 0);

    public Options withRolloverMaxEntries(int n) { return new Options(ensembleSize, writeQuorumSize, ackQuorumSize, n); }
  }

  /** Creates the log; ALREADY_EXISTS ({@code LOG_EXISTS}) when it is there. */
  public LogInfo create(Options o) {
    CreateLogRequest.Builder r = CreateLogRequest.newBuilder().setName(name).setEnsembleSize(o.ensembleSize()).setWriteQuorumSize(o.writeQuorumSize()).setAckQuorumSize(o.ackQuorumSize());
    if (o.rolloverMaxEntries() > 0) r.setRollover(LogRolloverPolicy.newBuilder().setMaxEntries(o.rolloverMaxEntries()));
    return client.once(() -> client.logs().createLog(r.build()));
  }

  /** Creates the log with the gateway's defaults, or does nothing when it exists. */
  public void createIfAbsent() {
    try {
      create(Options.DEFAULT);
    } catch (QuireException e) {
      if (!"LOG_EXISTS".equals(e.code())) throw e;
    }
  }

  public LogInfo info() { return client.retried(() -> client.logs().getLog(GetLogRequest.newBuilder().setName(name).build())); }

  public void delete() { client.retried(() -> client.logs().deleteLog(DeleteLogRequest.newBuilder().setName(name).build())); }

  /**
   * Appends records in one batch. With a producer id (and sequence, the first record's) the
   * append is exactly-once and retried on retryable errors; without, it is sent once.
   */
  public List<Receipt> append(List<byte[]> records, String producerId, Long sequence) {
    LogAppendRequest.Builder r = LogAppendRequest.newBuilder().setName(name);
    for (byte[] d : records) r.addRecords(RecordInput.newBuilder().setData(ByteString.copyFrom(d)));
    if (producerId != null) r.setProducerId(producerId);
    if (sequence != null) r.setSequence(sequence);
    LogAppendRequest req = r.build();
    java.util.function.Supplier<List<Receipt>> call = () -> client.logs().append(req).getReceiptsList().stream().map(Receipt::of).toList();
    return producerId != null && sequence != null ? client.retried(call) : client.once(call);
  }

  /** One page of records from {@code from} (at most {@code maxRecords}; 0 = the gateway's page size). */
  public List<Message> read(long from, int maxRecords) {
    LogReadResponse page = client.retried(() -> client.logs().read(LogReadRequest.newBuilder().setName(name).setFromOffset(from).setMaxRecords(maxRecords).build()));
    return page.getRecordsList().stream().map(Message::of).toList();
  }

  /** Every record from {@code from} to the end as it is now. */
  public List<Message> readAll(long from) {
    List<Message> all = new ArrayList<>();
    long next = from;
    while (true) {
      final long at = next;
      LogReadResponse page = client.retried(() -> client.logs().read(LogReadRequest.newBuilder().setName(name).setFromOffset(at).build()));
      for (var r : page.getRecordsList()) all.add(Message.of(r));
      if (page.getRecordsCount() == 0 || page.getNextOffset() >= page.getEndOffset()) return all;
      next = page.getNextOffset();
    }
  }

  /** A durable cursor's offset (the next record to process); NOT_FOUND ({@code NO_SUCH_CURSOR}) when none. */
  public Cursor cursor(String cursor) { return client.retried(() -> client.logs().getCursor(GetCursorRequest.newBuilder().setName(name).setCursor(cursor).build())); }

  /** Moves a cursor forward to {@code offset} (never back; creates it). */
  public Cursor advanceCursor(String cursor, long offset) { return client.retried(() -> client.logs().advanceCursor(AdvanceCursorRequest.newBuilder().setName(name).setCursor(cursor).setOffset(offset).build())); }

  /** Sets a cursor to any offset (also back). */
  public Cursor setCursor(String cursor, long offset) { return client.retried(() -> client.logs().setCursor(SetCursorRequest.newBuilder().setName(name).setCursor(cursor).setOffset(offset).build())); }

  /** An exactly-once producer (see {@link Producer}); close it to flush. */
  public Producer producer(Producer.Options o) { return new Producer(client, this, o); }

  public Producer producer() { return producer(Producer.Options.DEFAULT); }

  /** A consumer on a durable cursor (see {@link Consumer}); close it to commit. */
  public Consumer consumer(String cursor, Consumer.Options o) { return new Consumer(client, this, cursor, o); }

  public Consumer consumer(String cursor) { return consumer(cursor, Consumer.Options.DEFAULT); }

  QuireClient client() { return client; }
}
