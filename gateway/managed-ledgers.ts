// Ledgers the gateway's higher layers own: a named log's segments and a blob's chunk ledger carry
// a custom-metadata key saying so. The raw ledger API reads them but never appends to, seals or
// deletes them: a raw close would fence the log's writer (or a blob upload), and a raw delete
// would cut a hole in a log. Those layers write and seal their ledgers through the quorum client
// directly, so the guard sits only on the raw API's paths.
import type { LedgerMetadata } from '../metadata/ledger-metadata.js';
import { GatewayError } from './gateway-error.js';

/** Custom metadata of segment ledgers: which log they belong to (finds orphans after a crash). */
export const LOG_LEDGER_METADATA_KEY = 'quire.log';
/** Custom metadata of a blob's chunk ledger: the blob's name. */
export const BLOB_LEDGER_METADATA_KEY = 'quire.blob';

/** Refuses a raw append, close, recover or delete of a ledger a log or blob owns. */
export function refuseManaged(ledgerId: bigint, md: LedgerMetadata, op: string): void {
  for (const [key, kind, api] of [
    [LOG_LEDGER_METADATA_KEY, 'a segment of the named log', '/v1/logs'],
    [BLOB_LEDGER_METADATA_KEY, 'the chunk ledger of the blob', '/v1/blobs'],
  ] as const) {
    const owner = md.customMetadata.get(key);
    if (owner === undefined) continue;
    const name = owner.toString('utf8');
    throw new GatewayError('LEDGER_MANAGED', `ledger ${ledgerId} is ${kind} ${JSON.stringify(name)}; ${op} it through ${api}, not the ledger API (nothing was done)`, {
      details: { kind: key === LOG_LEDGER_METADATA_KEY ? 'log' : 'blob', name },
    });
  }
}
