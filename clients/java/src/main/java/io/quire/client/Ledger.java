package io.quire.client;

import com.google.protobuf.ByteString;
import io.quire.v1.AppendRequest;
import io.quire.v1.CloseRequest;
import io.quire.v1.DeleteRequest;
import io.quire.v1.DurabilityReceipt;
import io.quire.v1.GetLastAddConfirmedRequest;
import io.quire.v1.GetMetadataRequest;
import io.quire.v1.LedgerInfo;
import io.quire.v1.ReadEntryRequest;
import io.quire.v1.ReadRangeRequest;
import io.quire.v1.RecoverRequest;
import io.quire.v1.SealResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One raw ledger. A plain {@link #append} is sent once (its outcome after a lost answer is
 * unknown); {@link #appendOnce} carries a producer id and sequence and is retried safely. After
 * LEDGER_CLOSED / LEDGER_FENCED the ledger is sealed at {@link QuireException#lastEntryId()}.
 */
public final class Ledger {
  private final QuireClient client;
  private final long id;
  private final ByteString password;

  Ledger(QuireClient client, long id, ByteString password) {
    this.client = client;
    this.id = id;
    this.password = password;
  }

  public long id() { return id; }

  public DurabilityReceipt append(byte[] data) {
    AppendRequest req = AppendRequest.newBuilder().setLedgerId(id).setPassword(password).setData(ByteString.copyFrom(data)).build();
    return client.once(() -> client.ledgerStub().append(req));
  }

  /** An exactly-once append (an envelope ledger): resent on retryable errors, a repeat answers {@code duplicate}. */
  public DurabilityReceipt appendOnce(byte[] data, String producerId, long sequence) {
    AppendRequest req = AppendRequest.newBuilder().setLedgerId(id).setPassword(password).setData(ByteString.copyFrom(data)).setProducerId(producerId).setSequence(sequence).build();
    return client.retried(client.retry(), Producer::resendable, () -> client.ledgerStub().append(req));
  }

  public byte[] read(long entryId) {
    ReadEntryRequest req = ReadEntryRequest.newBuilder().setLedgerId(id).setPassword(password).setEntryId(entryId).build();
    return client.retried(() -> client.ledgerStub().readEntry(req)).getData().toByteArray();
  }

  /** Entries {@code from}..{@code to} inclusive (to &lt; 0: up to the last add confirmed). */
  public List<byte[]> read(long from, long to) {
    ReadRangeRequest.Builder r = ReadRangeRequest.newBuilder().setLedgerId(id).setPassword(password).setFromEntryId(from);
    if (to >= 0) r.setToEntryId(to);
    ReadRangeRequest req = r.build();
    return client.retried(() -> {
      List<byte[]> out = new ArrayList<>();
      client.ledgerStub().readRange(req).forEachRemaining(p -> p.getEntriesList().forEach(e -> out.add(e.getData().toByteArray())));
      return out;
    });
  }

  public long lastAddConfirmed() {
    return client.retried(() -> client.ledgerStub().getLastAddConfirmed(GetLastAddConfirmedRequest.newBuilder().setLedgerId(id).setPassword(password).build())).getLastAddConfirmed();
  }

  public LedgerInfo info() { return client.retried(() -> client.ledgerStub().getMetadata(GetMetadataRequest.newBuilder().setLedgerId(id).build())); }

  /** Seals the ledger; returns its last entry id. */
  public SealResult close() { return client.retried(() -> client.ledgerStub().close(CloseRequest.newBuilder().setLedgerId(id).setPassword(password).build())); }

  /** Fences, recovers and seals a ledger another writer may hold. */
  public SealResult recover() { return client.retried(() -> client.ledgerStub().recover(RecoverRequest.newBuilder().setLedgerId(id).setPassword(password).build())); }

  public void delete() { client.retried(() -> client.ledgerStub().delete(DeleteRequest.newBuilder().setLedgerId(id).setPassword(password).build())); }
}
