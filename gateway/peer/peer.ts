// Peer traffic: what one gateway instance asks the instance that owns a ledger (holds its write
// handle). One interface on domain types, implemented twice: by the client (peer-client.ts, which
// carries the call over HTTP to the owner's peer listener) and by the owner's core (the façade's
// `ownerSide`, which peer-server.ts serves). A call that arrives through the peer listener is
// served by that instance or refused (LEDGER_OWNED_ELSEWHERE), never forwarded again.
import type { AppendOptions, DurabilityReceipt, SealResult } from '../ledger-service.js';

export interface Peer {
  /** Appends of a ledger the peer writes; `data` is already validated by the sender. */
  append(ledgerId: bigint, data: readonly Buffer[], opts: AppendOptions): Promise<DurabilityReceipt[]>;
  close(ledgerId: bigint, password: Buffer | undefined): Promise<SealResult>;
  /** The owner drops its handle and deletes the ledger (or it would go on acking appends to it). */
  delete(ledgerId: bigint, password: Buffer | undefined): Promise<void>;
  /** The owner's LAC (LEDGER_OWNED_ELSEWHERE if it does not write the ledger). */
  lastAddConfirmed(ledgerId: bigint): Promise<{ lastAddConfirmed: bigint; sealed: boolean }>;
}

/** Where an owner is reached: from its owner record. */
export interface PeerAddress {
  readonly gatewayId: string;
  /** Base URL of the owner's peer listener. */
  readonly url: string;
}
