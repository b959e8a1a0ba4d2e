// The ZooKeeper driver (production), on the `zookeeper` npm package (the official C client).
// Survives ZooKeeper session expiry: when the server expires the session (ephemeral nodes are then
// gone), the driver opens a new session, re-creates the ephemeral nodes this store made, re-arms
// every watch subscription and reports connected/newSession. Until then operations wait (bounded
// by opTimeoutMs) and fail METADATA_UNAVAILABLE.
//
// This file holds the session and the operations; watch subscriptions are in zookeeper-watches.ts,
// authentication and zkEnableSecurity's ACLs in zookeeper-acl.ts.
//
// The C client must not be touched after its 'close' event (it would crash), so the handle is
// dropped before anything else happens on close.
import { QuireError } from '../../../common/errors.js';
import { childLogger } from '../../../common/logger.js';
import {
  checkPath,
  isSequential,
  type CreateMode,
  type MetadataStore,
  type NodeData,
  type NodeStat,
  type SessionEvent,
  type SessionListener,
  type SessionState,
  type Unsubscribe,
  type WatchHandle,
  type WatchListener,
} from '../../metadata-store.js';
import { ZooKeeperAcl, type ZkCallback } from './zookeeper-acl.js';
import { FLAGS, rcError, toStat, ZOK, ZooKeeper, type ZkClient, type ZkStat } from './zookeeper-client.js';
import type { DigestCredentials } from './zookeeper-digest.js';
import { ZooKeeperWatches } from './zookeeper-watches.js';

const log = childLogger('metadata-zookeeper');

export interface ZooKeeperOptions {
  /** Requested session timeout (the server bounds it to 2..20 ticks). Default 10 s, as BookKeeper's zkTimeout. */
  sessionTimeoutMs?: number;
  /** How long connect() waits for the first session. Default 15 s. */
  connectTimeoutMs?: number;
  /** Bound on each operation, including waiting for a lost session to come back. Default 30 s. */
  opTimeoutMs?: number;
  /** C client log level (1 error .. 4 debug). Default 1. */
  clientLogLevel?: number;
  /** zkEnableSecurity: every node this store creates gets CREATOR_ALL_ACL. Needs digestCredentials. */
  enableSecurity?: boolean;
  /**
   * Digest identity every session authenticates as (add_auth, before any other call). Also used
   * with enableSecurity off: the store can then work on protected nodes but creates open ones.
   */
  digestCredentials?: DigestCredentials;
}

export class ZooKeeperStore implements MetadataStore {
  readonly driver = 'zookeeper' as const;
  private zk: ZkClient | undefined;
  private ready = false;
  private state: SessionState = 'disconnected';
  private closing = false;
  private readyWaiters: (() => void)[] = [];
  private readonly ephemerals = new Map<string, Buffer>();
  private readonly watches: ZooKeeperWatches;
  private readonly acl: ZooKeeperAcl;
  private readonly sessionListeners = new Set<SessionListener>();
  private readonly sessionTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly opTimeoutMs: number;
  private readonly clientLogLevel: number;
  /** Why the last openSession() gave up, when it was not a timeout (e.g. the server refused add_auth). */
  private openError: QuireError | undefined;

  private constructor(readonly location: string, options: ZooKeeperOptions) {
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.opTimeoutMs = options.opTimeoutMs ?? 30_000;
    this.clientLogLevel = options.clientLogLevel ?? 1;
    // Throws CONFIG_INVALID for zkEnableSecurity without credentials, before any session is opened.
    this.acl = new ZooKeeperAcl(
      {
        location,
        call: (zk, what, start) => this.call(zk, what, start),
        op: (what, start, afterRetry) => this.op(what, start, afterRetry),
        forgetEphemeral: (path) => this.ephemerals.delete(path),
      },
      options.enableSecurity === true,
      options.digestCredentials,
    );
    this.watches = new ZooKeeperWatches({
      client: () => this.zk,
      isReady: () => this.ready,
      isClosing: () => this.closing,
    });
  }

  /** Connects to `servers` ("host:port,host:port" or BookKeeper's "host:port;host:port"). */
  static async connect(servers: string, options: ZooKeeperOptions = {}): Promise<ZooKeeperStore> {
    const store = new ZooKeeperStore(servers.replaceAll(';', ','), options);
    const zk = await store.openSession();
    if (!zk) throw store.openError ?? new QuireError('METADATA_UNAVAILABLE', `could not connect to ZooKeeper at ${store.location} within ${store.connectTimeoutMs} ms`);
    store.becomeReady(false);
    return store;
  }

  get sessionState(): SessionState {
    return this.state;
  }

  /** ZooKeeper session id (hex) and password, e.g. for tests that expire the session. */
  get session(): { id: string; password: string } | undefined {
    return this.zk && this.ready ? { id: this.zk.client_id, password: this.zk.client_password } : undefined;
  }

  private emitSession(event: SessionEvent): void {
    this.state = event.state;
    for (const l of this.sessionListeners) {
      try {
        l(event);
      } catch (e) {
        log.error({ err: e }, 'session listener threw');
      }
    }
  }

  /**
   * Opens a new client, waits for its first 'connect' and, with credentials, for add_auth: the
   * identity belongs to the session, so every new session (after expiry too) adds it before any
   * other call. Undefined on timeout or a refused add_auth (then openError says why).
   */
  private openSession(): Promise<ZkClient | undefined> {
    this.openError = undefined;
    return new Promise((resolve) => {
      const zk = new ZooKeeper({
        connect: this.location,
        timeout: this.sessionTimeoutMs,
        debug_level: this.clientLogLevel,
        host_order_deterministic: false,
      });
      let connected = false;
      let gone = false; // after 'close' the C client must not be touched
      const timer = setTimeout(() => {
        if (connected) return;
        zk.removeAllListeners();
        zk.close();
        resolve(undefined);
      }, this.connectTimeoutMs);
      zk.on('connect', () => {
        if (!connected) {
          connected = true;
          clearTimeout(timer);
          void this.acl.authenticate(zk).then(
            () => {
              if (gone) return resolve(undefined);
              this.zk = zk;
              resolve(zk);
            },
            (e: unknown) => {
              this.openError = e instanceof QuireError ? e : new QuireError('METADATA_UNAVAILABLE', String(e));
              zk.removeAllListeners();
              if (!gone) zk.close();
              resolve(undefined);
            },
          );
          return;
        }
        if (this.zk === zk && this.ready) this.emitSession({ state: 'connected', newSession: false });
      });
      zk.on('connecting', () => {
        if (this.zk === zk && this.ready && this.state !== 'disconnected') this.emitSession({ state: 'disconnected', newSession: false });
      });
      zk.on('close', (_self: unknown, code: unknown) => {
        gone = true;
        if (this.zk !== zk) return;
        this.zk = undefined;
        this.ready = false;
        if (this.closing) return;
        log.warn({ servers: this.location, code }, 'ZooKeeper session expired; opening a new one');
        this.emitSession({ state: 'expired', newSession: false });
        setImmediate(() => void this.recover());
      });
      zk.init({});
    });
  }

  private becomeReady(newSession: boolean): void {
    this.ready = true;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
    this.emitSession({ state: 'connected', newSession });
  }

  /** After expiry: a new session, our ephemeral nodes again, every watch re-armed. */
  private async recover(): Promise<void> {
    let delay = 100;
    while (!this.closing) {
      const zk = await this.openSession();
      if (this.closing) {
        zk?.close();
        return;
      }
      if (!zk) {
        if (this.openError) log.error({ err: this.openError.message }, 'ZooKeeper session recovery: a new session was refused; retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2000);
        continue;
      }
      try {
        for (const [path, data] of [...this.ephemerals]) {
          try {
            await this.call(zk, `re-create ephemeral ${path}`, (cb) => zk.a_create(path, data, FLAGS.ephemeral, cb));
            await this.acl.protect(zk, path);
          } catch (e) {
            // Someone else holds the name now (or the parent is gone): ours is lost; say so loudly.
            log.error({ err: e, path }, 'could not re-create an ephemeral node after session expiry');
            this.ephemerals.delete(path);
          }
        }
      } catch (e) {
        log.warn({ err: e }, 'session recovery interrupted; retrying');
        continue;
      }
      if (this.zk !== zk) continue;
      this.watches.rearmAll();
      this.becomeReady(true);
      return;
    }
  }

  private async client(what: string): Promise<ZkClient> {
    if (this.closing) throw new QuireError('SHUTTING_DOWN', `ZooKeeper store ${this.location} is closed`);
    if (this.zk && this.ready) return this.zk;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(new QuireError('METADATA_UNAVAILABLE', `ZooKeeper ${what}: no session with ${this.location} within ${this.opTimeoutMs} ms`));
      }, this.opTimeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.readyWaiters.push(done);
    });
    if (!this.zk) throw new QuireError('METADATA_UNAVAILABLE', `ZooKeeper ${what}: session lost again`);
    return this.zk;
  }

  /** Runs one C-client call; maps its rc; bounded by opTimeoutMs. */
  private call<T extends unknown[]>(zk: ZkClient, what: string, start: (cb: ZkCallback<T>) => number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new QuireError('METADATA_UNAVAILABLE', `ZooKeeper ${what}: no answer from ${this.location} within ${this.opTimeoutMs} ms`));
      }, this.opTimeoutMs);
      let ret: number;
      try {
        ret = start((rc, err, ...rest) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (rc === ZOK) resolve(rest);
          else reject(rcError(rc, err, what));
        });
      } catch (e) {
        clearTimeout(timer);
        reject(new QuireError('METADATA_UNAVAILABLE', `ZooKeeper ${what}: ${(e as Error).message}`, { cause: e }));
        return;
      }
      if (typeof ret === 'number' && ret !== ZOK && !settled) {
        settled = true;
        clearTimeout(timer);
        reject(rcError(ret, 'request refused by the client', what));
      }
    });
  }

  /**
   * Runs an operation, retrying (within opTimeoutMs) when the connection is lost under it, as
   * BookKeeper's ZooKeeperClient does. `afterRetry` decides what a retried write's error means
   * (e.g. NOT_FOUND on a retried delete: the first attempt went through).
   */
  private async op<T extends unknown[]>(
    what: string,
    start: (zk: ZkClient, cb: ZkCallback<T>) => number,
    afterRetry?: (e: QuireError) => Promise<T | undefined>,
  ): Promise<T> {
    const deadline = Date.now() + this.opTimeoutMs;
    let retried = false;
    while (true) {
      const zk = await this.client(what);
      try {
        return await this.call<T>(zk, what, (cb) => start(zk, cb));
      } catch (e) {
        if (!(e instanceof QuireError)) throw e;
        if (retried && afterRetry && e.code !== 'METADATA_UNAVAILABLE') {
          const v = await afterRetry(e);
          if (v !== undefined) return v;
        }
        const lost = e.code === 'METADATA_UNAVAILABLE' && !this.closing && /\(rc (-4|-7)\)/.test(e.message);
        if (!lost || Date.now() + 200 > deadline) throw e;
        retried = true;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async get(path: string): Promise<NodeData> {
    checkPath(path);
    const [stat, data] = await this.op<[ZkStat | null, Buffer | null]>(`get ${path}`, (zk, cb) => zk.a_get(path, false, cb));
    return { data: data ? Buffer.from(data) : Buffer.alloc(0), stat: toStat(stat!) };
  }

  async exists(path: string): Promise<NodeStat | undefined> {
    checkPath(path);
    try {
      const [stat] = await this.op<[ZkStat | null]>(`exists ${path}`, (zk, cb) => zk.a_exists(path, false, cb));
      return toStat(stat!);
    } catch (e) {
      if (e instanceof QuireError && e.code === 'METADATA_NOT_FOUND') return undefined;
      throw e;
    }
  }

  async create(path: string, data: Buffer, mode: CreateMode): Promise<string> {
    checkPath(path, isSequential(mode));
    const [created] = await this.op<[string]>(`create ${path}`, (zk, cb) => zk.a_create(path, data, FLAGS[mode], cb), async (e) => {
      // A retried ephemeral create that finds our own node: the first attempt went through.
      if (e.code === 'METADATA_EXISTS' && mode === 'ephemeral' && (await this.exists(path))?.ownedByThisSession) return [path];
      return undefined;
    });
    await this.acl.protect(undefined, created);
    if (mode === 'ephemeral') this.ephemerals.set(created, Buffer.from(data));
    return created;
  }

  async set(path: string, data: Buffer, version: number): Promise<NodeStat> {
    checkPath(path);
    const [stat] = await this.op<[ZkStat | null]>(`set ${path}`, (zk, cb) => zk.a_set(path, data, version, cb));
    if (this.ephemerals.has(path)) this.ephemerals.set(path, Buffer.from(data));
    return toStat(stat!);
  }

  async delete(path: string, version: number): Promise<void> {
    checkPath(path);
    await this.op<[]>(`delete ${path}`, (zk, cb) => zk.a_delete_(path, version, cb), async (e) => (e.code === 'METADATA_NOT_FOUND' ? [] : undefined));
    this.ephemerals.delete(path);
  }

  async getChildren(path: string): Promise<string[]> {
    checkPath(path);
    const [children] = await this.op<[string[]]>(`getChildren ${path}`, (zk, cb) => zk.a_get_children(path, false, cb));
    return children ?? [];
  }

  /** The node's ACL (as the server holds it), e.g. for checks and tests. */
  getAcl(path: string): Promise<{ perms: number; scheme: string; id: string }[]> {
    return this.acl.getAcl(path);
  }

  watchData(path: string, listener: WatchListener): WatchHandle {
    return this.watches.subscribe(path, 'data', listener);
  }

  watchChildren(path: string, listener: WatchListener): WatchHandle {
    return this.watches.subscribe(path, 'children', listener);
  }

  onSession(listener: SessionListener): Unsubscribe {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.watches.close();
    const zk = this.zk;
    this.zk = undefined;
    this.ready = false;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
    if (zk) {
      zk.close();
      zk.removeAllListeners();
    }
    this.emitSession({ state: 'closed', newSession: false });
    this.sessionListeners.clear();
  }
}

