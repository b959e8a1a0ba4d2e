// Creating a ledger (BookKeeper's LedgerCreateOp): validate, pick an ensemble from the writable
// bookies, store OPEN metadata with one segment at entry 0, hand back a writer. Nothing is written
// anywhere when validation fails.
import { QuireError } from '../../../common/errors.js';
import { INT64_MAX } from '../../../common/ids.js';
import type { ClientContext } from '../client-context.js';
import { createDigestManager, digestName, type DigestType, masterKeyOf, parseDigestType } from '../digest/digest-manager.js';
import { validateQuorum } from '../ensemble/distribution-schedule.js';
import { LedgerHandle } from '../ledger-handle.js';
import { buildLedgerMetadata } from '../../../metadata/ledger-metadata.js';

export interface CreateLedgerOptions {
  /** E (default 3). */
  readonly ensembleSize?: number;
  /** Qw (default 2). */
  readonly writeQuorumSize?: number;
  /** Qa (default 2). */
  readonly ackQuorumSize?: number;
  /** Default CRC32, as BookKeeper's CreateBuilder. */
  readonly digestType?: DigestType | 'CRC32' | 'CRC32C' | 'HMAC' | 'MAC' | 'DUMMY';
  readonly password?: string | Uint8Array;
  readonly customMetadata?: Readonly<Record<string, string | Uint8Array>>;
  /** Create with this id (LEDGER_EXISTS if taken) instead of a generated one. */
  readonly ledgerId?: bigint;
  /** WriteAdv: entries are added with appendAt(entryId, bytes). */
  readonly explicitEntryIds?: boolean;
  /** DEFERRED_SYNC: bookies ack before fsync; force() makes entries durable. */
  readonly deferredSync?: boolean;
}

/** Bound on custom metadata, which travels in every metadata read. */
const MAX_CUSTOM_METADATA_BYTES = 64 * 1024;

export function toPassword(p: string | Uint8Array | undefined): Buffer {
  if (p === undefined) return Buffer.alloc(0);
  if (typeof p === 'string') return Buffer.from(p, 'utf8');
  if (p instanceof Uint8Array) return Buffer.from(p);
  throw new QuireError('INVALID_ARGUMENT', 'password must be a string or bytes');
}

export async function createLedger(ctx: ClientContext, opts: CreateLedgerOptions = {}): Promise<LedgerHandle> {
  const quorum = { ensembleSize: opts.ensembleSize ?? 3, writeQuorumSize: opts.writeQuorumSize ?? 2, ackQuorumSize: opts.ackQuorumSize ?? 2 };
  const bad = validateQuorum(quorum);
  if (bad) throw new QuireError('INVALID_ARGUMENT', bad);
  const digestType = opts.digestType === undefined ? parseDigestType('CRC32') : parseDigestType(opts.digestType);
  const password = toPassword(opts.password);
  if (opts.ledgerId !== undefined && (typeof opts.ledgerId !== 'bigint' || opts.ledgerId < 0n || opts.ledgerId > INT64_MAX)) {
    throw new QuireError('INVALID_ARGUMENT', `ledger id must be a bigint in [0, 2^63-1], got ${String(opts.ledgerId)}`);
  }
  const custom = new Map<string, Buffer>();
  let customBytes = 0;
  for (const [k, v] of Object.entries(opts.customMetadata ?? {})) {
    const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v instanceof Uint8Array ? Buffer.from(v) : null;
    if (b === null) throw new QuireError('INVALID_ARGUMENT', `custom metadata ${JSON.stringify(k)} must be a string or bytes`);
    customBytes += Buffer.byteLength(k) + b.length;
    custom.set(k, b);
  }
  if (customBytes > MAX_CUSTOM_METADATA_BYTES) throw new QuireError('INVALID_ARGUMENT', `custom metadata of ${customBytes} bytes exceeds ${MAX_CUSTOM_METADATA_BYTES}`);

  const candidates = await ctx.registry.writableBookies();
  const ensemble = await ctx.placement.newEnsemble(quorum, candidates, new Set());
  const metadata = buildLedgerMetadata({
    ...quorum,
    state: 'OPEN',
    segments: [{ firstEntryId: 0n, bookies: ensemble }],
    digestType: digestName(digestType),
    password,
    customMetadata: custom,
  });
  const { ledgerId, version } = await ctx.metadata.create(metadata, opts.ledgerId);
  return new LedgerHandle({
    ctx,
    ledgerId,
    versioned: { metadata, version },
    digest: createDigestManager(digestType, password),
    masterKey: masterKeyOf(password),
    mode: 'writer',
    lastAddConfirmed: -1n,
    length: 0n,
    explicitEntryIds: opts.explicitEntryIds ?? false,
    deferredSync: opts.deferredSync ?? false,
  });
}
