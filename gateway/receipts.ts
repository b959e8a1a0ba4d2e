// Durability receipts: what an acknowledged append proves (the entry's write set from the ledger's
// ensemble for that entry, and Qa). The quorum client does not say which bookies acked; the write
// set and Qa is the honest receipt it allows.
import { segmentFor, writeSet } from '../clients/quorum/index.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import type { DurabilityReceipt } from './ledger-service.js';

export function receiptOf(ledgerId: bigint, md: LedgerMetadata, entryId: bigint, lac: bigint, duplicate: boolean): DurabilityReceipt {
  const seg = segmentFor(md.segments, entryId);
  const ws = writeSet(entryId, md.ensembleSize, md.writeQuorumSize).map((i) => seg.bookies[i]!);
  return { ledgerId, entryId, lastAddConfirmed: lac > entryId ? lac : entryId, writeSet: ws, ackQuorumSize: md.ackQuorumSize, duplicate };
}
