package io.quire.client;

import com.google.protobuf.ByteString;
import io.quire.v1.CreateLedgerRequest;
import io.quire.v1.EntryFormat;
import io.quire.v1.LedgerInfo;
import java.nio.charset.StandardCharsets;

/** Raw ledgers: create one (this gateway instance becomes its writer) or open one by id. */
public final class Ledgers {
  private final QuireClient client;

  Ledgers(QuireClient client) { this.client = client; }

  /**
   * Creates a ledger; 0 for a quorum size takes the gateway's default. {@code exactlyOnce} stores
   * the gateway's envelope so appends may carry a producer id and sequence; without it entries are
   * the raw bytes any BookKeeper client reads.
   */
  public Ledger create(String password, int ensembleSize, int writeQuorumSize, int ackQuorumSize, boolean exactlyOnce) {
    ByteString pw = ByteString.copyFrom(password, StandardCharsets.UTF_8);
    CreateLedgerRequest req = CreateLedgerRequest.newBuilder().setPassword(pw).setEnsembleSize(ensembleSize).setWriteQuorumSize(writeQuorumSize).setAckQuorumSize(ackQuorumSize)
        .setEntryFormat(exactlyOnce ? EntryFormat.ENTRY_FORMAT_ENVELOPE : EntryFormat.ENTRY_FORMAT_RAW).build();
    LedgerInfo info = client.once(() -> client.ledgerStub().createLedger(req));
    return new Ledger(client, info.getLedgerId(), pw);
  }

  /** A ledger by id (nothing is called until it is used). */
  public Ledger open(long ledgerId, String password) {
    return new Ledger(client, ledgerId, ByteString.copyFrom(password, StandardCharsets.UTF_8));
  }
}
