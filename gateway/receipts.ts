// Durability receipts: what an acknowledged append proves: the bookies that acknowledged it (as the
// quorum client reported them when the entry completed), the entry's write set from the ledger's
// ensemble for that entry, and Qa. Replays do not know who acked the first append.
import { segmentFor, writeSet } from '../clients/quorum/index.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import type { DurabilityReceipt } from './ledger-service.js';

export function receiptOf(ledgerId: bigint, md: LedgerMetadata, entryId: bigint, lac: bigint, duplicate: boolean, ackedBy?: readonly string[]): DurabilityReceipt {
  const seg = segmentFor(md.segments, entryId);
  const ws = writeSet(entryId, md.ensembleSize, md.writeQuorumSize).map((i) => seg.bookies[i]!);
  return { ledgerId, entryId, lastAddConfirmed: lac > entryId ? lac : entryId, writeSet: ws, ackQuorumSize: md.ackQuorumSize, duplicate, ...(ackedBy !== undefined ? { ackedBy: [...ackedBy] } : {}) };
}
