// The embedded metadata store: ZooKeeper's node semantics in-process, durable in one directory,
// for a single machine with no server. One EmbeddedDatabase per directory per process is shared
// by every session (EmbeddedStore) opened on it, so a local cluster (3 bookies + gateway in one
// process) sees one tree, and each session owns its ephemeral nodes.
//
// Durability: each mutation appends records (mutation-log.ts) to <dir>/log; a group commit writes
// all pending records and fdatasyncs once; a caller's promise resolves, and watchers hear of the
// change, only after that. Reads return only once everything they could have seen is durable.
// When the log passes compactBytes, the persistent tree is written to <dir>/snapshot (tmp file,
// fsync, rename, fsync dir) and the log restarts. Ephemeral nodes are never written (they do not
// survive a restart), but the parent's child counter they bump is, so sequential ids never repeat.
// An fsync failure poisons the database: every later call fails METADATA_UNAVAILABLE.
// A LOCK file holding the pid keeps a second process out of the directory.
import { mkdirSync, readFileSync, writeFileSync, existsSync, unlinkSync, openSync, closeSync, fsyncSync, ftruncateSync, realpathSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeFileAtomic, writeFileSynced } from '../../../common/durable-file.js';
import { QuireError } from '../../../common/errors.js';
import { childLogger } from '../../../common/logger.js';
import {
  ANY_VERSION,
  checkPath,
  isEphemeral,
  isSequential,
  parentOf,
  sequenceSuffix,
  type CreateMode,
  type MetadataStore,
  type NodeData,
  type NodeStat,
  type SessionListener,
  type SessionState,
  type Unsubscribe,
  type WatchEvent,
  type WatchHandle,
  watchHandle,
  type WatchListener,
} from '../../metadata-store.js';
import { LOG_MAGIC, decodeLog, encodeRecord, type LogRecord, type PersistedNode } from './mutation-log.js';

const log = childLogger('metadata-embedded');

interface Node {
  data: Buffer;
  version: number;
  cversion: number;
  ctime: number;
  mtime: number;
  /** 0 for persistent nodes, else the owning session's id. */
  owner: number;
  children: Set<string>;
}

interface Watch {
  readonly session: EmbeddedStore;
  readonly path: string;
  readonly kind: 'data' | 'children';
  readonly listener: WatchListener;
}

export interface EmbeddedOptions {
  /** Log size that triggers a snapshot (default 4 MiB). */
  compactBytes?: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const databases = new Map<string, Promise<EmbeddedDatabase>>();

class EmbeddedDatabase {
  readonly nodes = new Map<string, Node>();
  readonly watches = new Set<Watch>();
  private logFile!: FileHandle;
  private logBytes = 0;
  private pending: Buffer[] = [];
  private pendingWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  /** Sequence of the last record appended (in memory) and the last one made durable. */
  private appendedSeq = 0;
  private durableSeq = 0;
  private failure: QuireError | undefined;
  private nextSessionId = 1;
  refs = 0;
  private closed = false;

  private constructor(readonly dir: string, private readonly compactBytes: number) {}

  static async open(dir: string, options: EmbeddedOptions): Promise<EmbeddedDatabase> {
    mkdirSync(dir, { recursive: true });
    const real = realpathSync(dir);
    let opening = databases.get(real);
    if (!opening) {
      const db = new EmbeddedDatabase(real, options.compactBytes ?? 4 * 1024 * 1024);
      opening = db.load().then(() => db);
      databases.set(real, opening);
      opening.catch(() => databases.delete(real));
    }
    const db = await opening;
    db.refs++;
    return db;
  }

  private lockPath(): string {
    return join(this.dir, 'LOCK');
  }

  private takeLock(): void {
    const p = this.lockPath();
    if (existsSync(p)) {
      const pid = Number(readFileSync(p, 'utf8').trim());
      if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) {
        throw new QuireError('METADATA_UNAVAILABLE', `embedded metadata store ${this.dir} is in use by process ${pid} (only one process may open it)`);
      }
    }
    writeFileSync(p, String(process.pid));
  }

  private async load(): Promise<void> {
    this.takeLock();
    const root: Node = { data: Buffer.alloc(0), version: 0, cversion: 0, ctime: 0, mtime: 0, owner: 0, children: new Set() };
    this.nodes.set('/', root);
    const snapPath = join(this.dir, 'snapshot');
    const logPath = join(this.dir, 'log');
    if (existsSync(snapPath)) {
      const snap = decodeLog(readFileSync(snapPath), snapPath);
      if (snap.tornTail) throw new QuireError('METADATA_CORRUPT', `${snapPath}: truncated or damaged at offset ${snap.validLength} (snapshots are written atomically, so this is damage, not a crash)`);
      for (const r of snap.records) this.apply(r);
    }
    if (existsSync(logPath)) {
      const bytes = readFileSync(logPath);
      const decoded = decodeLog(bytes, logPath);
      for (const r of decoded.records) this.apply(r);
      if (decoded.tornTail) {
        // The write was cut by a crash before its fsync returned, so nobody was told it happened.
        log.warn({ file: logPath, validLength: decoded.validLength, size: bytes.length }, 'dropping a torn record at the end of the metadata log');
        const fd = openSync(logPath, 'r+');
        try {
          ftruncateSync(fd, Math.max(decoded.validLength, 0));
          if (decoded.validLength === 0) writeFileSync(fd, LOG_MAGIC);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    } else {
      await writeFileSynced(logPath, LOG_MAGIC);
      await fsyncDir(this.dir);
    }
    for (const path of this.nodes.keys()) {
      if (path === '/') continue;
      const parent = this.nodes.get(parentOf(path));
      if (!parent) throw new QuireError('METADATA_CORRUPT', `embedded metadata store ${this.dir}: node ${path} has no parent`);
      parent.children.add(path.slice(path.lastIndexOf('/') + 1));
    }
    this.logFile = await open(logPath, 'a');
    this.logBytes = (await this.logFile.stat()).size;
  }

  private apply(r: LogRecord): void {
    if (r.type === 'delete') {
      this.nodes.delete(r.path);
      return;
    }
    this.nodes.set(r.path, { ...r.node, owner: 0, children: new Set() });
  }

  newSessionId(): number {
    return this.nextSessionId++;
  }

  check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new QuireError('SHUTTING_DOWN', `embedded metadata store ${this.dir} is closed`);
  }

  /** Queues records of persistent state; returns the sequence to wait for. */
  append(records: LogRecord[]): number {
    for (const r of records) this.pending.push(encodeRecord(r));
    this.appendedSeq++;
    return this.appendedSeq;
  }

  persisted(n: Node): PersistedNode {
    return { data: n.data, version: n.version, cversion: n.cversion, ctime: n.ctime, mtime: n.mtime };
  }

  /** Resolves once every record appended up to `seq` is durable. */
  async durable(seq: number = this.appendedSeq): Promise<void> {
    while (this.durableSeq < seq) {
      if (this.failure) throw this.failure;
      if (!this.flushing) this.flushing = this.flush().finally(() => (this.flushing = undefined));
      await this.flushing;
    }
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    const upTo = this.appendedSeq;
    this.pending = [];
    if (batch.length > 0) {
      const bytes = Buffer.concat(batch);
      try {
        await this.logFile.write(bytes, 0, bytes.length);
        await this.logFile.datasync();
      } catch (e) {
        this.failure = new QuireError('METADATA_UNAVAILABLE', `embedded metadata store ${this.dir}: log write/fsync failed; refusing further operations: ${(e as Error).message}`, { cause: e });
        log.error({ err: e, dir: this.dir }, 'metadata log write failed');
        throw this.failure;
      }
      this.logBytes += bytes.length;
    }
    this.durableSeq = Math.max(this.durableSeq, upTo);
    if (this.logBytes > this.compactBytes && this.pending.length === 0) await this.compact();
  }

  private async compact(): Promise<void> {
    const parts: Buffer[] = [LOG_MAGIC];
    for (const [path, n] of this.nodes) {
      if (n.owner === 0) parts.push(encodeRecord({ type: 'set', path, node: this.persisted(n) }));
    }
    await writeFileAtomic(join(this.dir, 'snapshot'), Buffer.concat(parts));
    await writeFileAtomic(join(this.dir, 'log'), LOG_MAGIC);
    await this.logFile.close();
    this.logFile = await open(join(this.dir, 'log'), 'a');
    this.logBytes = LOG_MAGIC.length;
  }

  /** Delivers events after `seq` is durable, outside the caller's stack. */
  notify(events: WatchEvent[]): void {
    if (events.length === 0) return;
    const targets: [Watch, WatchEvent][] = [];
    for (const ev of events) {
      for (const w of this.watches) {
        const hit =
          w.path === ev.path && ((w.kind === 'data' && ev.type !== 'children') || (w.kind === 'children' && (ev.type === 'children' || ev.type === 'created' || ev.type === 'deleted')));
        if (hit) targets.push([w, ev]);
      }
    }
    setImmediate(() => {
      for (const [w, ev] of targets) {
        if (!this.watches.has(w)) continue;
        try {
          w.listener(ev);
        } catch (e) {
          log.error({ err: e, path: ev.path }, 'metadata watch listener threw');
        }
      }
    });
  }

  async release(): Promise<void> {
    this.refs--;
    if (this.refs > 0) return;
    try {
      await this.durable();
    } catch {
      // already reported
    }
    this.closed = true;
    databases.delete(this.dir);
    await this.logFile.close();
    try {
      if (Number(readFileSync(this.lockPath(), 'utf8').trim()) === process.pid) unlinkSync(this.lockPath());
    } catch {
      // lock already gone
    }
  }
}

/** A session on an embedded database: the MetadataStore the rest of Quire uses. */
export class EmbeddedStore implements MetadataStore {
  readonly driver = 'embedded' as const;
  readonly location: string;
  private state: SessionState = 'connected';
  private readonly sessionId: number;
  private readonly sessionListeners = new Set<SessionListener>();

  private constructor(private readonly db: EmbeddedDatabase) {
    this.location = db.dir;
    this.sessionId = db.newSessionId();
  }

  static async open(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedStore> {
    return new EmbeddedStore(await EmbeddedDatabase.open(dir, options));
  }

  get sessionState(): SessionState {
    return this.state;
  }

  private check(): void {
    if (this.state === 'closed') throw new QuireError('SHUTTING_DOWN', 'metadata session is closed');
    this.db.check();
  }

  private node(path: string): Node {
    const n = this.db.nodes.get(path);
    if (!n) throw new QuireError('METADATA_NOT_FOUND', `no metadata node ${path}`);
    return n;
  }

  private stat(n: Node): NodeStat {
    return { version: n.version, cversion: n.cversion, ctime: n.ctime, mtime: n.mtime, ephemeral: n.owner !== 0, ownedByThisSession: n.owner === this.sessionId, numChildren: n.children.size };
  }

  async get(path: string): Promise<NodeData> {
    checkPath(path);
    this.check();
    const n = this.node(path);
    const result = { data: Buffer.from(n.data), stat: this.stat(n) };
    await this.db.durable();
    return result;
  }

  async exists(path: string): Promise<NodeStat | undefined> {
    checkPath(path);
    this.check();
    const n = this.db.nodes.get(path);
    const result = n ? this.stat(n) : undefined;
    await this.db.durable();
    return result;
  }

  async getChildren(path: string): Promise<string[]> {
    checkPath(path);
    this.check();
    const result = [...this.node(path).children];
    await this.db.durable();
    return result;
  }

  async create(path: string, data: Buffer, mode: CreateMode): Promise<string> {
    checkPath(path, isSequential(mode));
    this.check();
    if (path === '/') throw new QuireError('METADATA_EXISTS', 'the root node always exists');
    const parentPath = parentOf(path);
    const parent = this.db.nodes.get(parentPath);
    if (!parent) throw new QuireError('METADATA_NOT_FOUND', `cannot create ${path}: parent ${parentPath} does not exist`);
    if (parent.owner !== 0) throw new QuireError('INVALID_ARGUMENT', `cannot create ${path}: parent ${parentPath} is ephemeral`);
    const actual = isSequential(mode) ? path + sequenceSuffix(parent.cversion) : path;
    if (this.db.nodes.has(actual)) throw new QuireError('METADATA_EXISTS', `metadata node ${actual} already exists`);
    const now = Date.now();
    const node: Node = { data: Buffer.from(data), version: 0, cversion: 0, ctime: now, mtime: now, owner: isEphemeral(mode) ? this.sessionId : 0, children: new Set() };
    this.db.nodes.set(actual, node);
    parent.cversion++;
    const name = actual.slice(actual.lastIndexOf('/') + 1);
    parent.children.add(name);
    const records: LogRecord[] = [{ type: 'set', path: parentPath, node: this.db.persisted(parent) }];
    if (node.owner === 0) records.push({ type: 'set', path: actual, node: this.db.persisted(node) });
    const seq = this.db.append(records);
    await this.db.durable(seq);
    this.db.notify([{ type: 'created', path: actual }, { type: 'children', path: parentPath }]);
    return actual;
  }

  async set(path: string, data: Buffer, version: number): Promise<NodeStat> {
    checkPath(path);
    this.check();
    const n = this.node(path);
    if (version !== ANY_VERSION && version !== n.version) {
      throw new QuireError('METADATA_VERSION_CONFLICT', `metadata node ${path} is at version ${n.version}, expected ${version}`);
    }
    n.data = Buffer.from(data);
    n.version++;
    n.mtime = Date.now();
    const seq = n.owner === 0 ? this.db.append([{ type: 'set', path, node: this.db.persisted(n) }]) : undefined;
    const stat = this.stat(n);
    await this.db.durable(seq);
    this.db.notify([{ type: 'changed', path }]);
    return stat;
  }

  async delete(path: string, version: number): Promise<void> {
    checkPath(path);
    this.check();
    if (path === '/') throw new QuireError('INVALID_ARGUMENT', 'the root node cannot be deleted');
    const n = this.node(path);
    if (version !== ANY_VERSION && version !== n.version) {
      throw new QuireError('METADATA_VERSION_CONFLICT', `metadata node ${path} is at version ${n.version}, expected ${version}`);
    }
    if (n.children.size > 0) throw new QuireError('INVALID_ARGUMENT', `metadata node ${path} has ${n.children.size} children; delete them first`);
    await this.removeNode(path, n);
  }

  private async removeNode(path: string, n: Node): Promise<void> {
    const parentPath = parentOf(path);
    this.db.nodes.delete(path);
    this.db.nodes.get(parentPath)?.children.delete(path.slice(path.lastIndexOf('/') + 1));
    const seq = n.owner === 0 ? this.db.append([{ type: 'delete', path }]) : undefined;
    await this.db.durable(seq);
    this.db.notify([{ type: 'deleted', path }, { type: 'children', path: parentPath }]);
  }

  private watch(path: string, kind: 'data' | 'children', listener: WatchListener): WatchHandle {
    checkPath(path);
    const w: Watch = { session: this, path, kind, listener };
    this.db.watches.add(w);
    return watchHandle(() => void this.db.watches.delete(w), Promise.resolve());
  }

  watchData(path: string, listener: WatchListener): WatchHandle {
    return this.watch(path, 'data', listener);
  }

  watchChildren(path: string, listener: WatchListener): WatchHandle {
    return this.watch(path, 'children', listener);
  }

  onSession(listener: SessionListener): Unsubscribe {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const w of [...this.db.watches]) if (w.session === this) this.db.watches.delete(w);
    const mine = [...this.db.nodes].filter(([, n]) => n.owner === this.sessionId).map(([p]) => p);
    for (const p of mine) {
      const n = this.db.nodes.get(p);
      if (n) await this.removeNode(p, n).catch(() => undefined);
    }
    for (const l of this.sessionListeners) {
      try {
        l({ state: 'closed', newSession: false });
      } catch {
        // listeners must not stop close
      }
    }
    this.sessionListeners.clear();
    await this.db.release();
  }
}

/** Test hook: how many embedded databases are open in this process. */
export function openEmbeddedDatabases(): number {
  return databases.size;
}
