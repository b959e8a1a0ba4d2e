// Named durable cursors of a log: one metadata node per cursor under the log's node,
//   <log node>/cursors/<cursor>   JSON {"offset":"<next offset to consume>","updatedMs":n}
// `offset` is the first offset NOT yet acknowledged (everything below it is). The node's version is
// the cursor's version for compare-and-set. Why the metadata store and not a cursor ledger (as
// Pulsar does): a cursor update is one small compare-and-set write, which ZooKeeper serves at
// thousands per second per cluster, and every gateway can read it without a ledger handle; the
// SDK's Consumer batches acknowledgements (one write per commit interval), which keeps the rate per
// cursor low. Bound: maxCursorsPerLog cursors per log (LOG_FULL beyond).
import { isQuireError } from '../../common/errors.js';
import { INT64_MAX } from '../../common/ids.js';
import { joinPath, type MetadataStore } from '../../metadata/metadata-store.js';
import { childrenIfExists, createWithParents } from '../../metadata/store-helpers.js';
import { badArgument, GatewayError } from '../gateway-error.js';

export interface CursorState {
  readonly name: string;
  readonly offset: bigint;
  readonly version: number;
  readonly updatedMs: number;
}

function noSuchCursor(log: string, cursor: string): GatewayError {
  return new GatewayError('NO_SUCH_CURSOR', `log ${JSON.stringify(log)} has no cursor ${JSON.stringify(cursor)}`, { field: 'cursor' });
}

const MAX_CAS_ATTEMPTS = 50;

export class CursorStore {
  constructor(
    private readonly store: MetadataStore,
    private readonly maxCursorsPerLog: number,
  ) {}

  private dir(logPath: string): string {
    return joinPath(logPath, 'cursors');
  }

  private encode(offset: bigint): Buffer {
    return Buffer.from(JSON.stringify({ offset: offset.toString(), updatedMs: Date.now() }), 'utf8');
  }

  private decode(name: string, data: Buffer, version: number): CursorState {
    const j = JSON.parse(data.toString('utf8')) as { offset: string; updatedMs: number };
    return { name, offset: BigInt(j.offset), version, updatedMs: j.updatedMs };
  }

  static checkOffset(offset: bigint, field = 'offset'): void {
    if (typeof offset !== 'bigint' || offset < 0n || offset > INT64_MAX) throw badArgument(field, `${field} must be in [0, 2^63-1]`);
  }

  async get(logPath: string, log: string, cursor: string): Promise<CursorState> {
    try {
      const n = await this.store.get(joinPath(this.dir(logPath), cursor));
      return this.decode(cursor, n.data, n.stat.version);
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw noSuchCursor(log, cursor);
      throw e;
    }
  }

  async list(logPath: string): Promise<CursorState[]> {
    const out: CursorState[] = [];
    for (const c of (await childrenIfExists(this.store, this.dir(logPath))).sort()) {
      try {
        const n = await this.store.get(joinPath(this.dir(logPath), c));
        out.push(this.decode(c, n.data, n.stat.version));
      } catch (e) {
        if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
      }
    }
    return out;
  }

  /**
   * Sets the cursor. expectedVersion: -1 = create only (CURSOR_CONFLICT if it exists), n = only if
   * the cursor is at version n, undefined = unconditionally (created if absent).
   */
  async set(logPath: string, log: string, cursor: string, offset: bigint, expectedVersion?: number): Promise<CursorState> {
    CursorStore.checkOffset(offset);
    const path = joinPath(this.dir(logPath), cursor);
    const conflict = (why: string) => new GatewayError('CURSOR_CONFLICT', `cursor ${JSON.stringify(cursor)} of log ${JSON.stringify(log)} ${why}; nothing was written`, { field: 'expectedVersion' });
    if (expectedVersion === undefined || expectedVersion === -1) {
      const existing = await this.store.exists(path);
      if (existing === undefined) {
        const n = await childrenIfExists(this.store, this.dir(logPath));
        if (n.length >= this.maxCursorsPerLog) throw new GatewayError('LOG_FULL', `log ${JSON.stringify(log)} has ${n.length} cursors, the limit (maxCursorsPerLog ${this.maxCursorsPerLog})`, { field: 'cursor' });
        try {
          await createWithParents(this.store, path, this.encode(offset), 'persistent');
          return { name: cursor, offset, version: 0, updatedMs: Date.now() };
        } catch (e) {
          if (!isQuireError(e, 'METADATA_EXISTS')) throw e;
          if (expectedVersion === -1) throw conflict('already exists');
        }
      } else if (expectedVersion === -1) throw conflict('already exists');
    }
    try {
      const stat = await this.store.set(path, this.encode(offset), expectedVersion ?? -1);
      return { name: cursor, offset, version: stat.version, updatedMs: Date.now() };
    } catch (e) {
      if (isQuireError(e, 'METADATA_VERSION_CONFLICT')) throw conflict(`is not at version ${expectedVersion}`);
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw noSuchCursor(log, cursor);
      throw e;
    }
  }

  /** Acknowledges everything below `offset`: the cursor only moves forward (created if absent). */
  async advance(logPath: string, log: string, cursor: string, offset: bigint): Promise<CursorState> {
    CursorStore.checkOffset(offset);
    for (let attempt = 0; ; attempt++) {
      let cur: CursorState | undefined;
      try {
        cur = await this.get(logPath, log, cursor);
      } catch (e) {
        if (!isQuireError(e, 'NO_SUCH_CURSOR')) throw e;
      }
      if (cur && cur.offset >= offset) return cur;
      try {
        return await this.set(logPath, log, cursor, offset, cur ? cur.version : -1);
      } catch (e) {
        if (!isQuireError(e, 'CURSOR_CONFLICT') || attempt >= MAX_CAS_ATTEMPTS) throw e;
      }
    }
  }

  async remove(logPath: string, log: string, cursor: string): Promise<void> {
    try {
      await this.store.delete(joinPath(this.dir(logPath), cursor), -1);
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw noSuchCursor(log, cursor);
      throw e;
    }
  }
}
