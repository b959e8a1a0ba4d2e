// The typed ledger metadata every part of Quire works with, and the invariants BookKeeper's
// LedgerMetadataBuilder enforces (spec §6.2). The znode bytes live in formats/ledger-metadata-format.ts.
import { QuireError } from '../common/errors.js';
import { NO_ENTRY } from '../common/ids.js';

export type LedgerState = 'OPEN' | 'IN_RECOVERY' | 'CLOSED';
export type DigestType = 'CRC32' | 'HMAC' | 'CRC32C' | 'DUMMY';
/** Serialized form of the ledger node: 1 (plain text), 2 (protobuf text), 3 (binary, default). */
export type MetadataFormatVersion = 1 | 2 | 3;

/** One ensemble: the bookies that store entries from firstEntryId up to the next segment. */
export interface Segment {
  readonly firstEntryId: bigint;
  readonly bookies: readonly string[];
}

export interface LedgerMetadata {
  readonly formatVersion: MetadataFormatVersion;
  readonly ensembleSize: number;
  readonly writeQuorumSize: number;
  readonly ackQuorumSize: number;
  readonly state: LedgerState;
  /** -1n unless CLOSED. */
  readonly lastEntryId: bigint;
  /** 0n unless CLOSED. */
  readonly length: bigint;
  /** Ascending by firstEntryId; the first starts at 0. */
  readonly segments: readonly Segment[];
  /** Present together with password (or both absent: v1 ledgers). */
  readonly digestType?: DigestType;
  readonly password?: Buffer;
  readonly customMetadata: ReadonlyMap<string, Buffer>;
  /** Creation time in ms when stored in the metadata (storeSystemtimeAsLedgerCreationTime). */
  readonly ctime?: bigint;
  readonly cToken: bigint;
}

export interface LedgerMetadataInit {
  formatVersion?: MetadataFormatVersion;
  ensembleSize: number;
  writeQuorumSize: number;
  ackQuorumSize?: number;
  state?: LedgerState;
  lastEntryId?: bigint;
  length?: bigint;
  segments: readonly Segment[];
  digestType?: DigestType;
  password?: Buffer;
  customMetadata?: ReadonlyMap<string, Buffer> | Record<string, Buffer | string>;
  ctime?: bigint;
  cToken?: bigint;
}

function bad(message: string): never {
  throw new QuireError('INVALID_ARGUMENT', `ledger metadata: ${message}`);
}

/**
 * Checks the builder invariants and returns a frozen LedgerMetadata. Non-closed ledgers are
 * normalised to lastEntryId -1 / length 0, as BookKeeper serializes them.
 */
export function buildLedgerMetadata(init: LedgerMetadataInit): LedgerMetadata {
  const state = init.state ?? 'OPEN';
  const ack = init.ackQuorumSize ?? init.writeQuorumSize;
  const { ensembleSize: e, writeQuorumSize: qw } = init;
  for (const [n, v] of [['ensembleSize', e], ['writeQuorumSize', qw], ['ackQuorumSize', ack]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff) bad(`${n} must be a positive 32-bit integer, got ${v}`);
  }
  if (!(e >= qw && qw >= ack)) bad(`need ensembleSize >= writeQuorumSize >= ackQuorumSize, got E=${e} Qw=${qw} Qa=${ack}`);
  if (init.segments.length === 0) bad('at least one segment (ensemble) is required');
  let prev = -1n;
  init.segments.forEach((s, i) => {
    if (i === 0 && s.firstEntryId !== 0n) bad(`the first segment must start at entry 0, got ${s.firstEntryId}`);
    if (s.firstEntryId <= prev && i > 0) bad(`segments must be in ascending firstEntryId order (segment ${i} starts at ${s.firstEntryId})`);
    if (s.bookies.length !== e) bad(`segment ${i} has ${s.bookies.length} bookies, ensembleSize is ${e}`);
    prev = s.firstEntryId;
  });
  if ((init.digestType === undefined) !== (init.password === undefined)) bad('digestType and password must be given together');
  let lastEntryId = init.lastEntryId;
  let length = init.length;
  if (state === 'CLOSED') {
    if (lastEntryId === undefined || length === undefined) bad('a CLOSED ledger needs lastEntryId and length');
    if (lastEntryId < -1n) bad(`lastEntryId must be >= -1, got ${lastEntryId}`);
    if (length < 0n) bad(`length must be >= 0, got ${length}`);
  } else {
    lastEntryId = NO_ENTRY;
    length = 0n;
  }
  const custom = new Map<string, Buffer>();
  if (init.customMetadata instanceof Map) {
    for (const [k, v] of init.customMetadata) custom.set(k, Buffer.from(v));
  } else if (init.customMetadata !== undefined) {
    for (const [k, v] of Object.entries(init.customMetadata)) custom.set(k, typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v));
  }
  const md: LedgerMetadata = {
    formatVersion: init.formatVersion ?? 3,
    ensembleSize: e,
    writeQuorumSize: qw,
    ackQuorumSize: ack,
    state,
    lastEntryId,
    length,
    segments: Object.freeze(init.segments.map((s) => Object.freeze({ firstEntryId: s.firstEntryId, bookies: Object.freeze([...s.bookies]) }))),
    ...(init.digestType !== undefined ? { digestType: init.digestType, password: Buffer.from(init.password!) } : {}),
    customMetadata: custom,
    ...(init.ctime !== undefined ? { ctime: init.ctime } : {}),
    cToken: init.cToken ?? 0n,
  };
  return Object.freeze(md);
}

/** A copy with some fields changed, re-checked (BookKeeper's LedgerMetadataBuilder.from(...)). */
export function withChanges(md: LedgerMetadata, changes: Partial<LedgerMetadataInit>): LedgerMetadata {
  const base: LedgerMetadataInit = {
    formatVersion: md.formatVersion,
    ensembleSize: md.ensembleSize,
    writeQuorumSize: md.writeQuorumSize,
    ackQuorumSize: md.ackQuorumSize,
    state: md.state,
    lastEntryId: md.lastEntryId,
    length: md.length,
    segments: md.segments,
    customMetadata: md.customMetadata,
    cToken: md.cToken,
    ...(md.digestType !== undefined ? { digestType: md.digestType, password: md.password! } : {}),
    ...(md.ctime !== undefined ? { ctime: md.ctime } : {}),
  };
  return buildLedgerMetadata({ ...base, ...changes });
}

/** Human-readable rendering used by the shell and in test failure output. */
export function describeLedgerMetadata(ledgerId: bigint, md: LedgerMetadata): string {
  const lines = [
    `ledgerId: ${ledgerId}`,
    `formatVersion: ${md.formatVersion}`,
    `state: ${md.state}`,
    `ensembleSize: ${md.ensembleSize}`,
    `writeQuorumSize: ${md.writeQuorumSize}`,
    `ackQuorumSize: ${md.ackQuorumSize}`,
    `lastEntryId: ${md.lastEntryId}`,
    `length: ${md.length}`,
    `digestType: ${md.digestType ?? '(none)'}`,
    `password: ${md.password === undefined ? '(none)' : `base64:${md.password.toString('base64')}`}`,
    `ctime: ${md.ctime ?? '(not stored)'}`,
    `cToken: ${md.cToken}`,
  ];
  for (const s of md.segments) lines.push(`ensemble@${s.firstEntryId}: ${s.bookies.join(', ')}`);
  for (const [k, v] of md.customMetadata) lines.push(`custom ${k}: ${JSON.stringify(v.toString('utf8'))}`);
  return lines.join('\n');
}
