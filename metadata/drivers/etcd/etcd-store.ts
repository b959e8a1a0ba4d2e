// The etcd driver (etcd v3 API through the `etcd3` npm client): the same ZooKeeper-shaped tree as
// the other drivers, laid out as etcd-keys.ts describes, so BookKeeper's layout code above it is
// reused unchanged. Every write is one etcd transaction that compares the mod revisions it read,
// so concurrent writers behave as ZooKeeper's versioned writes do (retried on a lost compare).
//
// This file holds the operations; sessions (etcd leases, their loss and recovery) are in
// etcd-session.ts, watch subscriptions in etcd-watches.ts.
import { Etcd3, type IKeyValue, type IRequestOp, type ITxnRequest, type ITxnResponse } from 'etcd3';
import { noop } from 'cockatiel';
import { QuireError, isQuireError } from '../../../common/errors.js';
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
  type WatchHandle,
  type WatchListener,
} from '../../metadata-store.js';
import { childrenPrefix, decodeMeta, encodeMeta, metaKey, nodeKey, prefixEnd, type NodeMeta } from './etcd-keys.js';
import { EtcdSession } from './etcd-session.js';
import { EtcdWatches } from './etcd-watches.js';

const log = childLogger('metadata-etcd');

export interface EtcdOptions {
  /** Lease TTL (etcd counts whole seconds, rounded up). Default 10 s, as BookKeeper's zkTimeout. */
  sessionTimeoutMs?: number;
  /** How long connect() waits for the first lease. Default 15 s. */
  connectTimeoutMs?: number;
  /** Bound on each operation, including retries and waiting for a lost session to come back. Default 30 s. */
  opTimeoutMs?: number;
  /** Deadline of each gRPC call to etcd. Default 5 s. */
  requestTimeoutMs?: number;
  /** Open watch subscriptions allowed at once. Default 10 000. */
  maxWatches?: number;
}

/** A lost compare: read again and retry. */
const AGAIN = Symbol('again');
/** Bound on compare-and-retry rounds of one operation (contention, not connectivity). */
const MAX_ROUNDS = 1000;

interface NodeRead {
  readonly node: IKeyValue | undefined;
  readonly meta: IKeyValue | undefined;
  readonly children: IKeyValue[];
  readonly numChildren: number;
}

const range = (key: string): IRequestOp => ({ request_range: { key: Buffer.from(key) } });

export class EtcdStore implements MetadataStore {
  readonly driver = 'etcd' as const;
  private readonly client: Etcd3;
  private readonly watches: EtcdWatches;
  private readonly etcdSession: EtcdSession;
  private readonly ephemerals = new Map<string, Buffer>();
  /** Per parent, the last sequential create of this store in flight (see create). */
  private readonly sequentialTails = new Map<string, Promise<unknown>>();
  private readonly connectTimeoutMs: number;
  private readonly opTimeoutMs: number;

  private constructor(
    readonly location: string,
    endpoints: string[],
    options: EtcdOptions,
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.opTimeoutMs = options.opTimeoutMs ?? 30_000;
    const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.client = new Etcd3({
      hosts: endpoints,
      dialTimeout: requestTimeoutMs,
      // Streams (watch, keep-alive) live long; unary calls get a deadline.
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
      // No client-side retries or circuit breaker: this driver retries itself, knowing which
      // writes are safe to repeat (a breaker would also hold calls back after etcd returns).
      faultHandling: { host: () => noop, global: noop },
    });
    this.watches = new EtcdWatches(this.client, options.maxWatches ?? 10_000);
    this.etcdSession = new EtcdSession(this.client, location, options.sessionTimeoutMs ?? 10_000, this.opTimeoutMs, {
      recreateEphemerals: () => this.recreateEphemerals(),
      nudgeWatches: () => this.watches.nudgeAll(),
    });
  }

  /** Connects to etcd at `endpoints` (["http://host:2379", ...]) and opens a session (a lease). */
  static async connect(endpoints: string[], options: EtcdOptions = {}): Promise<EtcdStore> {
    const store = new EtcdStore(endpoints.join(','), endpoints, options);
    const deadline = Date.now() + store.connectTimeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        await store.etcdSession.open();
        const lease = store.etcdSession.lease;
        await store.ensureRoot();
        if (store.etcdSession.lease !== lease) throw new Error('lease lost while connecting');
        store.etcdSession.becomeReady(false);
        return store;
      } catch (e) {
        lastError = e;
        store.etcdSession.drop();
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // No lease is held (dropped above): this only marks the session closed.
    await store.etcdSession.close();
    store.client.close();
    throw new QuireError('METADATA_UNAVAILABLE', `could not open an etcd session at ${store.location} within ${store.connectTimeoutMs} ms: ${String(lastError)}`, { cause: lastError });
  }

  get sessionState(): SessionState {
    return this.etcdSession.state;
  }

  /** The current lease (the session id), e.g. for tests that revoke it. */
  get session(): { leaseId: string; ttlSeconds: number } | undefined {
    return this.etcdSession.ready ? { leaseId: this.etcdSession.leaseId, ttlSeconds: this.etcdSession.ttlSeconds } : undefined;
  }

  /** Recovery, under a new lease: this store's ephemeral nodes again. */
  private async recreateEphemerals(): Promise<void> {
    const lease = this.etcdSession.lease;
    for (const [path, data] of [...this.ephemerals]) {
      try {
        await this.createNode(path, data, 'ephemeral', false);
      } catch (e) {
        // The new lease went too: start over (the node is still ours to re-create).
        if (this.etcdSession.lease !== lease) break;
        // Someone else holds the name now (or the parent is gone): ours is lost; say so loudly.
        log.error({ err: e, path }, 'could not re-create an ephemeral node after the lease was lost');
        this.ephemerals.delete(path);
      }
    }
  }

  private async txn(what: string, req: ITxnRequest): Promise<ITxnResponse> {
    try {
      return await this.client.kv.txn(req);
    } catch (e) {
      throw new QuireError('METADATA_UNAVAILABLE', `etcd ${what} at ${this.location}: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Runs one operation: `attempt` returns AGAIN when its compare lost (re-read, retry at once);
   * an unreachable etcd is retried every 200 ms within opTimeoutMs. `retried` tells the attempt
   * that an earlier one may have gone through without an answer.
   */
  private async op<T>(what: string, attempt: (retried: boolean) => Promise<T | typeof AGAIN>, needsSession = true): Promise<T> {
    const deadline = Date.now() + this.opTimeoutMs;
    let retried = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (needsSession) await this.etcdSession.awaitSession(what);
      else if (this.etcdSession.closing) throw new QuireError('SHUTTING_DOWN', `etcd store ${this.location} is closed`);
      // Recovery's own writes: a lease lost meanwhile means start the recovery over, not wait.
      else if (!this.etcdSession.lease) throw new QuireError('METADATA_UNAVAILABLE', `etcd ${what}: the new lease was lost too`);
      try {
        const r = await attempt(retried);
        if (r !== AGAIN) return r;
      } catch (e) {
        if (!isQuireError(e, 'METADATA_UNAVAILABLE') || this.etcdSession.closing || Date.now() + 200 > deadline) throw e;
        retried = true;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new QuireError('METADATA_UNAVAILABLE', `etcd ${what}: still contended after ${MAX_ROUNDS} compare-and-set rounds`);
  }

  /** The node, its bookkeeping and (optionally) its children's keys, from one etcd revision. */
  private async read(path: string, children: 'none' | 'count' | 'keys'): Promise<NodeRead> {
    const ops = [range(nodeKey(path)), range(metaKey(path))];
    const prefix = childrenPrefix(path);
    if (children !== 'none') ops.push({ request_range: { key: Buffer.from(prefix), range_end: prefixEnd(prefix), count_only: children === 'count', keys_only: true } });
    const r = await this.txn(`read ${path}`, { success: ops });
    const kids = r.responses[2]?.response_range;
    return {
      node: r.responses[0]?.response_range.kvs[0],
      meta: r.responses[1]?.response_range.kvs[0],
      children: kids?.kvs ?? [],
      numChildren: kids ? Number(kids.count) : 0,
    };
  }

  private metaOf(path: string, read: NodeRead): NodeMeta {
    if (!read.meta) throw new QuireError('METADATA_CORRUPT', `etcd: node ${path} has no bookkeeping key ${metaKey(path)}`);
    return decodeMeta(path, read.meta.value);
  }

  private toStat(path: string, read: NodeRead & { node: IKeyValue }): NodeStat {
    const m = this.metaOf(path, read);
    return {
      version: Number(read.node.version) - 1,
      cversion: m.cversion,
      ctime: m.ctime,
      mtime: m.mtime,
      ephemeral: read.node.lease !== '0',
      ownedByThisSession: read.node.lease !== '0' && read.node.lease === this.etcdSession.leaseId,
      numChildren: read.numChildren,
    };
  }

  /** The root node exists from the start, as in ZooKeeper. */
  private async ensureRoot(): Promise<void> {
    const now = Date.now();
    await this.txn('create /', {
      compare: [{ key: Buffer.from(nodeKey('/')), target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [
        { request_put: { key: Buffer.from(nodeKey('/')), value: Buffer.alloc(0) } },
        { request_put: { key: Buffer.from(metaKey('/')), value: encodeMeta({ cversion: 0, ctime: now, mtime: now }) } },
      ],
    });
  }

  async get(path: string): Promise<NodeData> {
    checkPath(path);
    const r = await this.op(`get ${path}`, () => this.read(path, 'count'));
    if (!r.node) throw new QuireError('METADATA_NOT_FOUND', `etcd get ${path}: no such node`);
    return { data: Buffer.from(r.node.value), stat: this.toStat(path, { ...r, node: r.node }) };
  }

  async exists(path: string): Promise<NodeStat | undefined> {
    checkPath(path);
    const r = await this.op(`exists ${path}`, () => this.read(path, 'count'));
    return r.node ? this.toStat(path, { ...r, node: r.node }) : undefined;
  }

  async create(path: string, data: Buffer, mode: CreateMode): Promise<string> {
    checkPath(path, isSequential(mode));
    const created = isSequential(mode) ? await this.oneAtATime(parentOf(path), () => this.createNode(path, data, mode, true)) : await this.createNode(path, data, mode, true);
    if (mode === 'ephemeral') this.ephemerals.set(created, Buffer.from(data));
    return created;
  }

  /**
   * Sequential creates under one parent all race for its counter, and all but one lose each
   * compare; from one store they go one at a time instead (other stores still race through the
   * compare). The wait is bounded by the creates ahead, each bounded by opTimeoutMs.
   */
  private oneAtATime<T>(parent: string, run: () => Promise<T>): Promise<T> {
    const prev = this.sequentialTails.get(parent) ?? Promise.resolve();
    const mine = prev.then(run, run);
    const tail = mine.catch(() => undefined);
    this.sequentialTails.set(parent, tail);
    void tail.then(() => {
      if (this.sequentialTails.get(parent) === tail) this.sequentialTails.delete(parent);
    });
    return mine;
  }

  private createNode(path: string, data: Buffer, mode: CreateMode, needsSession: boolean): Promise<string> {
    const parent = parentOf(path);
    const ephemeral = isEphemeral(mode);
    return this.op(
      `create ${path}`,
      async (retried) => {
        const leaseId = this.etcdSession.leaseId;
        const p = await this.read(parent, 'none');
        if (!p.node) throw new QuireError('METADATA_NOT_FOUND', `etcd create ${path}: parent ${parent} does not exist`);
        if (p.node.lease !== '0') throw new QuireError('INVALID_ARGUMENT', `etcd create ${path}: ${parent} is ephemeral and cannot have children`);
        const pm = this.metaOf(parent, p);
        const name = isSequential(mode) ? `${path}${sequenceSuffix(pm.cversion)}` : path;
        const now = Date.now();
        const lease = ephemeral ? leaseId : '0';
        const r = await this.txn(`create ${name}`, {
          // The parent's bookkeeping unchanged (so the sequence number is ours and the parent is
          // still there) and no node of that name.
          compare: [
            { key: Buffer.from(metaKey(parent)), target: 'Mod', result: 'Equal', mod_revision: p.meta!.mod_revision },
            { key: Buffer.from(nodeKey(name)), target: 'Create', result: 'Equal', create_revision: 0 },
          ],
          success: [
            { request_put: { key: Buffer.from(nodeKey(name)), value: data, lease } },
            { request_put: { key: Buffer.from(metaKey(name)), value: encodeMeta({ cversion: 0, ctime: now, mtime: now }), lease } },
            { request_put: { key: Buffer.from(metaKey(parent)), value: encodeMeta({ ...pm, cversion: pm.cversion + 1 }) } },
          ],
          failure: [range(nodeKey(name)), range(metaKey(parent))],
        });
        if (r.succeeded) return name;
        const existing = r.responses[0]?.response_range.kvs[0];
        // A sequential name taken by a concurrent create that moved the counter on: take the next.
        const parentMoved = r.responses[1]?.response_range.kvs[0]?.mod_revision !== p.meta!.mod_revision;
        if (existing && !(isSequential(mode) && parentMoved)) {
          // A retried ephemeral create that finds our own node: the first attempt went through.
          if (retried && mode === 'ephemeral' && existing.lease === leaseId) return name;
          throw new QuireError('METADATA_EXISTS', `etcd create ${name}: node exists`);
        }
        return AGAIN;
      },
      needsSession,
    );
  }

  async set(path: string, data: Buffer, version: number): Promise<NodeStat> {
    checkPath(path);
    const stat = await this.op(`set ${path}`, async () => {
      const r = await this.read(path, 'count');
      if (!r.node) throw new QuireError('METADATA_NOT_FOUND', `etcd set ${path}: no such node`);
      const before = this.toStat(path, { ...r, node: r.node });
      if (version !== ANY_VERSION && version !== before.version) {
        throw new QuireError('METADATA_VERSION_CONFLICT', `etcd set ${path}: version ${version} expected, node is at ${before.version}`);
      }
      const now = Date.now();
      // An ephemeral node keeps its owner's lease.
      const lease = r.node.lease;
      const t = await this.txn(`set ${path}`, {
        compare: [
          { key: Buffer.from(nodeKey(path)), target: 'Mod', result: 'Equal', mod_revision: r.node.mod_revision },
          { key: Buffer.from(metaKey(path)), target: 'Mod', result: 'Equal', mod_revision: r.meta!.mod_revision },
        ],
        success: [
          { request_put: { key: Buffer.from(nodeKey(path)), value: data, lease } },
          { request_put: { key: Buffer.from(metaKey(path)), value: encodeMeta({ cversion: before.cversion, ctime: before.ctime, mtime: now }), lease } },
        ],
      });
      return t.succeeded ? { ...before, version: before.version + 1, mtime: now } : AGAIN;
    });
    if (this.ephemerals.has(path)) this.ephemerals.set(path, Buffer.from(data));
    return stat;
  }

  async delete(path: string, version: number): Promise<void> {
    checkPath(path);
    if (path === '/') throw new QuireError('INVALID_ARGUMENT', 'etcd delete /: the root cannot be deleted');
    await this.op(`delete ${path}`, async (retried) => {
      const r = await this.read(path, 'count');
      if (!r.node) {
        // A retried delete that finds nothing: the first attempt went through.
        if (retried) return undefined;
        throw new QuireError('METADATA_NOT_FOUND', `etcd delete ${path}: no such node`);
      }
      const st = this.toStat(path, { ...r, node: r.node });
      if (version !== ANY_VERSION && version !== st.version) {
        throw new QuireError('METADATA_VERSION_CONFLICT', `etcd delete ${path}: version ${version} expected, node is at ${st.version}`);
      }
      if (st.numChildren > 0) throw new QuireError('INVALID_ARGUMENT', `etcd delete ${path}: node has ${st.numChildren} children`);
      // An unchanged bookkeeping key means no child was created since the count.
      const t = await this.txn(`delete ${path}`, {
        compare: [
          { key: Buffer.from(nodeKey(path)), target: 'Mod', result: 'Equal', mod_revision: r.node.mod_revision },
          { key: Buffer.from(metaKey(path)), target: 'Mod', result: 'Equal', mod_revision: r.meta!.mod_revision },
        ],
        success: [{ request_delete_range: { key: Buffer.from(nodeKey(path)) } }, { request_delete_range: { key: Buffer.from(metaKey(path)) } }],
      });
      return t.succeeded ? undefined : AGAIN;
    });
    this.ephemerals.delete(path);
  }

  async getChildren(path: string): Promise<string[]> {
    checkPath(path);
    const r = await this.op(`getChildren ${path}`, () => this.read(path, 'keys'));
    if (!r.node) throw new QuireError('METADATA_NOT_FOUND', `etcd getChildren ${path}: no such node`);
    const prefixLength = Buffer.byteLength(childrenPrefix(path));
    return r.children.map((kv) => kv.key.subarray(prefixLength).toString('utf8'));
  }

  watchData(path: string, listener: WatchListener): WatchHandle {
    checkPath(path);
    if (this.etcdSession.closing) throw new QuireError('SHUTTING_DOWN', `etcd store ${this.location} is closed`);
    return this.watches.subscribe(path, 'data', listener);
  }

  watchChildren(path: string, listener: WatchListener): WatchHandle {
    checkPath(path);
    if (this.etcdSession.closing) throw new QuireError('SHUTTING_DOWN', `etcd store ${this.location} is closed`);
    return this.watches.subscribe(path, 'children', listener);
  }

  onSession(listener: SessionListener): Unsubscribe {
    return this.etcdSession.onSession(listener);
  }

  async close(): Promise<void> {
    if (this.etcdSession.closing) return;
    this.watches.close();
    await this.etcdSession.close();
    this.client.close();
    this.etcdSession.announceClosed();
  }
}
