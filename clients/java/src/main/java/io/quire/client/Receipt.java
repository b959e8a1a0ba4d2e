package io.quire.client;

import io.quire.v1.LogReceipt;

/**
 * Where an appended record landed: its log offset, the segment ledger and entry id; {@code
 * duplicate} when the gateway recognised a resend of a (producer id, sequence) it had already
 * written and answered with the first receipt.
 */
public record Receipt(long offset, long ledgerId, long entryId, boolean duplicate) {
  static Receipt of(LogReceipt r) {
    return new Receipt(r.getOffset(), r.getLedgerId(), r.getEntryId(), r.getDuplicate());
  }
}
