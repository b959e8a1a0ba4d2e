// What every part of the gateway core shares: the quorum client and metadata session, the limits,
// the log, this instance's id, the event sink (metrics) and whether the instance is stopping; plus
// the small password and ledger-state rules all of them apply the same way.
import type { Logger } from '../common/logger.js';
import type { BookKeeperClient } from '../clients/quorum/index.js';
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import type { MetadataService } from '../metadata/metadata-service.js';
import { entryFormatOf } from './entry-format.js';
import type { GatewayLimits } from './gateway-config.js';
import { GatewayError } from './gateway-error.js';

/** Service events (the metrics listen to them). */
export type ServiceEvent =
  | { readonly type: 'append'; readonly entries: number; readonly bytes: number; readonly duplicates: number }
  | { readonly type: 'forward'; readonly op: string }
  | { readonly type: 'recover'; readonly ledgerId: bigint }
  | { readonly type: 'owned'; readonly count: number };

export interface ServiceContext {
  readonly client: BookKeeperClient;
  readonly metadata: MetadataService;
  readonly limits: GatewayLimits;
  readonly log: Logger;
  readonly gatewayId: string;
  emit(e: ServiceEvent): void;
  /** True from the moment shutdown() (or abandon()) began. */
  stopping(): boolean;
}

export const EMPTY = Buffer.alloc(0);

export function wrongPassword(ledgerId: bigint): GatewayError {
  return new GatewayError('UNAUTHORIZED', `wrong password for ledger ${ledgerId}`, { field: 'Quire-Ledger-Password' });
}

export function samePassword(stored: Buffer | undefined, given: Buffer | undefined): boolean {
  // Ledgers without a stored password (format v1) accept any; otherwise bytes must match.
  return stored === undefined || stored.equals(given ?? EMPTY);
}

export function isEnveloped(md: LedgerMetadata): boolean {
  return entryFormatOf(md) === 'ENVELOPE';
}

export function sealedError(ledgerId: bigint, md: LedgerMetadata, why: string): GatewayError {
  return new GatewayError('LEDGER_CLOSED', `ledger ${ledgerId} ${why}; it is sealed at entry ${md.lastEntryId} (length ${md.length}) and takes no more appends`, {
    details: { lastEntryId: md.lastEntryId.toString(), length: md.length.toString() },
  });
}

export async function readMetadata(ctx: ServiceContext, ledgerId: bigint): Promise<LedgerMetadata> {
  return (await ctx.metadata.ledgers.readLedgerMetadata(ledgerId)).metadata;
}
