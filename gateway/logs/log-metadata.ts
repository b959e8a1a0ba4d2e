// A log's metadata: one node per log in the metadata store, JSON, updated only with
// compare-and-set on the node's version. Layout (docs/logs.md):
//   <parent of the ledgers root>/quire-gateway/logs/<name with '/' as '~'>      the log (this file)
//   <parent of the ledgers root>/quire-gateway/logs/<name>/cursors/<cursor>    its cursors (cursor-store.ts)
//   <parent of the ledgers root>/quire-gateway/log-owners/<name>               ephemeral: its writer
// 64-bit numbers are decimal strings in the JSON. The segment list is bounded (maxSegmentsPerLog)
// because retention and truncation trim it from the head.
import { isQuireError, QuireError } from '../../common/errors.js';
import { joinPath, parentOf, type MetadataStore } from '../../metadata/metadata-store.js';
import { childrenIfExists, createWithParents, deleteRecursive } from '../../metadata/store-helpers.js';
import { GatewayError } from '../gateway-error.js';
import type { DigestTypeName } from '../ledger-service.js';
import { logNameOf, nodeNameOf } from './log-name.js';

export const LOG_METADATA_FORMAT = 1;

export interface RolloverPolicy {
  /** Records per segment before a new one is started. */
  readonly maxEntries: number;
  /** Stored bytes per segment before a new one is started. */
  readonly maxBytes: number;
  /** Age of a segment (ms) after which the next append starts a new one. */
  readonly maxAgeMs: number;
}

export interface RetentionPolicy {
  /** Sealed segments whose newest record is older than this are deleted (none: keep). */
  readonly maxAgeMs?: number;
  /** Oldest sealed segments are deleted while the log holds more than this (none: keep). */
  readonly maxBytes?: number;
  /** Keep every record some durable cursor has not passed yet. */
  readonly waitForCursors: boolean;
}

export interface SegmentInfo {
  readonly ledgerId: bigint;
  /** Offset of the segment's first record. */
  readonly startOffset: bigint;
  /** Records in the segment (final once sealed; 0 in metadata while the segment is open). */
  readonly entryCount: bigint;
  /** Stored bytes (BookKeeper's ledger length; final once sealed). */
  readonly bytes: bigint;
  readonly createdMs: number;
  readonly sealed: boolean;
  /** Newest record timestamp (sealed segments with records). */
  readonly maxTimestampMs?: number;
}

export interface LogMetadata {
  readonly name: string;
  readonly createdMs: number;
  readonly ensembleSize: number;
  readonly writeQuorumSize: number;
  readonly ackQuorumSize: number;
  readonly digestType: DigestTypeName;
  readonly rollover: RolloverPolicy;
  readonly retention: RetentionPolicy;
  /** Records below this offset are gone (truncation, retention). */
  readonly firstOffset: bigint;
  /** Oldest first; the last one is the one being written (unless the log has none yet). */
  readonly segments: readonly SegmentInfo[];
}

export interface VersionedLog {
  readonly meta: LogMetadata;
  readonly version: number;
}

interface SegmentJson {
  ledgerId: string;
  startOffset: string;
  entryCount: string;
  bytes: string;
  createdMs: number;
  sealed: boolean;
  maxTimestampMs?: number;
}

interface LogJson {
  formatVersion: number;
  name: string;
  createdMs: number;
  ensembleSize: number;
  writeQuorumSize: number;
  ackQuorumSize: number;
  digestType: DigestTypeName;
  rollover: RolloverPolicy;
  retention: RetentionPolicy;
  firstOffset: string;
  segments: SegmentJson[];
}

export function encodeLogMetadata(m: LogMetadata): Buffer {
  const j: LogJson = {
    formatVersion: LOG_METADATA_FORMAT,
    name: m.name,
    createdMs: m.createdMs,
    ensembleSize: m.ensembleSize,
    writeQuorumSize: m.writeQuorumSize,
    ackQuorumSize: m.ackQuorumSize,
    digestType: m.digestType,
    rollover: m.rollover,
    retention: m.retention,
    firstOffset: m.firstOffset.toString(),
    segments: m.segments.map((s) => ({
      ledgerId: s.ledgerId.toString(),
      startOffset: s.startOffset.toString(),
      entryCount: s.entryCount.toString(),
      bytes: s.bytes.toString(),
      createdMs: s.createdMs,
      sealed: s.sealed,
      ...(s.maxTimestampMs !== undefined ? { maxTimestampMs: s.maxTimestampMs } : {}),
    })),
  };
  return Buffer.from(JSON.stringify(j), 'utf8');
}

export function decodeLogMetadata(data: Buffer, path: string): LogMetadata {
  let j: LogJson;
  try {
    j = JSON.parse(data.toString('utf8')) as LogJson;
  } catch {
    throw new QuireError('METADATA_CORRUPT', `log metadata ${path} is not JSON`);
  }
  if (j.formatVersion !== LOG_METADATA_FORMAT || !Array.isArray(j.segments) || typeof j.name !== 'string') {
    throw new QuireError('METADATA_CORRUPT', `log metadata ${path} has an unknown format (${String(j.formatVersion)})`);
  }
  return {
    name: j.name,
    createdMs: j.createdMs,
    ensembleSize: j.ensembleSize,
    writeQuorumSize: j.writeQuorumSize,
    ackQuorumSize: j.ackQuorumSize,
    digestType: j.digestType,
    rollover: j.rollover,
    retention: j.retention,
    firstOffset: BigInt(j.firstOffset),
    segments: j.segments.map((s) => ({
      ledgerId: BigInt(s.ledgerId),
      startOffset: BigInt(s.startOffset),
      entryCount: BigInt(s.entryCount),
      bytes: BigInt(s.bytes),
      createdMs: s.createdMs,
      sealed: s.sealed,
      ...(s.maxTimestampMs !== undefined ? { maxTimestampMs: s.maxTimestampMs } : {}),
    })),
  };
}

/** Offset the next record of a sealed-only log would get (the open segment's count is live). */
export function endOfSealed(m: LogMetadata): bigint {
  const last = m.segments[m.segments.length - 1];
  return last ? last.startOffset + last.entryCount : m.firstOffset;
}

export function logsBase(ledgersRoot: string): string {
  return joinPath(joinPath(parentOf(ledgersRoot), 'quire-gateway'), 'logs');
}

export function noSuchLog(name: string): GatewayError {
  return new GatewayError('NO_SUCH_LOG', `there is no log named ${JSON.stringify(name)}`, { field: 'name' });
}

/** Bounded compare-and-set retries (each loses only to a concurrent change, which is rare). */
const MAX_CAS_ATTEMPTS = 50;

export class LogCatalog {
  readonly base: string;
  constructor(
    readonly store: MetadataStore,
    ledgersRoot: string,
  ) {
    this.base = logsBase(ledgersRoot);
  }

  pathOf(name: string): string {
    return joinPath(this.base, nodeNameOf(name));
  }

  async create(m: LogMetadata): Promise<VersionedLog> {
    try {
      await createWithParents(this.store, this.pathOf(m.name), encodeLogMetadata(m), 'persistent');
    } catch (e) {
      if (isQuireError(e, 'METADATA_EXISTS')) throw new GatewayError('LOG_EXISTS', `a log named ${JSON.stringify(m.name)} already exists`, { field: 'name' });
      throw e;
    }
    return { meta: m, version: 0 };
  }

  async read(name: string): Promise<VersionedLog> {
    const path = this.pathOf(name);
    try {
      const n = await this.store.get(path);
      return { meta: decodeLogMetadata(n.data, path), version: n.stat.version };
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw noSuchLog(name);
      throw e;
    }
  }

  /** Compare-and-set: write `next` only if the node is still at `version`. */
  async write(m: LogMetadata, version: number): Promise<VersionedLog> {
    try {
      const stat = await this.store.set(this.pathOf(m.name), encodeLogMetadata(m), version);
      return { meta: m, version: stat.version };
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw noSuchLog(m.name);
      throw e;
    }
  }

  /**
   * Read-modify-write with compare-and-set, retried on a lost race. `change` returns the new
   * metadata, or null to leave it as it is (then the current one is returned).
   */
  async update(name: string, change: (cur: LogMetadata) => LogMetadata | null): Promise<VersionedLog> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.read(name);
      const next = change(cur.meta);
      if (next === null) return cur;
      try {
        return await this.write(next, cur.version);
      } catch (e) {
        if (!isQuireError(e, 'METADATA_VERSION_CONFLICT') || attempt >= MAX_CAS_ATTEMPTS) throw e;
      }
    }
  }

  /** Deletes the log node (at `version`) and its cursors. */
  async remove(name: string, version: number): Promise<void> {
    const path = this.pathOf(name);
    for (const c of await childrenIfExists(this.store, path)) await deleteRecursive(this.store, joinPath(path, c));
    try {
      await this.store.delete(path, version);
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw noSuchLog(name);
      throw e;
    }
  }

  /** Log names in order, filtered by prefix, paged (the token is the last name of the page). */
  async list(prefix: string, pageSize: number, after: string | undefined): Promise<{ names: string[]; nextPageToken?: string }> {
    const names = (await childrenIfExists(this.store, this.base))
      .map(logNameOf)
      .filter((n) => n.startsWith(prefix) && (after === undefined || n > after))
      .sort();
    const page = names.slice(0, pageSize);
    return { names: page, ...(names.length > pageSize ? { nextPageToken: page[page.length - 1]! } : {}) };
  }
}
