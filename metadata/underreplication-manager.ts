// BookKeeper's LedgerUnderreplicationManager (ZkLedgerUnderreplicationManager's layout), written
// once over the MetadataStore so the ZooKeeper, etcd and embedded drivers share it:
//   <root>/underreplication                       (empty)
//   <root>/underreplication/LAYOUT                type: "BASIC"\nversion: 1\n
//   <root>/underreplication/ledgers/<a>/<b>/<c>/<d>/urL<id, %010d>   the mark: UnderreplicatedLedgerFormat text
//       a..d: the ledger id's four 16-bit groups, high first, as %04x (0xcafebeef0000feed → cafe/beef/0000/feed)
//   <root>/underreplication/locks/urL<id, %010d>  ephemeral: a worker is re-replicating it (LockDataFormat text)
//   <root>/underreplication/disable               present: auto-recovery is disabled cluster-wide
//   <root>/underreplication/lostBookieRecoveryDelay   decimal seconds, no newline
//   <root>/underreplication/auditorelection       votes (auditor-election.ts)
//   <root>/underreplication/checkallledgersctime, placementpolicycheckctime, replicascheckctime
//                                                 when the auditor's check last finished (protobuf binary, formats/auditor-check-ctime-format.ts)
// A worker locks a mark with an ephemeral node, so a crashed worker's locks vanish with its session;
// markLedgerReplicated deletes the mark only at the version it locked, so a mark re-written while
// the worker copied (a second bookie lost) survives for the next round, as in BookKeeper.
import { QuireError, isQuireError } from '../common/errors.js';
import { INT64_MAX } from '../common/ids.js';
import {
  checkRereplicationLayout,
  decodeBookieIdFormat,
  decodeUnderreplicatedLedger,
  encodeBookieIdFormat,
  encodeRereplicationLayout,
  encodeUnderreplicatedLedger,
} from './formats/underreplication-format.js';
import { decodeCheckCTime, encodeCheckCTime } from './formats/auditor-check-ctime-format.js';
import { ANY_VERSION, joinPath, type MetadataStore, type WatchHandle } from './metadata-store.js';
import { UNDERREPLICATION_NODE } from './cluster-layout.js';
import { childrenIfExists, createWithParents, getIfExists } from './store-helpers.js';

export const UR_LEDGERS_NODE = 'ledgers';
export const UR_LOCKS_NODE = 'locks';
export const UR_LAYOUT_NODE = 'LAYOUT';
export const UR_DISABLE_NODE = 'disable';
export const LOST_BOOKIE_RECOVERY_DELAY_NODE = 'lostBookieRecoveryDelay';
export const AUDITOR_ELECTION_NODE = 'auditorelection';
const MARK_PREFIX = 'urL';

/** The auditor's periodic checks whose last run is stored (BookKeeper's BookKeeperConstants names). */
export const AUDITOR_CHECK_CTIME_NODES = {
  checkAllLedgers: 'checkallledgersctime',
  placementPolicyCheck: 'placementpolicycheckctime',
  replicasCheck: 'replicascheckctime',
} as const;
export type AuditorCheck = keyof typeof AUDITOR_CHECK_CTIME_NODES;

export interface UnderreplicatedLedger {
  readonly ledgerId: bigint;
  readonly replicas: readonly string[];
  /** ms since the epoch, or undefined (BookKeeper's UNASSIGNED_CTIME) when not stored. */
  readonly ctime?: number;
}

export function underreplicationBase(root: string): string {
  return joinPath(root, UNDERREPLICATION_NODE);
}

function checkId(ledgerId: bigint): void {
  if (ledgerId < 0n || ledgerId > INT64_MAX) throw new QuireError('INVALID_ARGUMENT', `ledger id out of range: ${ledgerId}`);
}

export function markNodeName(ledgerId: bigint): string {
  return `${MARK_PREFIX}${ledgerId.toString().padStart(10, '0')}`;
}

/** <base>/ledgers/cafe/beef/0000/feed/urL<id> for ledger 0xcafebeef0000feed. */
export function markPath(root: string, ledgerId: bigint): string {
  checkId(ledgerId);
  const group = (shift: bigint) => ((ledgerId >> shift) & 0xffffn).toString(16).padStart(4, '0');
  return `${underreplicationBase(root)}/${UR_LEDGERS_NODE}/${group(48n)}/${group(32n)}/${group(16n)}/${group(0n)}/${markNodeName(ledgerId)}`;
}

export function lockPath(root: string, ledgerId: bigint): string {
  checkId(ledgerId);
  return `${underreplicationBase(root)}/${UR_LOCKS_NODE}/${markNodeName(ledgerId)}`;
}

function idOfMarkName(name: string): bigint | undefined {
  const m = /^urL(\d+)$/.exec(name);
  return m ? BigInt(m[1]!) : undefined;
}

async function createIfAbsent(store: MetadataStore, path: string, data: Buffer): Promise<boolean> {
  try {
    await store.create(path, data, 'persistent');
    return true;
  } catch (e) {
    if (isQuireError(e, 'METADATA_EXISTS')) return false;
    throw e;
  }
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export class UnderreplicationManager {
  readonly base: string;
  private readonly ledgersPath: string;
  private readonly locksPath: string;
  /** Locks this manager holds: ledger id → the mark's version when locked (undefined: locked without a mark). */
  private readonly held = new Map<bigint, number | undefined>();

  private constructor(
    readonly store: MetadataStore,
    readonly root: string,
    /** Written into lock nodes (BookKeeper writes the host name there). */
    private readonly workerId: string | undefined,
  ) {
    this.base = underreplicationBase(root);
    this.ledgersPath = joinPath(this.base, UR_LEDGERS_NODE);
    this.locksPath = joinPath(this.base, UR_LOCKS_NODE);
  }

  /** Creates (or checks) the tree as BookKeeper's checkLayout does; CONFIG_INVALID for a foreign layout. */
  static async open(store: MetadataStore, root: string, workerId?: string): Promise<UnderreplicationManager> {
    const m = new UnderreplicationManager(store, root, workerId);
    await createIfAbsent(store, m.base, Buffer.alloc(0));
    const layout = joinPath(m.base, UR_LAYOUT_NODE);
    if (!(await createIfAbsent(store, layout, encodeRereplicationLayout()))) checkRereplicationLayout((await store.get(layout)).data, layout);
    await createIfAbsent(store, m.ledgersPath, Buffer.alloc(0));
    await createIfAbsent(store, m.locksPath, Buffer.alloc(0));
    return m;
  }

  /**
   * Marks a ledger under-replicated with the missing bookies, or adds new ones to an existing
   * mark (compare-and-set, retried), as markLedgerUnderreplicatedAsync does. ctime is stored
   * (storeSystemTimeAsLedgerUnderreplicatedMarkTime, default true in BookKeeper).
   */
  async markLedgerUnderreplicated(ledgerId: bigint, missingReplicas: readonly string[]): Promise<void> {
    const path = markPath(this.root, ledgerId);
    for (let attempt = 0; attempt < 100; attempt++) {
      const existing = await getIfExists(this.store, path);
      if (!existing) {
        try {
          await createWithParents(this.store, path, encodeUnderreplicatedLedger({ replicas: [...new Set(missingReplicas)], ctime: Date.now() }), 'persistent');
          return;
        } catch (e) {
          // A parent deleted by a concurrent cleanup, or a concurrent mark: go round again.
          if (!isQuireError(e, 'METADATA_EXISTS') && !isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
          continue;
        }
      }
      const cur = decodeUnderreplicatedLedger(existing.data, path);
      const added = missingReplicas.filter((b) => !cur.replicas.includes(b));
      if (added.length === 0) return;
      try {
        await this.store.set(path, encodeUnderreplicatedLedger({ replicas: [...cur.replicas, ...new Set(added)], ctime: Date.now() }), existing.stat.version);
        return;
      } catch (e) {
        if (!isQuireError(e, 'METADATA_VERSION_CONFLICT') && !isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
      }
    }
    throw new QuireError('METADATA_VERSION_CONFLICT', `could not mark ledger ${ledgerId} under-replicated in 100 compare-and-set rounds`);
  }

  async getLedgerUnreplicationInfo(ledgerId: bigint): Promise<UnderreplicatedLedger | undefined> {
    const path = markPath(this.root, ledgerId);
    const node = await getIfExists(this.store, path);
    if (!node) return undefined;
    const r = decodeUnderreplicatedLedger(node.data, path);
    return { ledgerId, ...r };
  }

  /** Every mark (depth first over the hex tree), optionally filtered on its replica list. */
  async *listLedgersToRereplicate(predicate?: (replicas: readonly string[]) => boolean): AsyncGenerator<UnderreplicatedLedger> {
    const stack = [this.ledgersPath];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (const c of (await childrenIfExists(this.store, parent)).sort().reverse()) {
        const id = idOfMarkName(c);
        if (id === undefined) {
          stack.push(joinPath(parent, c));
          continue;
        }
        const info = await this.getLedgerUnreplicationInfo(id);
        if (info && (!predicate || predicate(info.replicas))) yield info;
      }
    }
  }

  /**
   * Locks one marked ledger no one else has locked (random order, so workers spread out) and
   * returns its id, or undefined when there is none (BookKeeper's pollLedgerToRereplicate).
   */
  async pollLedgerToRereplicate(): Promise<bigint | undefined> {
    return this.pollLevel(this.ledgersPath, 0);
  }

  private async pollLevel(parent: string, depth: number): Promise<bigint | undefined> {
    const children = shuffle(await childrenIfExists(this.store, parent));
    if (depth < 4) {
      for (const c of children) {
        const id = await this.pollLevel(joinPath(parent, c), depth + 1);
        if (id !== undefined) return id;
      }
      return undefined;
    }
    const locks = new Set(await childrenIfExists(this.store, this.locksPath));
    for (const c of children) {
      const id = idOfMarkName(c);
      if (id === undefined || locks.has(c) || this.held.has(id)) continue;
      const stat = await this.store.exists(joinPath(parent, c));
      if (!stat) continue;
      try {
        await this.store.create(joinPath(this.locksPath, c), encodeBookieIdFormat(this.workerId), 'ephemeral');
      } catch (e) {
        if (isQuireError(e, 'METADATA_EXISTS')) continue;
        throw e;
      }
      this.held.set(id, stat.version);
      return id;
    }
    return undefined;
  }

  /** Locks a ledger whether or not it is marked (BookKeeper's acquireUnderreplicatedLedger); METADATA_EXISTS if locked elsewhere. */
  async acquireUnderreplicatedLedger(ledgerId: bigint): Promise<void> {
    await createWithParents(this.store, lockPath(this.root, ledgerId), encodeBookieIdFormat(this.workerId), 'ephemeral');
    this.held.set(ledgerId, undefined);
  }

  /** Deletes the mark if it is unchanged since it was locked, prunes empty hex directories, releases the lock. */
  async markLedgerReplicated(ledgerId: bigint): Promise<void> {
    try {
      const version = this.held.get(ledgerId);
      if (this.held.has(ledgerId) && version !== undefined) {
        const path = markPath(this.root, ledgerId);
        try {
          await this.store.delete(path, version);
          let dir = path;
          for (let i = 0; i < 4; i++) {
            dir = dir.slice(0, dir.lastIndexOf('/'));
            await this.store.delete(dir, ANY_VERSION);
          }
        } catch (e) {
          // NOT_FOUND: already gone. VERSION_CONFLICT: re-marked meanwhile, keep it.
          // INVALID_ARGUMENT: a hex directory still holds another mark.
          if (!isQuireError(e, 'METADATA_NOT_FOUND') && !isQuireError(e, 'METADATA_VERSION_CONFLICT') && !isQuireError(e, 'INVALID_ARGUMENT')) throw e;
        }
      }
    } finally {
      await this.releaseUnderreplicatedLedger(ledgerId);
    }
  }

  async releaseUnderreplicatedLedger(ledgerId: bigint): Promise<void> {
    if (!this.held.has(ledgerId)) return;
    try {
      await this.store.delete(lockPath(this.root, ledgerId), ANY_VERSION);
    } catch (e) {
      if (!isQuireError(e, 'METADATA_NOT_FOUND')) throw e;
    }
    this.held.delete(ledgerId);
  }

  async isLedgerBeingReplicated(ledgerId: bigint): Promise<boolean> {
    return (await this.store.exists(lockPath(this.root, ledgerId))) !== undefined;
  }

  /** The worker id in the lock node, or undefined when the ledger is not locked. */
  async getReplicationWorkerIdRereplicatingLedger(ledgerId: bigint): Promise<string | undefined> {
    const path = lockPath(this.root, ledgerId);
    const node = await getIfExists(this.store, path);
    return node ? decodeBookieIdFormat(node.data, `lock ${path}`) : undefined;
  }

  /** METADATA_EXISTS when already disabled ("AutoRecovery is already disabled!"). */
  async disableLedgerReplication(): Promise<void> {
    try {
      await this.store.create(joinPath(this.base, UR_DISABLE_NODE), Buffer.alloc(0), 'persistent');
    } catch (e) {
      if (isQuireError(e, 'METADATA_EXISTS')) throw new QuireError('METADATA_EXISTS', 'AutoRecovery is already disabled');
      throw e;
    }
  }

  /** METADATA_NOT_FOUND when already enabled. */
  async enableLedgerReplication(): Promise<void> {
    try {
      await this.store.delete(joinPath(this.base, UR_DISABLE_NODE), ANY_VERSION);
    } catch (e) {
      if (isQuireError(e, 'METADATA_NOT_FOUND')) throw new QuireError('METADATA_NOT_FOUND', 'AutoRecovery is already enabled');
      throw e;
    }
  }

  async isLedgerReplicationEnabled(): Promise<boolean> {
    return (await this.store.exists(joinPath(this.base, UR_DISABLE_NODE))) === undefined;
  }

  /** Calls listener whenever the disable node appears or goes away. */
  watchReplicationEnabled(listener: () => void): WatchHandle {
    return this.store.watchData(joinPath(this.base, UR_DISABLE_NODE), () => listener());
  }

  /** Writes the delay only if no one has (BookKeeper's initializeLostBookieRecoveryDelay); true if written. */
  async initializeLostBookieRecoveryDelay(seconds: number): Promise<boolean> {
    return createIfAbsent(this.store, joinPath(this.base, LOST_BOOKIE_RECOVERY_DELAY_NODE), Buffer.from(String(seconds), 'utf8'));
  }

  async setLostBookieRecoveryDelay(seconds: number): Promise<void> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 2 ** 31 - 1) throw new QuireError('INVALID_ARGUMENT', `lostBookieRecoveryDelay must be whole seconds >= 0, got ${seconds}`);
    const path = joinPath(this.base, LOST_BOOKIE_RECOVERY_DELAY_NODE);
    if (!(await createIfAbsent(this.store, path, Buffer.from(String(seconds), 'utf8')))) await this.store.set(path, Buffer.from(String(seconds), 'utf8'), ANY_VERSION);
  }

  /** METADATA_NOT_FOUND when never set (BookKeeper throws there too). */
  async getLostBookieRecoveryDelay(): Promise<number> {
    const path = joinPath(this.base, LOST_BOOKIE_RECOVERY_DELAY_NODE);
    const text = (await this.store.get(path)).data.toString('utf8').trim();
    if (!/^\d+$/.test(text)) throw new QuireError('METADATA_CORRUPT', `${path}: ${JSON.stringify(text.slice(0, 40))} is not a number of seconds`);
    return Number(text);
  }

  watchLostBookieRecoveryDelay(listener: () => void): WatchHandle {
    return this.store.watchData(joinPath(this.base, LOST_BOOKIE_RECOVERY_DELAY_NODE), () => listener());
  }

  /** Stores when a check finished (BookKeeper's setCheckAllLedgersCTime and its two siblings). */
  async setCheckCTime(check: AuditorCheck, ms: number): Promise<void> {
    const path = joinPath(this.base, AUDITOR_CHECK_CTIME_NODES[check]);
    if (!(await createIfAbsent(this.store, path, encodeCheckCTime(ms)))) await this.store.set(path, encodeCheckCTime(ms), ANY_VERSION);
  }

  /** When the check last finished (ms since the epoch), or -1 when it never did (no node, or no field). */
  async getCheckCTime(check: AuditorCheck): Promise<number> {
    const path = joinPath(this.base, AUDITOR_CHECK_CTIME_NODES[check]);
    const node = await getIfExists(this.store, path);
    return node ? decodeCheckCTime(node.data, path) : -1;
  }

  /** Releases every lock this manager holds (the marks stay). */
  async close(): Promise<void> {
    for (const id of [...this.held.keys()]) {
      try {
        await this.releaseUnderreplicatedLedger(id);
      } catch {
        // The session may be gone; its ephemeral locks are then gone with it.
      }
    }
  }
}
